import { isScalar, isSeq, visit, type Document } from 'yaml';
import type { Loc } from '../../core/location.js';
import type { InputProblem } from '../../core/scan-model.js';
import type { SourceFile } from '../../core/source.js';
import { byDefault, unknown, type Tracked } from '../../core/tracked.js';
import type { Deployment, Mount, NetworkRef, PortBinding, SecretRef } from '../../model/deployment.js';
import { isPostgresImage } from '../../model/image.js';
import { splitShellWords } from '../../model/settings.js';
import { interpolate, type EnvFileValue } from '../../evaluate/compose/interpolate.js';
import { parseDotenv } from '../../parsers/compose/dotenv.js';
import { isIgnoredByGit } from '../../discover/git.js';
import {
  mapEntries,
  nodeLoc,
  parseYaml,
  scalarText,
  seqItems,
  isMapRef,
  sourceText,
  yamlComments,
  type NodeRef,
} from '../../parsers/compose/yaml-source.js';
import {
  applyCommandSettings,
  emptyDeployment,
  mergeFileSettings,
  registerCommandSecrets,
  registerEnvSecrets,
} from '../common.js';
import { resolveScanned, type AdaptContext } from '../context.js';
import { innerSpan, mergeService, readComposeFile, type ComposeFileModel, type ServiceSpec } from './project.js';
import { parsePortSpec } from './ports.js';

const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/**
 * Compose files of one folder: base + override make one project (what `docker compose up` reads); each other
 * variant is `-f base -f variant`, which does not load the override file.
 */
function groupProjects(files: SourceFile[]): SourceFile[][] {
  const byDir = new Map<string, SourceFile[]>();
  for (const f of files) {
    const dir = f.rel.includes('/') ? f.rel.slice(0, f.rel.lastIndexOf('/')) : '';
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  const projects: SourceFile[][] = [];
  for (const group of byDir.values()) {
    const baseName = (f: SourceFile) => f.rel.split('/').pop() ?? f.rel;
    const bases = group.filter((f) => BASE_NAMES.includes(baseName(f)));
    const base = bases.sort((a, b) => BASE_NAMES.indexOf(baseName(a)) - BASE_NAMES.indexOf(baseName(b)))[0];
    const overrides = group.filter((f) => /\.override\.ya?ml$/i.test(baseName(f)));
    const variants = group.filter((f) => f !== base && !overrides.includes(f) && !bases.includes(f));
    const extraBases = bases.filter((f) => f !== base);
    if (base) projects.push([base, ...overrides]);
    else for (const o of overrides) projects.push([o]);
    for (const v of [...variants, ...extraBases]) projects.push(base ? [base, v] : [v]);
  }
  return projects;
}

export function adaptCompose(ctx: AdaptContext, composeFiles: SourceFile[]): void {
  const parsed = new Map<string, ComposeFileModel>();
  for (const file of composeFiles) {
    const yaml = parseYaml(file);
    for (const c of yamlComments(file)) ctx.comments.push({ loc: c.loc, text: c.text, format: 'compose' });
    if (yaml.diagnostics.length) {
      for (const d of yaml.diagnostics) {
        ctx.problems.push({ file: file.rel, kind: 'parse-error', message: `YAML: ${d.message}`, loc: d.loc });
      }
      continue;
    }
    for (const e of interpolationErrors(file, yaml.doc)) {
      ctx.problems.push({ file: file.rel, kind: 'parse-error', message: e.message, loc: e.loc });
    }
    parsed.set(file.rel, readComposeFile(file, yaml.doc));
    for (const problem of shapeProblems(file, yaml.doc)) ctx.problems.push(problem);
  }
  const seen = new Set<string>();
  for (const project of groupProjects(composeFiles)) {
    const models = project.map((f) => parsed.get(f.rel)).filter((m): m is ComposeFileModel => !!m);
    if (!models.length) continue;
    const services = mergeProject(ctx, models);
    const top = models[models.length - 1] as ComposeFileModel;
    const env = loadDotenv(ctx, top.file);
    for (const spec of services.values()) {
      const dep = adaptService(ctx, spec, models, env);
      if (seen.has(dep.id)) continue;
      seen.add(dep.id);
      ctx.deployments.push(dep);
    }
  }
}

/** Values compose refuses to interpolate (`${` without `}`, `${}`): the whole file fails to load. */
function interpolationErrors(file: SourceFile, doc: Document): Array<{ message: string; loc: Loc }> {
  const out: Array<{ message: string; loc: Loc }> = [];
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$')) return;
      const r = interpolate(node.value, new Map());
      if (!r.error) return;
      out.push({
        message: `compose: invalid interpolation: ${r.error} (write a literal $ as $$)`,
        loc: innerSpan({ node, file }, 0),
      });
    },
  });
  return out;
}

