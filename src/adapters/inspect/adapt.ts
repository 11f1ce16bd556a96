/**
 * `docker inspect` containers (a file, stdin, or Docker Engine API objects) → observed deployments.
 * Every value points at its JSON value; what the JSON leaves out gets Docker's real default, never a silent one.
 * Observed state is never edited, so no value is marked `literal`.
 */
import type { Loc } from '../../core/location.js';
import { locOf } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import { byDefault, type Tracked } from '../../core/tracked.js';
import type { Deployment, EnvVar, Mount, NetworkRef, PortBinding } from '../../model/deployment.js';
import { isPostgresImage } from '../../model/image.js';
import { splitShellWords } from '../../model/settings.js';
import { isResolved, versionFromPgMajorEnv, versionFromPgVersionEnv } from '../../advisories/index.js';
import {
  entryOf,
  itemsOf,
  member,
  parseInspectText,
  stringOf,
  type JsonNode,
  type JsonObject,
  type JsonString,
} from '../../parsers/inspect/index.js';
import { applyCommandSettings, emptyDeployment, registerEnvSecrets } from '../common.js';
import type { AdaptContext } from '../context.js';
import type { FormatAdapter } from '../index.js';
import { fileLocator, liveLocator, type Locator } from './locate.js';
import { engineCaptureOf, liveObservationOf } from './observed-inputs.js';
import { adaptLiveObservation } from '../../live/adapt.js';

/** Registered in adapters/index.ts for inputs of kind `inspect`. */
export const inspectAdapter: FormatAdapter = {
  kinds: ['inspect'],
  adapt(ctx, files) {
    for (const file of files) {
      const live = liveObservationOf(file);
      if (live) adaptLiveObservation(ctx, live);
      else adaptInspectFile(ctx, file);
    }
  },
};

export function adaptInspectFile(ctx: AdaptContext, file: SourceFile): void {
  const engine = engineCaptureOf(file);
  const parsed = parseInspectText(file.text);
  if (parsed.error) {
    ctx.problems.push({
      file: file.rel,
      kind: 'parse-error',
      message: `docker inspect JSON: ${parsed.error.message}`,
      loc: engine ? undefined : locOf(file, parsed.error.offset, parsed.error.offset + 1),
    });
    return;
  }
  for (const other of parsed.others) {
    ctx.problems.push({
      file: file.rel,
      kind: 'skipped',
      message: `skipped ${other.node.path || 'the document'}: ${other.why}`,
      loc: engine ? undefined : locOf(file, other.node.start, other.node.start + 1),
    });
  }
  const ids = new Set(ctx.deployments.map((d) => d.id));
  parsed.containers.forEach((container, index) => {
    const name = containerName(container, index);
    const locator = engine ? liveLocator(engine.target, name) : fileLocator(file);
    const dep = adaptContainer(ctx, container, locator, name);
    if (ids.has(dep.id)) return; // the same file given twice (a folder and --inspect)
    ids.add(dep.id);
    ctx.deployments.push(dep);
  });
}

