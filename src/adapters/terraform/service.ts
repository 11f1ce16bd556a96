import { byDefault, unknown, type Tracked } from '../../core/tracked.js';
import type { Deployment, EnvVar, Mount, PortBinding, SecretRef } from '../../model/deployment.js';
import { isPostgresImage } from '../../model/image.js';
import { isSecretName } from '../../model/secrets.js';
import { asNumber, asString, deepMarks, type BlockView, type TfValue } from '../../evaluate/terraform/index.js';
import { applyCommandSettings, emptyDeployment, registerCommandSecrets, registerEnvSecrets } from '../common.js';
import type { AdaptContext } from '../context.js';
import type { NetworkInfo } from './container.js';
import { provenanceOf } from './secrets.js';
import { argsOf, asNumStr, asStr, boolOr, listOf, str, toTracked } from './tracked.js';

export interface ServiceInput {
  address: string;
  view: BlockView;
  networks: Map<string, NetworkInfo>;
  /** docker_secret resources of the module: address → where their data comes from. */
  secrets: Map<string, { name?: string; source: SecretRef['source'] }>;
  sinks: Set<string>;
}

/**
 * `docker_service` (swarm) → Deployment: `task_spec.container_spec` is the container; `endpoint_spec.ports`
 * are published on every node of the swarm (there is no host address field).
 */
