import { locOf, type Loc } from '../../core/location.js';
import { byDefault, unknown, type Tracked } from '../../core/tracked.js';
import type {
  Deployment,
  EnvVar,
  Healthcheck,
  Logging,
  Mount,
  NetworkRef,
  PortBinding,
  UploadedFile,
} from '../../model/deployment.js';
import { isPostgresImage } from '../../model/image.js';
import { isSecretName, urlPassword } from '../../model/secrets.js';
import {
  asBool,
  asNumber,
  asString,
  deepMarks,
  str as strValue,
  type AttrView,
  type BlockView,
  type TfValue,
  type Via,
} from '../../evaluate/terraform/index.js';
import {
  applyCommandSettings,
  emptyDeployment,
  mergeFileSettings,
  registerCommandSecrets,
  registerEnvSecrets,
} from '../common.js';
import { resolveScanned, type AdaptContext } from '../context.js';
import { argsOf, asNumStr, asStr, boolOf, boolOr, listOf, mapOf, str, toTracked } from './tracked.js';
import { provenanceOf, registerSecretValue } from './secrets.js';

/** A docker_network as containers see it: its name and whether it is internal. */
export interface NetworkInfo {
  address: string;
  name?: string;
  internal: Tracked<boolean>;
  loc: Loc;
}

export interface ContainerInput {
  address: string;
  view: BlockView;
  /** docker_network resources (and data sources) of the same module, by address. */
  networks: Map<string, NetworkInfo>;
  /** Collects the sources (variables, resources) that reach a secret sink. */
  sinks: Set<string>;
}