function mergeProject(ctx: AdaptContext, models: ComposeFileModel[]): Map<string, ServiceSpec> {
  const services = new Map<string, ServiceSpec>();
  for (const m of models) {
    for (const [name, spec] of m.services) {
      const withBase = resolveExtends(ctx, spec, m, 0);
      const prev = services.get(name);
      services.set(name, prev ? mergeService(prev, withBase) : withBase);
    }
  }
  return services;
}

function resolveExtends(ctx: AdaptContext, spec: ServiceSpec, model: ComposeFileModel, depth: number): ServiceSpec {
  const ext = spec.fields.get('extends');
  if (!ext || depth > 10) return spec;
  let serviceName = scalarText(ext.ref);
  let fromModel: ComposeFileModel | undefined = model;
  if (isMapRef(ext.ref)) {
    const entries = new Map(mapEntries(ext.ref, ext.doc).map((e) => [e.key, scalarText(e.value)]));
    serviceName = entries.get('service');
    const file = entries.get('file');
    if (file) {
      const rel = resolveScanned(ctx, model.file.rel, file);
      const target = rel ? ctx.files.get(rel) : undefined;
      if (!target) {
        ctx.problems.push({
          file: model.file.rel,
          kind: 'parse-error',
          message: `extends: file "${file}" is not in the scanned tree; service "${spec.name}" is checked without it`,
          loc: ext.pairLoc,
        });
        return spec;
      }
      const y = parseYaml(target);
      fromModel = y.diagnostics.length ? undefined : readComposeFile(target, y.doc);
    }
  }
  const base = serviceName && fromModel ? fromModel.services.get(serviceName) : undefined;
  if (!base || !fromModel) {
    ctx.problems.push({
      file: model.file.rel,
      kind: 'parse-error',
      message: `extends: service "${serviceName ?? '?'}" not found`,
      loc: ext.pairLoc,
    });
    return spec;
  }
  return mergeService(resolveExtends(ctx, base, fromModel, depth + 1), spec);
}

function loadDotenv(ctx: AdaptContext, composeFile: SourceFile): Map<string, EnvFileValue> {
  const rel = resolveScanned(ctx, composeFile.rel, '.env');
  const file = rel ? ctx.files.get(rel) : undefined;
  if (!file) return new Map();
  const values = parseDotenv(file);
  // a .env that git ignores is deploy-time input on this machine, not a value committed to the repository
  if (isIgnoredByGit(file.abs)) for (const v of values.values()) v.uncommitted = true;
  return values;
}

function trackedString(ref: NodeRef, env: Map<string, EnvFileValue>, loc?: Loc): Tracked<string> {
  return trackedText(scalarText(ref), loc ?? innerSpan(ref, 0), env, ref.via);
}

/** A compose value as a tracked string: interpolated from `.env`; a fallback default written here is a literal. */
function trackedText(
  raw: string | undefined,
  where: Loc,
  env: Map<string, EnvFileValue>,
  anchor: Loc | undefined,
): Tracked<string> {
  if (raw === undefined) return unknown(where, 'not a plain value');
  const r = interpolate(raw, env);
  const via = r.fromEnvFile.map((e) => ({
    loc: e.loc,
    message: `\${${e.name}} from .env${env.get(e.name)?.uncommitted ? ' (ignored by git, not committed)' : ''}`,
  }));
  if (anchor) via.push({ loc: anchor, message: 'through a YAML anchor' });
  if (r.error) return unknown(where, `invalid interpolation: ${r.error}`, { via });
  if (r.value === undefined) {
    return unknown(where, `variable ${r.unresolved.map((v) => '${' + v + '}').join(', ')} has no value in the scan`, {
      via,
    });
  }
  if (!r.hasVariables)
    return { value: r.value, state: 'explicit', loc: where, literal: true, via: via.length ? via : undefined };
  return {
    value: r.value,
    state: 'derived',
    loc: where,
    via,
    literal: r.usedFallback && r.fromEnvFile.length === 0,
  };
}

