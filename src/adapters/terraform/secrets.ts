import type { Loc } from '../../core/location.js';
import type { SecretProvenance } from '../../model/deployment.js';
import { isSecretName } from '../../model/secrets.js';
import {
  asString,
  deepMarks,
  EvaluatedBody,
  type ModuleInstance,
  type RawBody,
  type TfValue,
} from '../../evaluate/terraform/index.js';
import type { AdaptContext } from '../context.js';

/** Data sources and ephemeral resources that read from a secret store. */
const STORE_TYPES =
  /^(vault_|aws_secretsmanager_|aws_ssm_parameter|azurerm_key_vault_secret|google_secret_manager_|hcp_vault_secrets_|onepassword_|doppler_|infisical_|akeyless_|bitwarden_|conjur_|keeper_)/;

function storeSource(dep: string): boolean {
  const m = /(?:^|\.)(data|ephemeral)\.([a-z0-9_]+)\.[^.]+$/.exec(dep);
  return !!m?.[2] && STORE_TYPES.test(m[2]);
}

function generatedSource(dep: string): boolean {
  return (
    /(?:^|\.)(?:ephemeral\.)?random_(password|string|bytes)\.[^.]+$/.test(dep) ||
    /(?:^|\.)(?:ephemeral\.)?aws_secretsmanager_random_password\./.test(dep)
  );
}

/** A source address is a secret by nature: a secret store read or a generated password. */
export function isSecretSource(dep: string): boolean {
  return storeSource(dep) || generatedSource(dep);
}

/** Where a secret value comes from, judged from the sources it is derived from. */
export function provenanceOf(v: TfValue): SecretProvenance {
  const deps = deepMarks(v).deps ?? [];
  const loc = v.loc;
  const withLoc = (p: SecretProvenance): SecretProvenance => (loc ? { ...p, loc } : p);
  const store = deps.find(storeSource);
  if (store) return withLoc({ kind: 'secret-store', source: store });
  const generated = deps.find(generatedSource);
  if (generated) return withLoc({ kind: 'generated', source: generated });
  const variable = deps.find((d) => /(?:^|\.)var\.[^.]+$/.test(d));
  if (variable) return withLoc({ kind: 'variable', source: variable });
  const remote = deps.find((d) => /(?:^|\.)module\.[^.]+$/.test(d));
  if (remote && v.kind === 'unknown') return withLoc({ kind: 'remote-module', source: remote });
  if (v.kind !== 'unknown' && !deps.length) return withLoc({ kind: 'literal' });
  return withLoc({ kind: 'unknown' });
}

/** Registers a secret so that no output prints it; its span is masked in code frames. */
export function registerSecretValue(ctx: AdaptContext, value: string | undefined, loc: Loc | undefined): void {
  if (value === undefined || value === '') return;
  ctx.secrets.add(value, loc && !loc.live ? loc : undefined);
}

/** Every string inside a value that is sensitive or comes from a secret place. */
export function registerDeep(ctx: AdaptContext, v: TfValue): void {
  if (v.kind === 'string') registerSecretValue(ctx, v.value, v.literal ? v.loc : undefined);
  else if (v.kind === 'list') for (const i of v.items) registerDeep(ctx, i);
  else if (v.kind === 'object') for (const i of v.attrs.values()) registerDeep(ctx, i);
}

/** NFS/CIFS volume options carry credentials: `o = "addr=…,username=u,password=p"`. */
function registerMountPasswords(ctx: AdaptContext, v: TfValue | undefined): void {
  if (v?.kind !== 'object') return;
  for (const opt of v.attrs.values()) {
    const s = asString(opt);
    if (!s) continue;
    for (const m of s.matchAll(/(?:^|,)(?:password|pass)=([^,]+)/gi)) registerSecretValue(ctx, m[1], undefined);
  }
}

/** Attributes that take a secret in any provider: passwords, tokens, docker_secret data. */
export function isSecretAttribute(resourceType: string, name: string): boolean {
  if (resourceType === 'docker_secret' && name === 'data') return true;
  if (/^(password|passphrase|secret|token|private_key|key_material|secret_string|value_wo|data_json)$/.test(name)) {
    return !(resourceType.startsWith('random_') || (name === 'secret' && resourceType === 'docker_service'));
  }
  return isSecretName(name);
}

/**
 * Walks the secret-taking attributes of every resource, data source and provider block of a module instance:
 * registers their values for masking and returns the sources (variables, resources) that feed them.
 */
export function secretSinks(ctx: AdaptContext, instance: ModuleInstance, sinks: Set<string>): void {
  const visit = (body: EvaluatedBody, type: string) => {
    for (const name of body.raw.attrs.keys()) {
      if (type === 'docker_volume' && name === 'driver_opts') registerMountPasswords(ctx, body.attr(name)?.value);
      if (!isSecretAttribute(type, name)) continue;
      const a = body.attr(name);
      if (!a) continue;
      for (const d of deepMarks(a.value).deps ?? []) sinks.add(d);
      if (type === 'docker_secret' && name === 'data') {
        const s = asString(a.value);
        if (s !== undefined) registerSecretValue(ctx, Buffer.from(s, 'base64').toString('utf8'), undefined);
      }
      registerDeep(ctx, a.value);
    }
    for (const t of new Set(body.raw.blocks.map((b) => (b.type === 'dynamic' ? (b.labels[0] ?? '') : b.type)))) {
      for (const b of body.blocks(t)) visit(b, type);
    }
    if (body.raw.json) {
      for (const [k, a] of body.raw.attrs) {
        if (a.expr.kind === 'Object' || a.expr.kind === 'Tuple') for (const b of body.blocks(k)) visit(b, type);
      }
    }
  };
  const all: Array<[string, RawBody, string]> = [];
  for (const [key, block] of instance.config.resources) all.push([key, block.body, block.labels[0] ?? '']);
  for (const [key, block] of instance.config.dataSources) all.push([`data.${key}`, block.body, block.labels[0] ?? '']);
  for (const [addr, body, type] of all) {
    const block = addr.startsWith('data.')
      ? instance.config.dataSources.get(addr.slice(5))
      : instance.config.resources.get(addr);
    if (!block) continue;
    const info = instance.instance(block);
    visit(new EvaluatedBody(instance, body, info.vars, block.header), type);
  }
  for (const p of instance.config.providers) {
    visit(new EvaluatedBody(instance, p.body, new Map(), p.header), `provider.${p.labels[0] ?? ''}`);
  }
}