/** `docker_container` → Deployment. Unset fields get the provider's real default or stay undefined. */
export function adaptContainer(ctx: AdaptContext, input: ContainerInput): Deployment {
  const { view, address } = input;
  const blockLoc = view.loc;
  const dep = emptyDeployment('tf', 'declared', view.file, address, blockLoc);
  if (view.via?.length) dep.notes = view.via.map((v) => v.message);
  const a = (name: string) => view.attr(name);

  const nameAttr = a('name');
  if (nameAttr) dep.containerName = str(nameAttr, 'the container name');

  // image
  const image = str(a('image'), 'the image');
  if (image) {
    const opaque = image.value !== undefined && /^sha256:[0-9a-f]+$/i.test(image.value);
    dep.image = opaque ? { ref: image, opaque: true } : { ref: image };
  }

  // runtime
  dep.user = str(a('user'), 'the user');
  dep.privileged = boolOr(a('privileged'), 'privileged', false, blockLoc, 'privileged is not set (false)');
  dep.readOnlyRoot = boolOr(a('read_only'), 'read_only', false, blockLoc, 'read_only defaults to false');
  const caps = view.blocks('capabilities')[0];
  dep.capAdd = listOf(caps?.attr('add'), 'an added capability');
  dep.capDrop = listOf(caps?.attr('drop'), 'a dropped capability');
  dep.securityOpt = listOf(a('security_opts'), 'a security option');
  dep.namespaces = {};
  for (const [attr, ns] of [
    ['pid_mode', 'pid'],
    ['ipc_mode', 'ipc'],
    ['userns_mode', 'userns'],
    ['cgroupns_mode', 'cgroupns'],
  ] as const) {
    const t = str(a(attr), attr);
    if (t) dep.namespaces[ns] = t;
  }
  const tmpfs = mapOf(a('tmpfs'), 'tmpfs');
  dep.tmpfs = tmpfs
    ? Object.entries(tmpfs).map(([path, opts]) => ({ ...opts, value: opts.value ? `${path}:${opts.value}` : path }))
    : [];
  const memory = a('memory');
  if (memory) {
    const t = toTracked(memory.value, memory.loc, memory.literal, asNumStr, 'memory');
    dep.memoryLimit = t.value === undefined ? t : { ...t, value: t.value === '0' ? '0' : `${t.value}m` };
  }
  const cpus = a('cpus');
  if (cpus) dep.cpuLimit = str(cpus, 'cpus');
  else {
    const quota = a('cpu_quota');
    const period = a('cpu_period');
    const q = quota ? asNumber(quota.value) : undefined;
    const p = period ? asNumber(period.value) : 100000;
    if (quota && q !== undefined && p)
      dep.cpuLimit = toTracked(
        strValue(String(q / p), { via: quota.value.via }),
        quota.loc,
        quota.literal,
        asStr,
        'cpu_quota',
      );
    else if (quota) dep.cpuLimit = toTracked(quota.value, quota.loc, quota.literal, asNumStr, 'cpu_quota');
  }
  const shares = a('cpu_shares');
  if (shares && !dep.cpuLimit) dep.notes = [...(dep.notes ?? []), 'cpu_shares is a relative weight, not a limit'];
  dep.devices = view.blocks('devices').map((d) => {
    const host = str(d.attr('host_path'), 'a device host path') ?? unknown(d.loc, 'no host_path');
    const inner = d.attr('container_path') ? asString(d.attr('container_path')?.value ?? strValue('')) : undefined;
    const perms = d.attr('permissions') ? asString(d.attr('permissions')?.value ?? strValue('')) : undefined;
    if (host.value === undefined) return host;
    return { ...host, value: [host.value, inner ?? host.value, perms].filter((x) => x !== undefined).join(':') };
  });
  dep.healthcheck = healthcheckOf(view);
  dep.logging = loggingOf(view);

  // network
  dep.networkMode =
    str(a('network_mode'), 'network_mode') ??
    byDefault('bridge', blockLoc, 'network_mode defaults to "bridge" in kreuzwerker/docker');
  dep.publishAll = boolOf(a('publish_all_ports'), 'publish_all_ports');
  dep.ports = view.blocks('ports').map(portOf);
  dep.networks = view.blocks('networks_advanced').map((n) => networkOf(n, input.networks));

  // storage
  dep.mounts = [...view.blocks('volumes').map(volumeOf), ...view.blocks('mounts').map(mountOf)];
  dep.uploads = view.blocks('upload').map((u) => uploadOf(ctx, u, input.sinks));

  // environment and secrets
  dep.env = envOf(ctx, a('env'), input.sinks);
  registerEnvSecrets(dep.env, ctx.secrets);
  for (const e of dep.env) {
    if (e.value.sensitive && e.value.value !== undefined) ctx.secrets.add(e.value.value, e.value.loc);
  }
  const labels: Record<string, Tracked<string>> = {};
  for (const l of view.blocks('labels')) {
    const k = l.attr('label');
    const v = str(l.attr('value'), 'a label value');
    const key = k ? asString(k.value) : undefined;
    if (key && v) labels[key] = v;
  }
  if (Object.keys(labels).length) dep.labels = labels;

  dep.command = argsOf(a('command'), 'the command');
  dep.entrypoint = argsOf(a('entrypoint'), 'the entrypoint');
  applyCommandSettings(dep, dep.command);
  registerCommandSecrets(dep, ctx.secrets, ctx.files);

  // PostgreSQL?
  const hasPgEnv = dep.env.some((e) => /^POSTGRES_|^PGDATA$/.test(e.name));
  if (image?.value && isPostgresImage(image.value)) dep.postgres = { is: true, reason: `image ${image.value}` };
  else if (hasPgEnv) dep.postgres = { is: true, reason: 'POSTGRES_* environment' };
  else if (image && image.value === undefined) {
    const named = /postgres|(^|[^a-z])pg([^a-z]|$)|psql/i.test(`${address} ${dep.containerName?.value ?? ''}`);
    dep.postgres = named
      ? { is: true, reason: 'the image is unknown; the resource name says PostgreSQL' }
      : { is: false, reason: 'image unknown' };
  }
  linkConfigFiles(ctx, dep);
  return dep;
}

function healthcheckOf(view: BlockView): Healthcheck | undefined {
  const hc = view.blocks('healthcheck')[0];
  if (!hc) return undefined;
  const test = argsOf(hc.attr('test'), 'the healthcheck test');
  const first = (test?.value?.[0] ?? '').toUpperCase();
  return { enabled: first !== 'NONE', test, loc: hc.loc };
}

function loggingOf(view: BlockView): Logging | undefined {
  const driver = view.attr('log_driver');
  const opts = view.attr('log_opts');
  if (!driver && !opts) return undefined;
  const loc = driver?.attrLoc ?? opts?.attrLoc ?? view.loc;
  return {
    driver: str(driver, 'log_driver') ?? byDefault('json-file', loc, 'Docker daemon default'),
    options: mapOf(opts, 'log_opts') ?? {},
    loc,
  };
}

