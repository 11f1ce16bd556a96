import type { Loc } from '../../core/location.js';
import type { Tracked } from '../../core/tracked.js';
import type { TerraformFacts, TerraformOutput, TerraformProvider, TerraformVariable } from '../../model/deployment.js';
import { isSecretName } from '../../model/secrets.js';
import {
  asBool,
  asString,
  deepMarks,
  evaluate,
  EvaluatedBody,
  ModuleInstance,
  rangeLoc,
  toJS,
  walkExpressionWithUnwrap,
  type RootModule,
  type TfValue,
} from '../../evaluate/terraform/index.js';
import type { AdaptContext } from '../context.js';
import { isSecretSource, registerDeep } from './secrets.js';
import { str, toTracked } from './tracked.js';

export function emptyFacts(): TerraformFacts {
  return {
    variables: [],
    outputs: [],
    providers: [],
    dockerProviderRequirements: [],
    stateEncryptionEnforced: false,
    roots: [],
  };
}

const asAny = (v: TfValue): unknown => toJS(v);

/** Whether a variable of an instance feeds a secret: it reaches a secret sink, or it is named like a secret. */
export function feedsSecret(instance: ModuleInstance, name: string, sinks: Set<string>): boolean {
  return sinks.has(instance.qualify(`var.${name}`)) || isSecretName(name);
}

