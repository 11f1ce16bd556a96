import { locOf, type Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import type { Tracked } from '../../core/tracked.js';
import type { Deployment, TerraformFacts, TerraformVariable } from '../../model/deployment.js';
import { isPostgresImage } from '../../model/image.js';
import { isSecretName, urlPassword } from '../../model/secrets.js';
import {
  asString,
  bool,
  list,
  nul,
  num,
  obj,
  str,
  type AttrView,
  type BlockView,
  type TfValue,
} from '../../evaluate/terraform/index.js';
import type { AdaptContext } from '../context.js';
import { adaptContainer, type NetworkInfo } from './container.js';
import {
  entryOf as propEntry,
  member as prop,
  parseJsonWithRanges,
  toPlain,
  type JsonNode,
} from '../../parsers/json/json-with-ranges.js';
import { registerDeep } from './secrets.js';
import { adaptService } from './service.js';
import { toTracked } from './tracked.js';

/**
 * `tofu show -json` / `terraform show -json` output (a plan, or the state): `planned_values` (or `values`) give
 * the resources as they will be, `configuration` gives variables, outputs, providers and references. Locations
 * point into the JSON file; nothing in it is a literal a fix could edit.
 */

interface PlanResource {
  address: string;
  /** Address without instance keys (`module.db.docker_container.pg`). */
  base: string;
  type: string;
  mode: string;
  values: JsonNode;
  sensitive: JsonNode | undefined;
  loc: Loc;
}

const stripIndex = (address: string) => address.replace(/\[[^\]]*\]/g, '');

function collectResources(file: SourceFile, module: JsonNode | undefined, out: PlanResource[]): void {
  const resources = prop(module, 'resources');
  if (resources?.kind === 'array') {
    for (const r of resources.items) {
      const address = asText(prop(r, 'address'));
      const type = asText(prop(r, 'type'));
      const values = prop(r, 'values');
      if (!address || !type || values?.kind !== 'object') continue;
      out.push({
        address,
        base: stripIndex(address),
        type,
        mode: asText(prop(r, 'mode')) ?? 'managed',
        values,
        sensitive: prop(r, 'sensitive_values'),
        loc: locOf(file, r.start, Math.min(r.end, r.start + 1)),
      });
    }
  }
  const children = prop(module, 'child_modules');
  if (children?.kind === 'array') for (const c of children.items) collectResources(file, c, out);
}

function asText(n: JsonNode | undefined): string | undefined {
  return n?.kind === 'string' ? n.value : undefined;
}

/** A JSON value as a Terraform value; `sensitive` mirrors it (`true` marks a sensitive leaf or subtree). */
function toValue(file: SourceFile, n: JsonNode, sensitive: JsonNode | undefined): TfValue {
  const s = sensitive?.kind === 'boolean' && sensitive.value;
  const marks = { loc: locOf(file, n.start, n.end), literal: true, ...(s ? { sensitive: true } : {}) };
  const child = (i: JsonNode, k: string | number): JsonNode | undefined => {
    if (s) return sensitive;
    if (typeof k === 'number') return sensitive?.kind === 'array' ? sensitive.items[k] : undefined;
    return prop(sensitive, k);
  };
  switch (n.kind) {
    case 'object':
      return obj(new Map(n.entries.map((p) => [p.key, toValue(file, p.value, child(p.value, p.key))])), marks);
    case 'array':
      return list(
        n.items.map((i, k) => toValue(file, i, child(i, k))),
        marks,
      );
    case 'string':
      return str(n.value, marks);
    case 'number':
      return num(n.value, marks);
    case 'boolean':
      return bool(n.value, marks);
    case 'null':
      return nul(marks);
  }
}

class PlanBlock implements BlockView {
  constructor(
    private readonly source: SourceFile,
    private readonly node: JsonNode,
    private readonly sensitive: JsonNode | undefined,
    readonly loc: Loc,
  ) {}

  get file(): string {
    return this.source.rel;
  }

  attr(name: string): AttrView | undefined {
    const e = propEntry(this.node, name);
    if (!e || e.value.kind === 'null') return undefined;
    const s = this.sensitive?.kind === 'boolean' ? this.sensitive : prop(this.sensitive, name);
    return {
      name,
      value: toValue(this.source, e.value, s),
      loc: locOf(this.source, e.value.start, e.value.end),
      attrLoc: locOf(this.source, e.keyStart, e.value.end),
      literal: true,
    };
  }