/**
 * A `ports` block. `external` is a number in kreuzwerker/docker; a string that is not a number (the guideline's
 * `"127.0.0.1:5432"`) fails validation, so the whole mapping is unknown with an `invalid:` reason.
 */
function portOf(p: BlockView): PortBinding {
  const internal = p.attr('internal');
  const external = p.attr('external');
  const ip = p.attr('ip');
  const protocolAttr = p.attr('protocol');
  const protocol = (protocolAttr && asString(protocolAttr.value)) || 'tcp';
  const loc = p.loc;
  if (
    external &&
    external.value.kind !== 'unknown' &&
    external.value.kind !== 'null' &&
    asNumber(external.value) === undefined
  ) {
    const raw = asString(external.value);
    const shown = raw !== undefined ? JSON.stringify(raw) : `a ${external.value.kind}`;
    const m = raw !== undefined ? /^\[?([0-9a-f.:]+?)\]?:(\d+)$/i.exec(raw) : null;
    const fix = m
      ? `write external = ${m[2]} and ip = "${m[1]}"`
      : 'write the host port as a number and the address in ip';
    const reason = `invalid: external = ${shown} is not a number: in kreuzwerker/docker \`external\` is the host port and the bind address goes in \`ip\`: ${fix}`;
    const bad = unknown<string>(external.attrLoc, reason);
    return { containerPort: bad, hostPort: bad, hostIp: unknown(external.attrLoc, reason), protocol, loc };
  }
  return {
    containerPort: internal
      ? toTracked(internal.value, internal.loc, internal.literal, asNumStr, 'the container port')
      : unknown(loc, 'invalid: a ports block needs internal (the container port)'),
    hostPort: external
      ? toTracked(external.value, external.loc, external.literal, asNumStr, 'the host port')
      : byDefault<string>(undefined, loc, 'no external: a random host port (>= 32768)'),
    hostIp: ip
      ? toTracked(ip.value, ip.loc, ip.literal, asStr, 'the bind address')
      : byDefault('0.0.0.0', loc, 'no ip: every interface'),
    protocol,
    loc,
  };
}

function networkOf(n: BlockView, networks: Map<string, NetworkInfo>): NetworkRef {
  const nameAttr = n.attr('name');
  const name = str(nameAttr, 'the network name') ?? unknown<string>(n.loc, 'networks_advanced without a name');
  const deps = nameAttr ? (deepMarks(nameAttr.value).deps ?? []) : [];
  let net: NetworkInfo | undefined;
  for (const d of deps) {
    net = networks.get(d);
    if (net) break;
  }
  if (!net && name.value !== undefined) net = [...networks.values()].find((x) => x.name === name.value);
  let internal: Tracked<boolean>;
  if (net) internal = net.internal;
  else if (name.state === 'unknown')
    internal = unknown(n.loc, `the network name is unknown${name.reason ? ` (${name.reason})` : ''}`);
  else internal = unknown(n.loc, `network "${name.value ?? '?'}" is not declared in this configuration`);
  return { name, internal, loc: n.loc };
}

function sourceLoc(b: BlockView, attrs: string[]): Loc {
  for (const a of attrs) {
    const v = b.attr(a);
    if (v) return v.attrLoc;
  }
  return b.loc;
}

/** `volumes` block: volume_name wins over host_path (provider 3.x). */
function volumeOf(v: BlockView): Mount {
  const hostPath = v.attr('host_path');
  const volumeName = v.attr('volume_name');
  const fromContainer = v.attr('from_container');
  const target = str(v.attr('container_path'), 'the container path') ?? unknown<string>(v.loc, 'no container_path');
  const ro = v.attr('read_only');
  const readOnly = ro ? asBool(ro.value) === true : false;
  if (volumeName) {
    return {
      kind: 'volume',
      source: str(volumeName, 'the volume name'),
      target,
      readOnly: !!readOnly,
      loc: volumeName.attrLoc,
    };
  }
  if (hostPath) {
    return {
      kind: 'bind',
      source: str(hostPath, 'the host path'),
      target,
      readOnly: !!readOnly,
      loc: hostPath.attrLoc,
    };
  }
  if (fromContainer)
    return {
      kind: 'unknown',
      source: str(fromContainer, 'from_container'),
      target,
      readOnly: !!readOnly,
      loc: fromContainer.attrLoc,
    };
  return { kind: 'anonymous', target, readOnly: !!readOnly, loc: v.loc };
}