function adaptService(
  ctx: AdaptContext,
  spec: ServiceSpec,
  models: ComposeFileModel[],
  env: Map<string, EnvFileValue>,
): Deployment {
  const dep = emptyDeployment('compose', 'declared', spec.file.rel, spec.name, spec.loc);
  const field = (k: string) => spec.fields.get(k);
  const str = (k: string) => {
    const f = field(k);
    return f ? trackedString(f.ref, env) : undefined;
  };
  const bool = (k: string): Tracked<boolean> | undefined => {
    const f = field(k);
    if (!f) return undefined;
    const t = trackedString(f.ref, env);
    return { ...t, value: t.value === undefined ? undefined : /^(true|yes|on|1)$/i.test(t.value) };
  };
  const list = (k: string) => (spec.lists.get(k) ?? []).map((item) => trackedString(item.ref, env));

  if (spec.via.length) dep.notes = [`merged from ${spec.via.map((l) => `${l.file}:${l.start.line}`).join(', ')}`];

  // image and whether this is PostgreSQL
  const image = str('image');
  if (image) dep.image = { ref: image };
  const hasPgEnv = [...spec.environment.keys()].some((k) => /^POSTGRES_|^PGDATA$/.test(k));
  const build = field('build');
  const imageText = image?.value ?? scalarText(field('image')?.ref)?.replace(/\$\{[^}]*\}/g, '');
  if (imageText && isPostgresImage(imageText))
    dep.postgres = { is: true, reason: `image ${image?.value ?? imageText}` };
  else if (hasPgEnv) dep.postgres = { is: true, reason: 'POSTGRES_* environment' };
  const built = build ? builtFrom(ctx, spec, build.ref) : undefined;
  if (!dep.postgres.is && built?.postgres.is) dep.postgres = { is: true, reason: `built from ${built.file}` };
  else if (!dep.postgres.is && image && image.state === 'unknown')
    dep.postgres = { is: false, reason: 'image unknown' };

  // runtime
  dep.user = str('user');
  dep.privileged = bool('privileged') ?? byDefault(false, spec.loc);
  dep.readOnlyRoot = bool('read_only') ?? byDefault(false, spec.loc);
  dep.capAdd = list('cap_add');
  dep.capDrop = list('cap_drop');
  dep.securityOpt = list('security_opt');
  dep.devices = list('devices');
  dep.tmpfs = list('tmpfs');
  dep.namespaces = {};
  for (const [key, ns] of [
    ['pid', 'pid'],
    ['ipc', 'ipc'],
    ['userns_mode', 'userns'],
    ['uts', 'uts'],
    ['cgroup', 'cgroupns'],
  ] as const) {
    const v = str(key);
    if (v) dep.namespaces[ns] = v;
  }
  dep.networkMode = str('network_mode');
  dep.memoryLimit = str('mem_limit') ?? deployLimit(spec, env, 'memory');
  dep.cpuLimit = str('cpus') ?? deployLimit(spec, env, 'cpus');
  dep.healthcheck = healthcheckOf(spec, env);
  dep.logging = loggingOf(spec, env);

  dep.ports = portsOf(spec, env);
  dep.networks = networksOf(spec, models, env);
  dep.mounts = mountsOf(spec, env);
  dep.secrets = secretsOf(spec, models, env);

  for (const [name, e] of spec.environment) {
    const value: Tracked<string> =
      e.raw === undefined
        ? unknown(e.valueLoc, `${name} is taken from the shell environment at deploy time`)
        : trackedText(e.raw, e.valueLoc, env, e.via);
    dep.env.push({ name, value, loc: e.entryLoc });
  }
  envFilesOf(ctx, dep, spec, env);
  registerEnvSecrets(dep.env, ctx.secrets);

  dep.command = commandOf(field('command'), env);
  dep.entrypoint = commandOf(field('entrypoint'), env);
  if (built && build) inheritFromImage(dep, built, build.keyLoc, !field('entrypoint'));
  registerCommandSecrets(dep, ctx.secrets, ctx.files);
  applyCommandSettings(dep, dep.entrypoint);
  applyCommandSettings(dep, dep.command);
  linkConfigFiles(ctx, dep);
  if (built) linkImageConfigFiles(ctx, dep, built);
  return dep;
}