  blocks(type: string): BlockView[] {
    const n = prop(this.node, type);
    const s = this.sensitive?.kind === 'boolean' ? this.sensitive : prop(this.sensitive, type);
    const items = n?.kind === 'array' ? n.items : n?.kind === 'object' ? [n] : [];
    return items
      .filter((i) => i.kind === 'object')
      .map(
        (i, k) =>
          new PlanBlock(
            this.source,
            i,
            s?.kind === 'array' ? s.items[k] : s,
            locOf(this.source, i.start, Math.min(i.end, i.start + 1)),
          ),
      );
  }
}

/** Values in a plan are not literals of the configuration: no text fix may edit them. */
function markObserved(x: unknown, file: string, seen = new Set<unknown>()): void {
  if (!x || typeof x !== 'object' || seen.has(x)) return;
  seen.add(x);
  const t = x as Partial<Tracked<unknown>> & Record<string, unknown>;
  if (typeof t.state === 'string' && t.loc && typeof t.loc === 'object' && (t.loc as Loc).file === file)
    delete t.literal;
  for (const v of Object.values(t)) markObserved(v, file, seen);
}

/** Module calls' configuration: `module.db.` prefix → its `module` node. */
function configModules(node: JsonNode | undefined, prefix: string, out: Map<string, JsonNode>): void {
  if (!node) return;
  out.set(prefix, node);
  const calls = prop(node, 'module_calls');
  if (calls?.kind !== 'object') return;
  for (const c of calls.entries) configModules(prop(c.value, 'module'), `${prefix}module.${c.key}.`, out);
}

function references(expr: JsonNode | undefined): string[] {
  const refs = prop(expr, 'references');
  return refs?.kind === 'array' ? refs.items.map((i) => asText(i)).filter((x): x is string => !!x) : [];
}

export function adaptPlan(
  ctx: AdaptContext,
  file: SourceFile,
  facts: TerraformFacts,
  options: { secretsOnly?: boolean } = {},
): void {
  const parsed = parseJsonWithRanges(file.text);
  if (parsed.error || !parsed.value) {
    const offset = parsed.error?.offset ?? 0;
    ctx.problems.push({
      file: file.rel,
      kind: 'parse-error',
      message: `plan JSON: ${parsed.error?.message ?? 'no JSON value'}`,
      loc: locOf(file, offset, Math.min(file.text.length, offset + 1)),
    });
    return;
  }
  const root: JsonNode = parsed.value;
  const valuesRoot = prop(prop(root, 'planned_values') ?? prop(root, 'values'), 'root_module');
  const configuration = prop(root, 'configuration');
  const modules = new Map<string, JsonNode>();
  configModules(prop(configuration, 'root_module'), '', modules);
  const configResources = new Map<string, JsonNode>();
  for (const [prefix, m] of modules) {
    const rs = prop(m, 'resources');
    if (rs?.kind === 'array')
      for (const r of rs.items) {
        const a = asText(prop(r, 'address'));
        if (a) configResources.set(prefix + a, r);
      }
  }
  const resources: PlanResource[] = [];
  collectResources(file, valuesRoot, resources);

  // networks and images by address
  const networks = new Map<string, NetworkInfo>();
  const images = new Map<string, AttrView>();
  for (const r of resources) {
    const view = new PlanBlock(file, r.values, r.sensitive, r.loc);
    const name = view.attr('name');
    if (r.type === 'docker_network') {
      const internal = view.attr('internal');
      networks.set(r.base, {
        address: r.base,
        name: name ? asString(name.value) : undefined,
        internal: internal
          ? toTracked(internal.value, internal.loc, true, (v) => (v.kind === 'bool' ? v.value : undefined), 'internal')
          : { value: false, state: 'default', loc: r.loc, reason: 'internal defaults to false' },
        loc: r.loc,
      });
    }
    if (r.type === 'docker_image' && name) images.set(r.base, name);
  }

  if (options.secretsOnly) {
    for (const r of resources) registerSensitive(ctx, file, r.values, r.sensitive);
    const vars = prop(root, 'variables');
    const declared = prop(prop(configuration, 'root_module'), 'variables');
    if (vars?.kind === 'object') {
      for (const p of vars.entries) {
        const sensitive = prop(prop(declared, p.key), 'sensitive');
        if (isSecretName(p.key) || (sensitive?.kind === 'boolean' && sensitive.value))
          registerDeep(ctx, toValue(file, p.value, undefined));
      }
    }
    return;
  }
  const sinks = new Set<string>();
  const secretValues = new Set<string>();
  for (const r of resources) {
    if (r.mode !== 'managed' || (r.type !== 'docker_container' && r.type !== 'docker_service')) continue;
    const view = new PlanBlock(file, r.values, r.sensitive, r.loc);
    const dep: Deployment =
      r.type === 'docker_container'
        ? adaptContainer(ctx, { address: r.address, view, networks, sinks })
        : adaptService(ctx, { address: r.address, view, networks, secrets: new Map(), sinks });
    linkImage(dep, r, configResources, images);
    dep.notes = [...(dep.notes ?? []), `from plan JSON ${file.rel}`];
    markObserved(dep, file.rel);
    for (const e of dep.env) {
      if ((isSecretName(e.name) || (e.value.value && urlPassword(e.value.value))) && e.value.value) {
        secretValues.add(e.value.value);
        const url = urlPassword(e.value.value);
        if (url) secretValues.add(url.password);
      }
    }
    if (!ctx.deployments.some((d) => d.id === dep.id)) ctx.deployments.push(dep);
  }
  // sensitive leaves anywhere in the planned values are secrets
  for (const r of resources) registerSensitive(ctx, file, r.values, r.sensitive);

  planVariables(ctx, file, root, prop(configuration, 'root_module'), secretValues, facts);
  planOutputs(file, prop(configuration, 'root_module'), facts);
  planProviders(ctx, file, configuration, facts);
}