export function adaptService(ctx: AdaptContext, input: ServiceInput): Deployment {
  const { view, address } = input;
  const dep = emptyDeployment('tf', 'declared', view.file, address, view.loc);
  const task = view.blocks('task_spec')[0];
  const spec = task?.blocks('container_spec')[0];
  if (!spec) {
    dep.postgres = { is: false, reason: 'no task_spec.container_spec' };
    return dep;
  }
  const a = (n: string) => spec.attr(n);
  const image = str(a('image'), 'the image');
  if (image) dep.image = { ref: image };
  dep.user = str(a('user'), 'the user');
  dep.privileged = byDefault(false, view.loc, 'swarm services cannot run privileged');
  dep.readOnlyRoot = boolOr(a('read_only'), 'read_only', false, spec.loc, 'read_only defaults to false');
  dep.capAdd = listOf(a('cap_add'), 'an added capability');
  dep.capDrop = listOf(a('cap_drop'), 'a dropped capability');
  dep.securityOpt = [];

  // environment: a map, not KEY=VALUE strings
  const envAttr = a('env');
  const envValue = envAttr?.value;
  if (envAttr && envValue?.kind === 'object') {
    for (const [name, item] of envValue.attrs) {
      const inherited: TfValue = envValue.via?.length ? { ...item, via: [...(item.via ?? []), ...envValue.via] } : item;
      const here = envAttr.literal && item.loc ? item.loc : envAttr.loc;
      const e: EnvVar = {
        name,
        value: toTracked(inherited, here, envAttr.literal, asStr, name),
        loc: item.loc ?? envAttr.loc,
      };
      if (deepMarks(item).sensitive) e.value.sensitive = true;
      if (isSecretName(name)) {
        e.provenance = provenanceOf(inherited);
        for (const d of deepMarks(inherited).deps ?? []) input.sinks.add(d);
      }
      dep.env.push(e);
    }
  }
  registerEnvSecrets(dep.env, ctx.secrets);

  const command = argsOf(a('command'), 'the command');
  const args = argsOf(a('args'), 'the arguments');
  dep.command = args ?? command;
  applyCommandSettings(dep, dep.command);
  registerCommandSecrets(dep, ctx.secrets, ctx.files);
  const hc = spec.blocks('healthcheck')[0];
  if (hc) {
    const test = argsOf(hc.attr('test'), 'the healthcheck test');
    dep.healthcheck = { enabled: (test?.value?.[0] ?? '').toUpperCase() !== 'NONE', test, loc: hc.loc };
  }

  dep.mounts = spec.blocks('mounts').map((m): Mount => {
    const type = m.attr('type') ? asString(m.attr('type')?.value as TfValue) : undefined;
    const source = str(m.attr('source'), 'the mount source');
    const ro = m.attr('read_only');
    return {
      kind:
        type === 'bind'
          ? 'bind'
          : type === 'tmpfs'
            ? 'tmpfs'
            : type === 'volume'
              ? source
                ? 'volume'
                : 'anonymous'
              : 'unknown',
      source,
      target: str(m.attr('target'), 'the mount target') ?? unknown<string>(m.loc, 'no target'),
      readOnly: ro?.value.kind === 'bool' ? ro.value.value : false,
      loc: m.attr('source')?.attrLoc ?? m.loc,
    };
  });
  dep.secrets = spec.blocks('secrets').map((s): SecretRef => {
    const idAttr = s.attr('secret_id');
    const deps = idAttr ? (deepMarks(idAttr.value).deps ?? []) : [];
    const known = deps.map((d) => input.secrets.get(d)).find((x) => x);
    const name =
      (s.attr('secret_name') && asString(s.attr('secret_name')?.value as TfValue)) || known?.name || 'secret';
    const ref: SecretRef = { name, source: known?.source ?? 'unknown', loc: s.loc };
    const fileName = s.attr('file_name');
    if (fileName) ref.target = asString(fileName.value);
    const mode = s.attr('file_mode');
    ref.mode = mode
      ? toTracked(
          mode.value,
          mode.loc,
          mode.literal,
          (x) => {
            const n = asNumber(x);
            return n === undefined ? undefined : '0' + n.toString(8);
          },
          'the file mode',
        )
      : byDefault('0444', s.loc, 'file_mode defaults to 0444');
    return ref;
  });

  // resources and logging
  const limits = task?.blocks('resources')[0]?.blocks('limits')[0];
  const memory = limits?.attr('memory_bytes');
  if (memory) dep.memoryLimit = toTracked(memory.value, memory.loc, memory.literal, asNumStr, 'memory_bytes');
  const cpus = limits?.attr('nano_cpus');
  if (cpus)
    dep.cpuLimit = toTracked(
      cpus.value,
      cpus.loc,
      cpus.literal,
      (x) => {
        const n = asNumber(x);
        return n === undefined ? undefined : String(n / 1e9);
      },
      'nano_cpus',
    );
  const log = task?.blocks('log_driver')[0];
  if (log) {
    const opts: Record<string, Tracked<string>> = {};
    const o = log.attr('options');
    if (o?.value.kind === 'object') {
      for (const [k, v] of o.value.attrs) opts[k] = toTracked(v, v.loc ?? o.loc, o.literal, asStr, `log option ${k}`);
    }
    dep.logging = {
      driver: str(log.attr('name'), 'the log driver') ?? byDefault('json-file', log.loc, 'Docker default'),
      options: opts,
      loc: log.loc,
    };
  }

  // network: published ports reach every swarm node
  dep.networks = (task?.blocks('networks_advanced') ?? []).map((n) => {
    const name = str(n.attr('name'), 'the network name') ?? unknown<string>(n.loc, 'no network name');
    const nameAttr = n.attr('name');
    const net =
      (nameAttr ? (deepMarks(nameAttr.value).deps ?? []) : []).map((d) => input.networks.get(d)).find((x) => x) ??
      [...input.networks.values()].find((x) => x.name === name.value);
    return {
      name,
      internal: net?.internal ?? unknown(n.loc, `network "${name.value ?? '?'}" is not declared in this configuration`),
      loc: n.loc,
    };
  });
  const endpoint = view.blocks('endpoint_spec')[0];
  dep.ports = (endpoint?.blocks('ports') ?? []).map((p): PortBinding => {
    const target = p.attr('target_port');
    const published = p.attr('published_port');
    const protocol = (p.attr('protocol') && asString(p.attr('protocol')?.value as TfValue)) || 'tcp';
    const mode = p.attr('publish_mode') ? asString(p.attr('publish_mode')?.value as TfValue) : 'ingress';
    return {
      containerPort: target
        ? toTracked(target.value, target.loc, target.literal, asNumStr, 'the target port')
        : unknown(p.loc, 'invalid: a port needs target_port'),
      hostPort: published
        ? toTracked(published.value, published.loc, published.literal, asNumStr, 'the published port')
        : byDefault<string>(undefined, p.loc, 'no published_port: swarm picks one'),
      hostIp: byDefault(
        '0.0.0.0',
        p.loc,
        mode === 'host'
          ? 'host mode: every interface of the node running the task'
          : 'ingress: every interface of every swarm node',
      ),
      protocol,
      loc: p.loc,
    };
  });

  const hasPgEnv = dep.env.some((e) => /^POSTGRES_|^PGDATA$/.test(e.name));
  if (image?.value && isPostgresImage(image.value)) dep.postgres = { is: true, reason: `image ${image.value}` };
  else if (hasPgEnv) dep.postgres = { is: true, reason: 'POSTGRES_* environment' };
  else if (image && image.value === undefined) dep.postgres = { is: false, reason: 'image unknown' };
  return dep;
}