function deployLimit(spec: ServiceSpec, env: Map<string, EnvFileValue>, key: string): Tracked<string> | undefined {
  const deploy = spec.fields.get('deploy');
  if (!deploy) return undefined;
  const resources = mapEntries(deploy.ref, deploy.doc).find((e) => e.key === 'resources')?.value;
  const limits = resources && mapEntries(resources, deploy.doc).find((e) => e.key === 'limits')?.value;
  const value = limits && mapEntries(limits, deploy.doc).find((e) => e.key === key)?.value;
  return value ? trackedString(value, env) : undefined;
}

function healthcheckOf(spec: ServiceSpec, env: Map<string, EnvFileValue>): Deployment['healthcheck'] {
  const hc = spec.fields.get('healthcheck');
  if (!hc) return undefined;
  const entries = new Map(mapEntries(hc.ref, hc.doc).map((e) => [e.key, e.value]));
  const disable = entries.get('disable');
  const testRef = entries.get('test');
  const test = testRef
    ? commandOf({ ref: testRef, doc: hc.doc, keyLoc: hc.keyLoc, pairLoc: hc.pairLoc }, env)
    : undefined;
  const disabled =
    (disable && /^true$/i.test(scalarText(disable) ?? '')) || (test?.value?.[0] ?? '').toUpperCase() === 'NONE';
  return { enabled: !disabled, test, loc: hc.keyLoc };
}

function loggingOf(spec: ServiceSpec, env: Map<string, EnvFileValue>): Deployment['logging'] {
  const lg = spec.fields.get('logging');
  if (!lg) return undefined;
  const entries = new Map(mapEntries(lg.ref, lg.doc).map((e) => [e.key, e.value]));
  const driverRef = entries.get('driver');
  const options: Record<string, Tracked<string>> = {};
  const opts = entries.get('options');
  if (opts) for (const o of mapEntries(opts, lg.doc)) if (o.value) options[o.key] = trackedString(o.value, env);
  return {
    driver: driverRef ? trackedString(driverRef, env) : byDefault('json-file', lg.keyLoc, 'Docker daemon default'),
    options,
    loc: lg.keyLoc,
  };
}

function portsOf(spec: ServiceSpec, env: Map<string, EnvFileValue>): PortBinding[] {
  const out: PortBinding[] = [];
  for (const item of spec.lists.get('ports') ?? []) {
    const loc = nodeLoc(item.ref);
    if (isMapRef(item.ref)) {
      const e = new Map(mapEntries(item.ref, item.doc).map((x) => [x.key, x.value]));
      const target = e.get('target');
      const published = e.get('published');
      const hostIp = e.get('host_ip');
      out.push({
        containerPort: target ? trackedString(target, env) : unknown(loc, 'no target port'),
        hostPort: published ? trackedString(published, env) : byDefault<string>(undefined, loc, 'random host port'),
        hostIp: hostIp ? trackedString(hostIp, env) : byDefault('0.0.0.0', loc, 'no host_ip: every interface'),
        protocol: scalarText(e.get('protocol')) ?? 'tcp',
        loc,
      });
      continue;
    }
    const t = trackedString(item.ref, env, loc);
    if (t.value === undefined) {
      out.push({ containerPort: t, hostPort: t, hostIp: t, protocol: 'tcp', loc });
      continue;
    }
    const p = parsePortSpec(t.value);
    if (!p) {
      const reason = `invalid: cannot read port mapping "${t.value}" (expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])`;
      // nothing of an unreadable mapping is known: not its address either
      out.push({
        containerPort: unknown(loc, reason),
        hostPort: unknown(loc, reason),
        hostIp: unknown(loc, reason),
        protocol: 'tcp',
        loc,
      });
      continue;
    }
    const base = { state: t.state, loc, via: t.via, literal: t.literal } as const;
    out.push({
      containerPort: { ...base, value: p.containerPort },
      hostPort:
        p.hostPort === undefined
          ? byDefault<string>(undefined, loc, 'random host port')
          : { ...base, value: p.hostPort },
      hostIp:
        p.hostIp === undefined
          ? byDefault('0.0.0.0', loc, 'no host address: every interface')
          : { ...base, value: p.hostIp },
      protocol: p.protocol,
      loc,
    });
  }
  return out;
}