function registerSensitive(ctx: AdaptContext, file: SourceFile, n: JsonNode, s: JsonNode | undefined): void {
  if (!s) return;
  if (s.kind === 'boolean' && s.value) {
    registerDeep(ctx, toValue(file, n, s));
    return;
  }
  if (n.kind === 'object' && s.kind === 'object')
    for (const p of n.entries) registerSensitive(ctx, file, p.value, prop(s, p.key));
  if (n.kind === 'array' && s.kind === 'array') n.items.forEach((i, k) => registerSensitive(ctx, file, i, s.items[k]));
}

/** A container whose image is `docker_image.x.image_id` has an image id (or nothing) in the plan: use the name. */
function linkImage(
  dep: Deployment,
  r: PlanResource,
  config: Map<string, JsonNode>,
  images: Map<string, AttrView>,
): void {
  const current = dep.image?.ref.value;
  if (current !== undefined && !/^sha256:/i.test(current)) return;
  const prefix = r.base.slice(0, r.base.length - `${r.type}.${r.base.split('.').pop() ?? ''}`.length);
  const spec = r.type === 'docker_container' ? config.get(r.base) : undefined;
  const refs = references(prop(prop(spec, 'expressions'), 'image'));
  const imageRef = refs.map((x) => /^(docker_image\.[^.[\]]+)/.exec(x)?.[1]).find((x) => x);
  const name = imageRef ? images.get(prefix + imageRef) : undefined;
  if (!name) return;
  const via = [{ loc: dep.image?.ref.loc ?? dep.loc, message: `${r.address}.image refers to ${prefix + imageRef}` }];
  dep.image = { ref: toTracked({ ...name.value, via }, name.loc, false, (v) => asString(v), 'the image') };
  if (dep.image.ref.value && isPostgresImage(dep.image.ref.value))
    dep.postgres = { is: true, reason: `image ${dep.image.ref.value}` };
}