/** `variable` blocks of every module instance (each declaration once). */
export function collectVariables(
  ctx: AdaptContext,
  instances: ModuleInstance[],
  sinks: Set<string>,
  facts: TerraformFacts,
): void {
  const seen = new Set<string>();
  for (const inst of instances) {
    for (const name of inst.variableNames()) {
      const decl = inst.declaration(name);
      if (!decl) continue;
      const key = `${decl.block.file.rel}:${decl.block.header.start.offset}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const secret = feedsSecret(inst, name, sinks);
      const v: TerraformVariable = { name, loc: decl.block.header, feedsSecret: secret };
      if (!inst.isRoot) v.module = inst.address;
      if (decl.sensitive)
        v.sensitive = { value: decl.sensitive.value, state: 'explicit', loc: decl.sensitive.loc, literal: true };
      if (decl.ephemeral) v.ephemeral = true;
      const d = decl.defaultAttr;
      if (d) {
        const value = evaluate(d.expr, inst.context(d.file));
        v.defaultValue = toTracked(
          value,
          rangeLoc(d.file, d.expr.range),
          true,
          asAny,
          `the default of variable "${name}"`,
        );
        if (secret || decl.sensitive?.value) {
          v.defaultValue.sensitive = true;
          registerDeep(ctx, value);
        }
      }
      const final = inst.variable(name);
      v.value = toTracked(final, decl.block.header, false, asAny, `variable "${name}"`);
      if (secret || decl.sensitive?.value) {
        v.value.sensitive = true;
        registerDeep(ctx, final);
      }
      facts.variables.push(v);
    }
  }
}

/** Root module outputs, and the secret values they carry. */
export function collectOutputs(instance: ModuleInstance, sinks: Set<string>, facts: TerraformFacts): void {
  const secretVar = (dep: string) => {
    const m = /(?:^|\.)var\.([^.]+)$/.exec(dep);
    if (!m?.[1]) return false;
    return sinks.has(dep) || isSecretName(m[1]);
  };
  for (const [name, block] of instance.config.outputs) {
    const valueAttr = block.body.attrs.get('value');
    const sAttr = block.body.attrs.get('sensitive');
    const sensitive = !!sAttr && asBool(evaluate(sAttr.expr, instance.context(sAttr.file))) === true;
    const out: TerraformOutput = { name, loc: block.header, sensitive, secretRefs: [] };
    if (valueAttr) {
      const ctx = instance.context(valueAttr.file);
      walkExpressionWithUnwrap(valueAttr.expr, (e, unwrapped) => {
        if (e.kind !== 'ScopeTraversal') return;
        const v = evaluate(e, ctx);
        const marks = deepMarks(v);
        const secret = marks.sensitive || (marks.deps ?? []).some((d) => secretVar(d) || isSecretSource(d));
        if (!secret) return;
        const ref = valueAttr.file.text.slice(e.range.start.offset, e.range.end.offset);
        out.secretRefs.push({ ref, loc: rangeLoc(valueAttr.file, e.range), unwrapped });
      });
    }
    facts.outputs.push(out);
  }
}

/** `provider "docker"` blocks: the daemon address, TLS material and registry passwords. */
export function collectProviders(ctx: AdaptContext, instance: ModuleInstance, facts: TerraformFacts): void {
  for (const p of instance.config.providers) {
    if (p.labels[0] !== 'docker') continue;
    const body = new EvaluatedBody(instance, p.body, new Map(), p.header);
    const provider: TerraformProvider = { loc: p.header, hasTlsMaterial: false, registryPasswords: [] };
    const host = str(body.attr('host'), 'the docker host');
    if (host) provider.host = host;
    provider.hasTlsMaterial = ['ca_material', 'cert_material', 'key_material', 'cert_path'].some((k) => {
      const a = body.attr(k);
      return !!a && a.value.kind !== 'null' && !(a.value.kind === 'string' && a.value.value === '');
    });
    for (const ra of body.blocks('registry_auth')) {
      const pw = ra.attr('password');
      if (!pw) continue;
      const t = toTracked(pw.value, pw.loc, pw.literal, (x) => asString(x), 'the registry password');
      t.sensitive = true;
      registerDeep(ctx, pw.value);
      if (pw.value.loc?.live) {
        provider.registryPasswords.push({
          value: undefined,
          state: 'derived',
          loc: t.loc,
          via: t.via,
          sensitive: true,
          reason: 'supplied when Terraform runs',
        });
      } else provider.registryPasswords.push(t);
    }
    facts.providers.push(provider);
  }
}

/**
 * `terraform { required_providers { docker = { source = "kreuzwerker/docker", version = "…" } } }` and
 * `terraform { encryption { state { enforced = true } } }`.
 */
export function collectTerraformBlocks(root: RootModule, facts: TerraformFacts): void {
  const instance = root.instance;
  let required = false;
  const found: TerraformFacts['dockerProviderRequirements'] = [];
  // provider requirements merge across the module tree; encryption is configured by the root module only
  const blocks = instance.descendants().flatMap((inst) => inst.config.terraformBlocks.map((tb) => ({ inst, tb })));
  for (const { inst, tb } of blocks) {
    const body = new EvaluatedBody(inst, tb.body, new Map(), tb.header);
    for (const rp of body.blocks('required_providers')) {
      for (const a of rp.attributes()) {
        const v = a.value;
        let source: string | undefined;
        let version: Tracked<string> | undefined;
        if (v.kind === 'object') {
          const s = v.attrs.get('source');
          source = s ? asString(s) : undefined;
          const ver = v.attrs.get('version');
          if (ver)
            version = toTracked(ver, ver.loc ?? a.loc, !!ver.literal, (x) => asString(x), 'the provider version');
        } else if (v.kind === 'string') {
          version = toTracked(v, a.loc, a.literal, (x) => asString(x), 'the provider version'); // legacy: docker = "~> 3.0"
        }
        const isDocker = source ? /(^|\/)kreuzwerker\/docker$/i.test(source) : a.name === 'docker';
        if (!isDocker) continue;
        required = true;
        found.push(version ? { loc: a.attrLoc, version } : { loc: a.attrLoc });
      }
    }
    for (const enc of inst === instance ? body.blocks('encryption') : []) {
      for (const st of enc.blocks('state')) {
        const e = st.attr('enforced');
        if (e && asBool(e.value) === true) facts.stateEncryptionEnforced = true;
      }
    }
  }
  // constraints of all modules intersect: one versioned requirement in the tree pins the provider
  const versioned = found.filter((r) => r.version);
  for (const r of versioned.length ? versioned : found) {
    const seen = facts.dockerProviderRequirements.some(
      (x) => x.loc.file === r.loc.file && x.loc.start.offset === r.loc.start.offset,
    );
    if (!seen) facts.dockerProviderRequirements.push(r);
  }
  if (!required) {
    const uses = dockerUses(instance);
    if (uses) facts.dockerProviderUses = [...(facts.dockerProviderUses ?? []), uses];
  }
}

/** The first use of the docker provider in a root module (and the local modules it calls). */
function dockerUses(root: ModuleInstance): Loc | undefined {
  for (const inst of root.descendants()) {
    const p = inst.config.providers.find((x) => x.labels[0] === 'docker');
    if (p) return p.header;
    for (const map of [inst.config.resources, inst.config.dataSources]) {
      for (const b of map.values()) if ((b.labels[0] ?? '').startsWith('docker_')) return b.header;
    }
  }
  return undefined;
}

/** Inputs given to module calls (remote modules are not fetched: their inputs are what the scan sees). */
export function collectModuleInputs(
  ctx: AdaptContext,
  instance: ModuleInstance,
  sinks: Set<string>,
  facts: TerraformFacts,
): void {
  for (const name of instance.config.moduleCalls.keys()) {
    const child = instance.child(name);
    const remote = !(child instanceof ModuleInstance);
    for (const input of instance.moduleInputs(name)) {
      const t = toTracked(input.value, input.loc, input.literal, asAny, `input "${input.name}" of module "${name}"`);
      if (remote && isSecretName(input.name)) {
        for (const d of deepMarks(input.value).deps ?? []) sinks.add(d);
        t.sensitive = true;
        registerDeep(ctx, input.value);
      }
      facts.moduleInputs = [
        ...(facts.moduleInputs ?? []),
        { module: instance.qualify(`module.${name}`), name: input.name, remote, value: t, loc: input.attrLoc },
      ];
    }
  }
}