function topLevelEntry(models: ComposeFileModel[], section: string, name: string) {
  for (const m of [...models].reverse()) {
    const sec = m.topLevel.get(section);
    if (!sec) continue;
    const entry = mapEntries(sec.ref, sec.doc).find((e) => e.key === name);
    if (entry) return { entry, doc: sec.doc };
  }
  return undefined;
}

function networksOf(spec: ServiceSpec, models: ComposeFileModel[], env: Map<string, EnvFileValue>): NetworkRef[] {
  const items = spec.lists.get('networks');
  if (!items) {
    if (spec.fields.has('network_mode')) return [];
    // compose puts every service on the project's own network: user-defined, not the default bridge
    return [
      {
        name: byDefault('default', spec.loc, 'the project network compose creates'),
        internal: byDefault(false, spec.loc, 'the project network is not internal'),
        loc: spec.loc,
      },
    ];
  }
  return items.map((item) => {
    const name = item.key ?? scalarText(item.ref) ?? '';
    const loc = item.keyLoc ?? nodeLoc(item.ref);
    const def = topLevelEntry(models, 'networks', name);
    let internal: Tracked<boolean> = byDefault(false, def?.entry.keyLoc ?? loc, 'network is not internal');
    if (def?.entry.value) {
      const props = new Map(mapEntries(def.entry.value, def.doc).map((e) => [e.key, e.value]));
      const internalRef = props.get('internal');
      const external = props.get('external');
      if (internalRef) {
        const t = trackedString(internalRef, env);
        internal = { ...t, value: t.value === undefined ? undefined : /^true$/i.test(t.value) };
      } else if (external && /^true$/i.test(scalarText(external) ?? '')) {
        internal = unknown(def.entry.keyLoc, `network "${name}" is external: defined outside this project`);
      }
    }
    return { name: { value: name, state: 'explicit', loc, literal: true }, internal, loc };
  });
}

function mountsOf(spec: ServiceSpec, env: Map<string, EnvFileValue>): Mount[] {
  const out: Mount[] = [];
  for (const item of spec.lists.get('volumes') ?? []) {
    const loc = nodeLoc(item.ref);
    if (isMapRef(item.ref)) {
      const e = new Map(mapEntries(item.ref, item.doc).map((x) => [x.key, x.value]));
      const type = scalarText(e.get('type')) ?? 'volume';
      const source = e.get('source');
      const target = e.get('target');
      out.push({
        kind: type === 'bind' ? 'bind' : type === 'tmpfs' ? 'tmpfs' : source ? 'volume' : 'anonymous',
        source: source ? trackedString(source, env) : undefined,
        target: target ? trackedString(target, env) : unknown(loc, 'no target'),
        readOnly: /^true$/i.test(scalarText(e.get('read_only')) ?? ''),
        loc,
      });
      continue;
    }
    const t = trackedString(item.ref, env, loc);
    const parts = (t.value ?? '').split(':');
    const base = { state: t.state, loc, via: t.via, literal: t.literal } as const;
    if (t.value === undefined) {
      out.push({ kind: 'unknown', source: t, target: t, readOnly: false, loc });
      continue;
    }
    if (parts.length === 1) {
      out.push({ kind: 'anonymous', target: { ...base, value: parts[0] ?? '' }, readOnly: false, loc });
      continue;
    }
    const [source = '', target = '', mode = ''] = parts;
    const isPath = /^(\.{0,2}\/|~)/.test(source);
    out.push({
      kind: isPath ? 'bind' : 'volume',
      source: { ...base, value: source },
      target: { ...base, value: target },
      readOnly: mode.split(',').includes('ro'),
      loc,
    });
  }
  return out;
}