function planVariables(
  ctx: AdaptContext,
  file: SourceFile,
  root: JsonNode,
  config: JsonNode | undefined,
  secretValues: Set<string>,
  facts: TerraformFacts,
): void {
  const vars = prop(config, 'variables');
  const values = prop(root, 'variables');
  if (vars?.kind !== 'object') return;
  for (const p of vars.entries) {
    const loc = locOf(file, p.keyStart, p.keyEnd);
    const sensitive = prop(p.value, 'sensitive');
    const dflt = prop(p.value, 'default');
    const value = prop(prop(values, p.key), 'value');
    const plainValue = value ? toPlain(value) : undefined;
    const feeds = isSecretName(p.key) || (typeof plainValue === 'string' && secretValues.has(plainValue));
    const v: TerraformVariable = { name: p.key, loc, feedsSecret: feeds };
    if (sensitive?.kind === 'boolean')
      v.sensitive = { value: sensitive.value, state: 'explicit', loc: locOf(file, sensitive.start, sensitive.end) };
    if (dflt) v.defaultValue = { value: toPlain(dflt), state: 'explicit', loc: locOf(file, dflt.start, dflt.end) };
    if (value) v.value = { value: plainValue, state: 'explicit', loc: locOf(file, value.start, value.end) };
    if (feeds || (sensitive?.kind === 'boolean' && sensitive.value)) {
      if (v.defaultValue) v.defaultValue.sensitive = true;
      if (v.value) v.value.sensitive = true;
      if (dflt) registerDeep(ctx, toValue(file, dflt, undefined));
      if (value) registerDeep(ctx, toValue(file, value, undefined));
    }
    facts.variables.push(v);
  }
}

function planOutputs(file: SourceFile, config: JsonNode | undefined, facts: TerraformFacts): void {
  const outputs = prop(config, 'outputs');
  if (outputs?.kind !== 'object') return;
  const secretVars = new Set(
    facts.variables.filter((v) => v.feedsSecret || v.sensitive?.value).map((v) => `var.${v.name}`),
  );
  for (const p of outputs.entries) {
    const sensitive = prop(p.value, 'sensitive');
    const expr = prop(p.value, 'expression');
    const loc = locOf(file, p.keyStart, p.keyEnd);
    const refs = references(expr).filter(
      (r) =>
        secretVars.has(r) ||
        /^(data\.(vault_|aws_secretsmanager|azurerm_key_vault_secret|google_secret_manager)|random_password\.)/.test(r),
    );
    facts.outputs.push({
      name: p.key,
      loc,
      sensitive: sensitive?.kind === 'boolean' && sensitive.value,
      secretRefs: refs.map((ref) => ({ ref, loc: expr ? locOf(file, expr.start, expr.end) : loc, unwrapped: false })),
    });
  }
}

function planProviders(
  ctx: AdaptContext,
  file: SourceFile,
  configuration: JsonNode | undefined,
  facts: TerraformFacts,
): void {
  const pc = prop(configuration, 'provider_config');
  if (pc?.kind !== 'object') return;
  for (const p of pc.entries) {
    const name = asText(prop(p.value, 'name'));
    const full = asText(prop(p.value, 'full_name')) ?? '';
    if (name !== 'docker' && !/kreuzwerker\/docker$/.test(full)) continue;
    const loc = locOf(file, p.keyStart, p.keyEnd);
    const version = prop(p.value, 'version_constraint');
    facts.dockerProviderRequirements.push(
      version?.kind === 'string'
        ? { loc, version: { value: version.value, state: 'explicit', loc: locOf(file, version.start, version.end) } }
        : { loc },
    );
    const exprs = prop(p.value, 'expressions');
    const constant = (n: JsonNode | undefined) => prop(n, 'constant_value');
    const host = constant(prop(exprs, 'host'));
    const provider: TerraformFacts['providers'][number] = {
      loc,
      hasTlsMaterial: ['ca_material', 'cert_material', 'key_material', 'cert_path'].some((k) => !!prop(exprs, k)),
      registryPasswords: [],
    };
    if (host?.kind === 'string')
      provider.host = { value: host.value, state: 'explicit', loc: locOf(file, host.start, host.end) };
    else if (prop(exprs, 'host'))
      provider.host = {
        value: undefined,
        state: 'unknown',
        loc,
        reason: 'host is set from a reference the plan does not resolve',
      };
    const auths = prop(exprs, 'registry_auth');
    for (const a of auths?.kind === 'array' ? auths.items : []) {
      const pw = constant(prop(a, 'password'));
      if (pw?.kind !== 'string') continue;
      const pwLoc = locOf(file, pw.start, pw.end);
      ctx.secrets.add(pw.value, pwLoc);
      provider.registryPasswords.push({ value: pw.value, state: 'explicit', loc: pwLoc, sensitive: true });
    }
    facts.providers.push(provider);
  }
}