function mountOf(m: BlockView): Mount {
  const type = m.attr('type') ? asString(m.attr('type')?.value ?? strValue('')) : undefined;
  const kind: Mount['kind'] =
    type === 'bind' ? 'bind' : type === 'volume' ? 'volume' : type === 'tmpfs' ? 'tmpfs' : 'unknown';
  const source = str(m.attr('source'), 'the mount source');
  const ro = m.attr('read_only');
  return {
    kind: kind === 'volume' && !source ? 'anonymous' : kind,
    source,
    target: str(m.attr('target'), 'the mount target') ?? unknown<string>(m.loc, 'no target'),
    readOnly: ro ? asBool(ro.value) === true : false,
    loc: sourceLoc(m, ['source', 'target']),
  };
}

function uploadOf(ctx: AdaptContext, u: BlockView, sinks: Set<string>): UploadedFile {
  const file = str(u.attr('file'), 'the upload path') ?? unknown<string>(u.loc, 'no file');
  const contentAttr = u.attr('content');
  const b64 = u.attr('content_base64');
  let content: Tracked<string> | undefined;
  if (contentAttr) content = str(contentAttr, 'the upload content');
  else if (b64) {
    const t = str(b64, 'the upload content');
    content = t && t.value !== undefined ? { ...t, value: Buffer.from(t.value, 'base64').toString('utf8') } : t;
  }
  const secretish = /secret|passw|\.pgpass|token|credential|key/i.test(file.value ?? '');
  const valueAttr = contentAttr ?? b64;
  if (content && valueAttr && (secretish || deepMarks(valueAttr.value).sensitive)) {
    content.sensitive = true;
    registerSecretValue(ctx, content.value, content.loc);
    if (b64 && valueAttr === b64) registerSecretValue(ctx, asString(b64.value), b64.loc);
  }
  const out: UploadedFile = { path: file, loc: u.loc };
  if (content) out.content = content;
  const perms = str(u.attr('permissions'), 'the file permissions');
  if (perms) out.permissions = perms;
  if (valueAttr && (secretish || content?.sensitive)) {
    out.provenance = provenanceOf(valueAttr.value);
    for (const d of deepMarks(valueAttr.value).deps ?? []) sinks.add(d);
  }
  return out;
}

/**
 * `env` is a set of "KEY=VALUE" strings. Each entry keeps the location where it is written (in the block, or in
 * the local or variable it comes from); for `"KEY=${expr}"` the value part follows `expr` to its own origin.
 */
function envOf(ctx: AdaptContext, attr: AttrView | undefined, sinks: Set<string>): EnvVar[] {
  if (!attr) return [];
  const out: EnvVar[] = [];
  const v = attr.value;
  if (v.kind !== 'list') return out;
  const outer = v.via ?? [];
  for (const item of v.items) {
    const inherited: TfValue = outer.length ? { ...item, via: chain(outer, item.via) } : item;
    const entryLoc = attr.literal || (item.loc && !item.loc.live) ? (item.loc ?? attr.loc) : attr.loc;
    const pieces = item.pieces;
    const first = pieces?.[0];
    // "KEY=${expr}": the value is expr's value, with expr's own origin (a variable default, a tfvars line)
    if (pieces?.length === 2 && typeof first === 'string' && /^[^=]+=$/.test(first) && typeof pieces[1] !== 'string') {
      const name = first.slice(0, -1);
      const part = pieces[1] as TfValue;
      const withVia: TfValue = outer.length ? { ...part, via: chain(outer, part.via) } : part;
      const partLoc = part.loc && !part.loc.live && !part.literal ? part.loc : entryLoc;
      out.push(entry(ctx, sinks, name, toTracked(withVia, partLoc, false, asStr, name), entryLoc, withVia));
      continue;
    }
    if (item.kind === 'unknown') {
      const name = typeof first === 'string' && first.includes('=') ? first.slice(0, first.indexOf('=')) : undefined;
      if (!name) continue;
      const urlHint = !!pieces?.some(
        (p, n) => typeof p === 'string' && /:\/\/[^\s/:@]+:$/.test(p) && typeof pieces[n + 1] !== 'string',
      );
      const u = unknown<string>(entryLoc, item.reason, inherited.via ? { via: inherited.via } : {});
      out.push(entry(ctx, sinks, name, u, entryLoc, inherited, urlHint));
      continue;
    }
    const s = asString(item);
    if (s === undefined || !s.includes('=')) continue;
    const eq = s.indexOf('=');
    const name = s.slice(0, eq);
    const literal = !!item.literal && !pieces;
    let valueLoc = entryLoc;
    // a plain literal "KEY=value": point at the value itself when the source text holds it unescaped
    const file = item.loc && !item.loc.live ? ctx.files.get(item.loc.file) : undefined;
    if (literal && file && item.loc) {
      const inner = file.text.slice(item.loc.start.offset + 1, item.loc.end.offset - 1);
      if (inner === s && file.text[item.loc.start.offset] === '"') {
        const start = item.loc.start.offset + 1 + eq + 1;
        valueLoc = locOf(file, start, start + s.length - eq - 1);
      }
    }
    const valueOnly = { ...inherited, kind: 'string', value: s.slice(eq + 1), literal, loc: valueLoc } as TfValue;
    delete (valueOnly as { pieces?: unknown }).pieces;
    const here = literal && !inherited.via?.length && attr.literal;
    out.push(entry(ctx, sinks, name, toTracked(valueOnly, valueLoc, here, asStr, name), entryLoc, inherited));
  }
  return out;
}