function secretsOf(spec: ServiceSpec, models: ComposeFileModel[], env: Map<string, EnvFileValue>): SecretRef[] {
  return (spec.lists.get('secrets') ?? []).map((item) => {
    const loc = nodeLoc(item.ref);
    let name = scalarText(item.ref) ?? '';
    let mode: Tracked<string> | undefined;
    let target: string | undefined;
    if (isMapRef(item.ref)) {
      const e = new Map(mapEntries(item.ref, item.doc).map((x) => [x.key, x.value]));
      name = scalarText(e.get('source')) ?? '';
      target = scalarText(e.get('target'));
      const m = e.get('mode');
      // as written: compose (YAML 1.1 style) reads 0440 as octal, YAML 1.2 would make it the number 440
      if (m) mode = trackedText(sourceText(m), innerSpan(m, 0), env, m.via);
    }
    const def = topLevelEntry(models, 'secrets', name);
    let source: SecretRef['source'] = 'unknown';
    if (def?.entry.value) {
      const keys = new Set(mapEntries(def.entry.value, def.doc).map((x) => x.key));
      source = keys.has('external')
        ? 'external'
        : keys.has('file')
          ? 'file'
          : keys.has('environment')
            ? 'environment'
            : keys.has('content')
              ? 'content'
              : 'unknown';
    }
    return { name, source, target: target ?? `/run/secrets/${name}`, mode, loc };
  });
}

function envFilesOf(ctx: AdaptContext, dep: Deployment, spec: ServiceSpec, env: Map<string, EnvFileValue>): void {
  for (const item of spec.lists.get('env_file') ?? []) {
    const path = isMapRef(item.ref)
      ? scalarText(mapEntries(item.ref, item.doc).find((e) => e.key === 'path')?.value)
      : scalarText(item.ref);
    if (!path) continue;
    const rel = resolveScanned(ctx, spec.file.rel, interpolate(path, env).value ?? path);
    const file = rel ? ctx.files.get(rel) : undefined;
    if (!file) continue;
    for (const [name, v] of parseDotenv(file)) {
      if (spec.environment.has(name)) continue; // environment wins over env_file
      dep.env.push({
        name,
        value: {
          value: v.value,
          state: 'explicit',
          loc: v.loc,
          literal: true,
          via: [{ loc: nodeLoc(item.ref), message: 'env_file' }],
        },
        loc: v.loc,
      });
    }
  }
}

function commandOf(
  field: { ref: NodeRef; doc: Document; keyLoc: Loc; pairLoc: Loc } | undefined,
  env: Map<string, EnvFileValue>,
): Tracked<string[]> | undefined {
  if (!field) return undefined;
  const loc = nodeLoc(field.ref);
  if (isSeq(field.ref.node)) {
    const items = seqItems(field.ref, field.doc).map((i) => trackedString(i, env));
    if (items.some((i) => i.value === undefined)) {
      return {
        value: items.map((i) => i.value ?? ''),
        state: 'derived',
        loc,
        reason: 'part of the command is unresolved',
      };
    }
    const derived = items.some((i) => i.state === 'derived');
    return {
      value: items.map((i) => i.value as string),
      state: derived ? 'derived' : 'explicit',
      loc,
      literal: !derived,
    };
  }
  if (isScalar(field.ref.node)) {
    const t = trackedString(field.ref, env);
    if (t.value === undefined) return { ...t, value: undefined };
    return { ...t, value: splitShellWords(t.value) };
  }
  return unknown(loc, 'command is neither a string nor a list');
}