export function containerName(container: JsonObject, index: number): string {
  const name = stringOf(member(container, 'Name'))?.replace(/^\//, '');
  if (name) return name;
  const id = stringOf(member(container, 'Id'));
  return id ? id.slice(0, 12) : `container-${index + 1}`;
}

const observed = <T>(value: T, loc: Loc): Tracked<T> => ({ value, state: 'explicit', loc });

/** Environment variables of images and of PostgreSQL whose values are never secrets. */
const HARMLESS_ENV =
  /^(PATH|LANG|LANGUAGE|LC_[A-Z]+|TZ|HOME|HOSTNAME|TERM|SHLVL|PWD|PG_MAJOR|PG_VERSION|PGDATA|PGPORT|PGHOST|PGUSER|PGDATABASE|POSTGRES_DB|POSTGRES_USER|POSTGRES_HOST_AUTH_METHOD|POSTGRES_INITDB_ARGS|POSTGRES_INITDB_WALDIR|[A-Z0-9_]+_VERSION|[A-Z0-9_]+_FILE)$/;

/** One container object → one observed deployment. */
export function adaptContainer(ctx: AdaptContext, c: JsonObject, L: Locator, name: string): Deployment {
  const nameNode = member(c, 'Name') ?? member(c, 'Id');
  const depLoc = nameNode ? L.at(nameNode) : L.at({ start: c.start, end: c.start + 1, path: c.path });
  const dep = emptyDeployment('inspect', 'observed', L.file, name, depLoc);
  dep.containerName = observed(name, depLoc);

  const config = member(c, 'Config');
  const host = member(c, 'HostConfig');
  const configAnchor = anchor(L, c, 'Config', depLoc);
  const hostAnchor = anchor(L, c, 'HostConfig', depLoc);

  const str = (parent: JsonNode | undefined, key: string): Tracked<string> | undefined => {
    const n = member(parent, key);
    if (n?.kind === 'string') return observed(n.value, L.at(n));
    if (n?.kind === 'number') return observed(n.raw, L.at(n));
    return undefined;
  };
  const bool = (key: string, dflt: boolean, why: string): Tracked<boolean> => {
    const n = member(host, key);
    if (n?.kind === 'boolean') return observed(n.value, L.at(n));
    return byDefault(dflt, hostAnchor, why);
  };
  const list = (parent: JsonNode | undefined, key: string): Tracked<string>[] =>
    itemsOf(member(parent, key)).flatMap((i) => (i.kind === 'string' ? [observed(i.value, L.at(i))] : []));

  // image
  const image = str(config, 'Image');
  if (image) dep.image = { ref: image, ...(/^sha256:[0-9a-f]+$/i.test(image.value ?? '') ? { opaque: true } : {}) };

  // environment (observed values: secrets among them are registered so no report prints them)
  dep.env = envOf(member(config, 'Env'), L);
  registerEnvSecrets(dep.env, ctx.secrets);
  // an observed environment is live configuration: any value not known to be harmless may be a credential
  for (const e of dep.env) {
    if (e.value.value && !HARMLESS_ENV.test(e.name)) ctx.secrets.add(e.value.value, e.value.loc);
  }
  dep.pgVersion = versionOf(dep.env);

  // command
  dep.command = commandOf(member(config, 'Cmd'), L);
  dep.entrypoint = commandOf(member(config, 'Entrypoint'), L);
  applyCommandSettings(dep, dep.command);

  const hasPgEnv = dep.env.some((e) => /^(POSTGRES_|PG_VERSION$|PG_MAJOR$|PGDATA$)/.test(e.name));
  const runsPostgres = dep.command?.value?.[0] === 'postgres';
  if (image?.value && isPostgresImage(image.value)) dep.postgres = { is: true, reason: `image ${image.value}` };
  else if (hasPgEnv) dep.postgres = { is: true, reason: 'PostgreSQL image environment (PG_VERSION / POSTGRES_*)' };
  else if (runsPostgres) dep.postgres = { is: true, reason: 'the container runs postgres' };
  else dep.postgres = { is: false, reason: 'not a PostgreSQL image' };

  // user, healthcheck, labels
  dep.user =
    str(config, 'User') && stringOf(member(config, 'User')) !== ''
      ? str(config, 'User')
      : byDefault('', member(config, 'User') ? L.at(member(config, 'User') as JsonNode) : configAnchor, 'no user set');
  dep.healthcheck = healthcheckOf(config, L);
  const labels = member(config, 'Labels');
  if (labels?.kind === 'object') {
    dep.labels = {};
    for (const e of labels.entries)
      if (e.value.kind === 'string') dep.labels[e.key] = observed(e.value.value, L.at(e.value));
  }

  // runtime
  dep.privileged = bool('Privileged', false, 'not privileged (Docker default)');
  dep.readOnlyRoot = bool('ReadonlyRootfs', false, 'writable root filesystem (Docker default)');
  dep.publishAll = bool('PublishAllPorts', false, 'ports are not all published (Docker default)');
  dep.capAdd = list(host, 'CapAdd');
  dep.capDrop = list(host, 'CapDrop');
  dep.securityOpt = list(host, 'SecurityOpt');
  dep.namespaces = {};
  for (const [key, ns] of [
    ['PidMode', 'pid'],
    ['IpcMode', 'ipc'],
    ['UsernsMode', 'userns'],
    ['UTSMode', 'uts'],
    ['CgroupnsMode', 'cgroupns'],
  ] as const) {
    const v = str(host, key);
    if (v?.value) dep.namespaces[ns] = v;
  }
  dep.memoryLimit = str(host, 'Memory') ?? byDefault('0', hostAnchor, 'no memory limit (Docker default)');
  dep.cpuLimit = cpuOf(host, L) ?? byDefault('0', hostAnchor, 'no CPU limit (Docker default)');
  const pids = member(host, 'PidsLimit');
  dep.pidsLimit =
    pids?.kind === 'number'
      ? observed(pids.raw, L.at(pids))
      : byDefault('0', hostAnchor, 'no process limit (Docker default)');
  dep.devices = itemsOf(member(host, 'Devices')).flatMap((d) => {
    const from = stringOf(member(d, 'PathOnHost'));
    if (!from) return [];
    const to = stringOf(member(d, 'PathInContainer')) ?? from;
    const perms = stringOf(member(d, 'CgroupPermissions')) ?? 'rwm';
    return [observed(`${from}:${to}:${perms}`, L.at(d))];
  });
  dep.tmpfs = tmpfsOf(host, L);
  dep.logging = loggingOf(host, L, hostAnchor);

  // network
  const mode = str(host, 'NetworkMode');
  dep.networkMode = mode ?? byDefault('default', hostAnchor, 'the default bridge network');
  dep.networks = networksOf(member(member(c, 'NetworkSettings'), 'Networks'), L);
  dep.ports = portsOf(host, member(member(c, 'NetworkSettings'), 'Ports'), L);

  // storage
  dep.mounts = mountsOf(host, member(c, 'Mounts'), L);
  return dep;
}

/** The key of a top-level section: a one-line anchor for defaults of fields the section leaves out. */
function anchor(L: Locator, c: JsonObject, key: string, fallback: Loc): Loc {
  const e = entryOf(c, key);
  return e ? L.key(e, e.value.path) : fallback;
}

function envOf(node: JsonNode | undefined, L: Locator): EnvVar[] {
  const out: EnvVar[] = [];
  for (const item of itemsOf(node)) {
    if (item.kind !== 'string') continue;
    const eq = item.value.indexOf('=');
    const name = eq < 0 ? item.value : item.value.slice(0, eq);
    const value = eq < 0 ? '' : item.value.slice(eq + 1);
    if (!name) continue;
    out.push({
      name,
      value: observed(value, L.inString(item, eq + 1, item.value.length)),
      loc: L.at(item),
    });
  }
  return out;
}

/** PG_VERSION (exact) or PG_MAJOR (major only) from the image environment: what actually runs. */
function versionOf(env: EnvVar[]): Tracked<string> | undefined {
  const get = (n: string) => [...env].reverse().find((e) => e.name === n);
  const full = get('PG_VERSION');
  if (full?.value.value) {
    const r = versionFromPgVersionEnv(full.value.value);
    if (isResolved(r))
      return { value: r.version, state: 'explicit', loc: full.loc, via: [{ loc: full.loc, message: r.reason }] };
  }
  const major = get('PG_MAJOR');
  if (major?.value.value) {
    const r = versionFromPgMajorEnv(major.value.value);
    if (isResolved(r))
      return { value: r.version, state: 'explicit', loc: major.loc, via: [{ loc: major.loc, message: r.reason }] };
  }
  return undefined;
}

function commandOf(node: JsonNode | undefined, L: Locator): Tracked<string[]> | undefined {
  if (!node || node.kind === 'null') return undefined;
  if (node.kind === 'string') return observed(splitShellWords(node.value), L.at(node));
  if (node.kind !== 'array') return undefined;
  return observed(
    node.items.map((i) => (i.kind === 'string' ? i.value : i.kind === 'number' ? i.raw : '')),
    L.at(node),
  );
}

function healthcheckOf(config: JsonNode | undefined, L: Locator): Deployment['healthcheck'] {
  const hc = member(config, 'Healthcheck');
  if (hc?.kind !== 'object') return undefined;
  const test = member(hc, 'Test');
  const words = itemsOf(test).flatMap((i) => (i.kind === 'string' ? [i.value] : []));
  const t = test ? observed(words, L.at(test)) : undefined;
  return { enabled: words.length > 0 && (words[0] ?? '').toUpperCase() !== 'NONE', test: t, loc: L.at(test ?? hc) };
}

function cpuOf(host: JsonNode | undefined, L: Locator): Tracked<string> | undefined {
  const nano = member(host, 'NanoCpus');
  if (nano?.kind === 'number' && nano.value > 0) return observed(String(nano.value / 1e9), L.at(nano));
  const quota = member(host, 'CpuQuota');
  const period = member(host, 'CpuPeriod');
  if (quota?.kind === 'number' && quota.value > 0) {
    const p = period?.kind === 'number' && period.value > 0 ? period.value : 100_000;
    return observed(String(Math.round((quota.value / p) * 100) / 100), L.at(quota));
  }
  if (nano?.kind === 'number') return observed('0', L.at(nano));
  return undefined;
}

function tmpfsOf(host: JsonNode | undefined, L: Locator): Tracked<string>[] {
  const t = member(host, 'Tmpfs');
  if (t?.kind !== 'object') return [];
  return t.entries.map((e) => {
    const opts = e.value.kind === 'string' ? e.value.value : '';
    return observed(opts ? `${e.key}:${opts}` : e.key, L.at(e.value));
  });
}

function loggingOf(host: JsonNode | undefined, L: Locator, hostAnchor: Loc): Deployment['logging'] {
  const lc = member(host, 'LogConfig');
  if (lc?.kind !== 'object') return undefined;
  const type = member(lc, 'Type');
  const options: Record<string, Tracked<string>> = {};
  const cfg = member(lc, 'Config');
  if (cfg?.kind === 'object') {
    for (const e of cfg.entries) if (e.value.kind === 'string') options[e.key] = observed(e.value.value, L.at(e.value));
  }
  const loc = L.at(lc);
  return {
    driver:
      type?.kind === 'string' && type.value
        ? observed(type.value, L.at(type))
        : byDefault('json-file', hostAnchor, 'Docker daemon default'),
    options,
    loc: type ? L.at(type) : loc,
  };
}

/** Networks the container is attached to; Docker's default `bridge` (and host/none) is not a user-defined one. */
function networksOf(node: JsonNode | undefined, L: Locator): NetworkRef[] {
  if (node?.kind !== 'object') return [];
  return node.entries
    .filter((e) => !['bridge', 'host', 'none'].includes(e.key))
    .map((e) => {
      const loc = L.key(e, e.value.path);
      return {
        name: observed(e.key, loc),
        internal: {
          value: undefined,
          state: 'unknown',
          loc,
          reason: `a container's inspect data does not say whether network "${e.key}" is internal (see docker network inspect ${e.key})`,
        },
        loc,
      } satisfies NetworkRef;
    });
}

function splitPortKey(key: string): { port: string; protocol: string } {
  const [port = key, protocol = 'tcp'] = key.split('/');
  return { port, protocol };
}

/**
 * Published ports: the configured `HostConfig.PortBindings` (one entry per binding, HostIp "" meaning every
 * interface), with the addresses Docker actually bound (`NetworkSettings.Ports`) as the chain. When nothing is
 * configured but ports are bound (published all, or an older engine), the bound ones.
 */
function portsOf(host: JsonNode | undefined, bound: JsonNode | undefined, L: Locator): PortBinding[] {
  const out: PortBinding[] = [];
  const boundFor = (key: string) => itemsOf(member(bound, key));
  const pb = member(host, 'PortBindings');
  if (pb?.kind === 'object') {
    for (const e of pb.entries) {
      const { port, protocol } = splitPortKey(e.key);
      const keyLoc = L.key(e, e.value.path);
      for (const b of itemsOf(e.value)) {
        const loc = L.at(b);
        const ipNode = member(b, 'HostIp');
        const portNode = member(b, 'HostPort');
        const actual = boundFor(e.key)
          .filter(
            (x) => !portNode || stringOf(member(x, 'HostPort')) === stringOf(portNode) || stringOf(portNode) === '',
          )
          .map((x) => ({
            loc: L.at(x),
            message: `bound at runtime to ${hostPortText(stringOf(member(x, 'HostIp')), stringOf(member(x, 'HostPort')))}`,
          }));
        out.push({
          containerPort: observed(port, keyLoc),
          hostPort: hostPortOf(portNode as JsonString | undefined, L, loc),
          hostIp: hostIpOf(ipNode, L, loc, actual),
          protocol,
          loc,
        });
      }
    }
  }
  if (out.length || bound?.kind !== 'object') return out;
  for (const e of bound.entries) {
    const { port, protocol } = splitPortKey(e.key);
    const keyLoc = L.key(e, e.value.path);
    const items = itemsOf(e.value);
    const v4Ports = new Set(
      items.filter((x) => stringOf(member(x, 'HostIp')) === '0.0.0.0').map((x) => stringOf(member(x, 'HostPort'))),
    );
    for (const b of items) {
      const ip = stringOf(member(b, 'HostIp'));
      // Docker binds every all-interface port twice (0.0.0.0 and ::): one binding, not two
      if (ip === '::' && v4Ports.has(stringOf(member(b, 'HostPort')))) continue;
      const loc = L.at(b);
      out.push({
        containerPort: observed(port, keyLoc),
        hostPort: hostPortOf(member(b, 'HostPort') as JsonString | undefined, L, loc),
        hostIp: hostIpOf(member(b, 'HostIp'), L, loc, []),
        protocol,
        loc,
      });
    }
  }
  return out;
}

function hostPortText(ip: string | undefined, port: string | undefined): string {
  const host = ip || '0.0.0.0';
  return `${host.includes(':') ? `[${host}]` : host}:${port ?? '?'}`;
}

function hostIpOf(
  node: JsonNode | undefined,
  L: Locator,
  bindingLoc: Loc,
  via: Array<{ loc: Loc; message: string }>,
): Tracked<string> {
  const ip = node?.kind === 'string' ? node.value : '';
  const loc = node ? L.at(node) : bindingLoc;
  if (ip === '')
    return {
      value: '0.0.0.0',
      state: 'default',
      loc,
      reason: 'HostIp is empty: every interface',
      ...(via.length ? { via } : {}),
    };
  return { value: ip, state: 'explicit', loc, ...(via.length ? { via } : {}) };
}

function hostPortOf(node: JsonString | undefined, L: Locator, bindingLoc: Loc): Tracked<string> {
  if (node?.kind === 'string' && node.value !== '') return observed(node.value, L.at(node));
  return byDefault<string>(undefined, node ? L.at(node) : bindingLoc, 'random host port');
}

const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

/** Binds and Mounts as configured; runtime mounts add what the configuration does not name (image VOLUMEs). */
function mountsOf(host: JsonNode | undefined, runtime: JsonNode | undefined, L: Locator): Mount[] {
  const out: Mount[] = [];
  for (const b of itemsOf(member(host, 'Binds'))) {
    if (b.kind !== 'string') continue;
    const loc = L.at(b);
    const parts = b.value.split(':');
    const [source = '', target = '', mode = ''] = parts;
    if (parts.length < 2) continue;
    const sourceEnd = source.length;
    out.push({
      kind: source.startsWith('/') ? 'bind' : 'volume',
      source: observed(source, L.inString(b, 0, sourceEnd)),
      target: observed(target, L.inString(b, sourceEnd + 1, sourceEnd + 1 + target.length)),
      readOnly: mode.split(',').includes('ro'),
      loc,
    });
  }
  for (const m of itemsOf(member(host, 'Mounts'))) {
    const type = stringOf(member(m, 'Type')) ?? '';
    const source = member(m, 'Source');
    const target = member(m, 'Target');
    const loc = L.at(m);
    const src = stringOf(source);
    out.push({
      kind:
        type === 'bind'
          ? 'bind'
          : type === 'tmpfs'
            ? 'tmpfs'
            : type === 'volume'
              ? src
                ? 'volume'
                : 'anonymous'
              : 'unknown',
      source: src !== undefined && source ? observed(src, L.at(source)) : undefined,
      target:
        target?.kind === 'string'
          ? observed(target.value, L.at(target))
          : byDefault<string>(undefined, loc, 'no target'),
      readOnly: member(m, 'ReadOnly')?.kind === 'boolean' && (member(m, 'ReadOnly') as { value: boolean }).value,
      loc,
    });
  }
  const targets = new Set(out.map((m) => m.target.value));
  for (const m of itemsOf(runtime)) {
    const dest = member(m, 'Destination');
    const destination = stringOf(dest);
    if (!destination || targets.has(destination)) continue;
    const type = stringOf(member(m, 'Type')) ?? '';
    const volName = stringOf(member(m, 'Name'));
    const sourceNode = member(m, 'Source');
    const kind: Mount['kind'] =
      type === 'bind'
        ? 'bind'
        : type === 'tmpfs'
          ? 'tmpfs'
          : type === 'volume'
            ? volName && !ANONYMOUS_VOLUME.test(volName)
              ? 'volume'
              : 'anonymous'
            : 'unknown';
    const rw = member(m, 'RW');
    out.push({
      kind,
      source:
        kind === 'volume' && volName
          ? observed(volName, L.at(member(m, 'Name') as JsonNode))
          : kind === 'bind' && sourceNode?.kind === 'string'
            ? observed(sourceNode.value, L.at(sourceNode))
            : undefined,
      target: observed(destination, L.at(dest as JsonNode)),
      readOnly: rw?.kind === 'boolean' ? !rw.value : false,
      loc: L.at(m),
    });
  }
  return out;
}