/** Provenance steps from the use site outwards, each once. */
function chain(first: Via[], then: Via[] | undefined): Via[] {
  const out: Via[] = [];
  for (const v of [...first, ...(then ?? [])]) {
    if (
      !out.some(
        (o) => o.message === v.message && o.loc.file === v.loc.file && o.loc.start.offset === v.loc.start.offset,
      )
    )
      out.push(v);
  }
  return out;
}

/**
 * One env entry. A secret that reaches the configuration only at run time (TF_VAR_x, --var) is not written in
 * any scanned file: its value is kept out of the model (it is still registered for masking).
 */
function entry(
  ctx: AdaptContext,
  sinks: Set<string>,
  name: string,
  value: Tracked<string>,
  loc: Loc,
  source: TfValue,
  urlHint = false,
): EnvVar {
  const marks = deepMarks(source);
  const fromRuntime = !!source.loc?.live;
  let tracked = value;
  if (marks.sensitive) tracked = { ...tracked, sensitive: true };
  if (isSecretName(name) && fromRuntime && tracked.value !== undefined) {
    registerSecretValue(ctx, tracked.value, undefined);
    tracked = {
      value: undefined,
      state: 'derived',
      loc: tracked.loc,
      via: tracked.via,
      sensitive: true,
      reason: 'supplied when Terraform runs (environment or command line), not written in the scanned files',
    };
  }
  const e: EnvVar = { name, value: tracked, loc };
  const url = value.value !== undefined ? urlPassword(value.value) : undefined;
  if (isSecretName(name) || url || urlHint) {
    e.provenance = provenanceOf(source);
    for (const d of marks.deps ?? []) sinks.add(d);
  }
  return e;
}

/** Config files uploaded or bind-mounted into the container (`file("postgresql.conf")`, a relative source). */
function linkConfigFiles(ctx: AdaptContext, dep: Deployment): void {
  const candidates: string[] = [];
  for (const u of dep.uploads ?? []) {
    for (const v of u.content?.via ?? []) {
      const m = /^file\("(.+)"\)$/.exec(v.message);
      if (m && ctx.files.has(v.loc.file)) candidates.push(v.loc.file);
    }
  }
  for (const m of dep.mounts ?? []) {
    if (m.kind !== 'bind' || !m.source?.value) continue;
    const rel = resolveScanned(ctx, dep.file, m.source.value);
    if (rel) candidates.push(rel);
  }
  for (const rel of candidates) {
    if (ctx.hbaFiles.has(rel) && !dep.hbaFiles.includes(rel)) dep.hbaFiles.push(rel);
    const conf = ctx.pgConfs.get(rel);
    if (conf && !dep.configFiles.includes(rel)) {
      dep.configFiles.push(rel);
      mergeFileSettings(dep, conf.settings);
    }
  }
}