/** The deployment of the Dockerfile a service is built from, when that Dockerfile is in the scan. */
function builtFrom(ctx: AdaptContext, spec: ServiceSpec, build: NodeRef): Deployment | undefined {
  let context = scalarText(build) ?? '.';
  let dockerfile = 'Dockerfile';
  if (isMapRef(build)) {
    const doc = spec.fields.get('build')?.doc;
    if (doc) {
      const e = new Map(mapEntries(build, doc).map((x) => [x.key, scalarText(x.value)]));
      context = e.get('context') ?? '.';
      dockerfile = e.get('dockerfile') ?? 'Dockerfile';
    }
  }
  const rel = resolveScanned(ctx, spec.file.rel, `${context}/${dockerfile}`);
  return rel ? ctx.deployments.find((d) => d.format === 'docker' && d.file === rel) : undefined;
}

/** What the built image decides unless the service overrides it: USER, HEALTHCHECK and (without entrypoint) CMD. */
function inheritFromImage(dep: Deployment, built: Deployment, buildLoc: Loc, keepsCmd: boolean): void {
  const via = { loc: buildLoc, message: `the image is built from ${built.file}` };
  dep.notes = [...(dep.notes ?? []), `image built from ${built.file}`];
  dep.imageUser = built.user;
  if (!dep.user && built.user) dep.user = { ...built.user, via: [...(built.user.via ?? []), via] };
  if (!dep.healthcheck && built.healthcheck) dep.healthcheck = built.healthcheck;
  // compose resets the image's CMD when it sets an entrypoint
  if (!dep.command && keepsCmd && built.command)
    dep.command = { ...built.command, via: [...(built.command.via ?? []), via] };
}

/** postgresql.conf / pg_hba.conf the Dockerfile copies into the image. */
function linkImageConfigFiles(ctx: AdaptContext, dep: Deployment, built: Deployment): void {
  for (const rel of built.hbaFiles) if (!dep.hbaFiles.includes(rel)) dep.hbaFiles.push(rel);
  for (const rel of built.configFiles) {
    const conf = ctx.pgConfs.get(rel);
    if (!conf || dep.configFiles.includes(rel)) continue;
    dep.configFiles.push(rel);
    mergeFileSettings(dep, conf.settings);
  }
}

/** Settings files mounted into the container or named by `-c config_file=` / `hba_file=`. */
function linkConfigFiles(ctx: AdaptContext, dep: Deployment): void {
  for (const m of dep.mounts ?? []) {
    if (m.kind !== 'bind' || !m.source?.value) continue;
    const rel = resolveScanned(ctx, dep.file, m.source.value);
    if (!rel) continue;
    if (ctx.hbaFiles.has(rel)) dep.hbaFiles.push(rel);
    const conf = ctx.pgConfs.get(rel);
    if (conf) {
      dep.configFiles.push(rel);
      mergeFileSettings(dep, conf.settings);
    }
  }
}

/** The compose shapes the spec requires: a mapping of services, each a mapping. Wrong shapes are PGW001, not silence. */
function shapeProblems(file: SourceFile, doc: Document): InputProblem[] {
  const out: InputProblem[] = [];
  if (!doc.contents) return out;
  const root: NodeRef = { node: doc.contents, file };
  if (!isMapRef(root)) {
    return [
      {
        file: file.rel,
        kind: 'parse-error',
        message: 'compose: the file must be a mapping (services:, networks:, …)',
        loc: nodeLoc(root),
      },
    ];
  }
  const services = mapEntries(root, doc).find((e) => e.key === 'services');
  if (!services?.value) return out;
  if (!isMapRef(services.value)) {
    out.push({
      file: file.rel,
      kind: 'parse-error',
      message: 'compose: services must be a mapping of service names to definitions',
      loc: services.pairLoc,
    });
    return out;
  }
  for (const s of mapEntries(services.value, doc)) {
    if (!s.value || !isMapRef(s.value)) {
      out.push({
        file: file.rel,
        kind: 'parse-error',
        message: `compose: service "${s.key}" must be a mapping`,
        loc: s.pairLoc,
      });
      continue;
    }
    const image = mapEntries(s.value, doc).find((e) => e.key === 'image');
    if (image?.value && scalarText(image.value) === undefined) {
      out.push({
        file: file.rel,
        kind: 'parse-error',
        message: `compose: image of service "${s.key}" must be a string`,
        loc: image.pairLoc,
      });
    }
  }
  return out;
}
