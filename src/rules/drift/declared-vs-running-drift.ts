import type { Loc } from '../../core/location.js';
import { defineRule, type RuleContext } from '../../core/rule.js';
import type { ScanModel } from '../../core/scan-model.js';
import type { Tracked } from '../../core/tracked.js';
import { isAllInterfaces } from '../../model/addresses.js';
import type { Deployment, PortBinding } from '../../model/deployment.js';
import { parseImageRef } from '../../model/image.js';
import { parseBool, parseDurationMs, unquote } from '../../model/settings.js';
import { pgBindings, postgresOnly } from '../model-queries.js';
import { deployedVersion } from '../version-of.js';

type Messages = 'drift' | 'extraPort';

export default defineRule({
  id: 'PGW901',
  slug: 'declared-vs-running-drift',
  title: 'The running deployment differs from its declaration',
  category: 'drift',
  guideline: 'Quick Reference › Security scanning integrated into deployment pipeline',
  rationale:
    'A declaration that passes review says nothing about a container started by hand, an old deployment left ' +
    'running or a setting changed on the server. When the same deployment is declared and observed in one scan, ' +
    'every security-relevant difference is a place where the reviewed configuration is not what runs.',
  remediation:
    'Redeploy from the declaration (docker compose up -d, terraform apply), or bring the declaration up to date ' +
    'with what must run, then scan both again.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'inspect', 'live'],
  fixable: 'none',
  messages: {
    drift: '{what}: declared {declared}, running {observed} ({match}).',
    extraPort: 'The running container publishes PostgreSQL on {observed}, which the declaration does not ({match}).',
  },
  examples: {
    inspect: {
      bad: [
        {
          file: 'inspect.json',
          code:
            '[{"Name": "/shop-db-1", "Config": {"Image": "postgres:16.10", "Labels": {"com.docker.compose.project": "shop", "com.docker.compose.service": "db"}},\n' +
            '  "HostConfig": {"Privileged": true}}]\n',
          extra: { 'compose.yaml': 'name: shop\nservices:\n  db:\n    image: postgres:16.10\n' },
        },
      ],
      good: [
        {
          file: 'inspect.json',
          code:
            '[{"Name": "/shop-db-1", "Config": {"Image": "postgres:16.10", "Labels": {"com.docker.compose.project": "shop", "com.docker.compose.service": "db"}},\n' +
            '  "HostConfig": {"Privileged": false}}]\n',
          extra: { 'compose.yaml': 'name: shop\nservices:\n  db:\n    image: postgres:16.10\n' },
        },
      ],
    },
  },
  check(ctx) {
    const deps = postgresOnly(ctx.deployments);
    const declared = deps.filter((d) => d.kind === 'declared' && (d.format === 'compose' || d.format === 'tf'));
    if (!declared.length) return;
    for (const observed of deps.filter((d) => d.kind === 'observed')) {
      const match = matchDeclared(observed, declared, ctx.model);
      if (match) compare(ctx, match.declared, observed, match.how, ctx.today);
    }
  },
});

/** Compose's project name from a folder name: lower case, only [a-z0-9_-]. */
function normalizeProject(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

function composeProject(dep: Deployment, model: ScanModel): string {
  const file = model.files.get(dep.file);
  const named = file ? /^name:\s*["']?([^"'\s#]+)/m.exec(file.text)?.[1] : undefined;
  if (named) return normalizeProject(named);
  const dir = dep.file.includes('/') ? dep.file.slice(0, dep.file.lastIndexOf('/')) : '';
  const folder = (dir || model.root).split(/[\\/]/).filter(Boolean).pop() ?? '';
  return normalizeProject(folder);
}

/** Which declaration an observation is: compose labels, the container name, or (live) the only/port-matching one. */
export function matchDeclared(
  observed: Deployment,
  declared: Deployment[],
  model: ScanModel,
): { declared: Deployment; how: string } | undefined {
  if (observed.live) {
    const port = String(observed.live.port);
    if (declared.length === 1 && declared[0]) {
      return { declared: declared[0], how: `${observed.live.target}, the only PostgreSQL declared in this scan` };
    }
    const byPort = declared.filter((d) => (d.ports ?? []).some((p) => p.hostPort.value === port));
    if (byPort.length === 1 && byPort[0]) {
      return { declared: byPort[0], how: `${observed.live.target}, published on port ${port} by the declaration` };
    }
    return undefined;
  }
  const service = observed.labels?.['com.docker.compose.service']?.value;
  const project = observed.labels?.['com.docker.compose.project']?.value;
  const name = observed.containerName?.value;
  if (service) {
    const candidates = declared.filter((d) => d.format === 'compose' && d.name === service);
    const inProject = project ? candidates.filter((d) => composeProject(d, model) === project) : [];
    const chosen = inProject.length === 1 ? inProject[0] : candidates.length === 1 ? candidates[0] : undefined;
    if (chosen) {
      return {
        declared: chosen,
        how: `container ${name ?? '?'}: compose labels project=${project ?? '?'} service=${service}`,
      };
    }
  }
  if (name) {
    const byName = declared.filter(
      (d) =>
        d.containerName?.value === name ||
        (d.format === 'compose' &&
          [`${composeProject(d, model)}-${d.name}-1`, `${composeProject(d, model)}_${d.name}_1`].includes(name)),
    );
    if (byName.length === 1 && byName[0]) return { declared: byName[0], how: `container name ${name}` };
  }
  return undefined;
}

function show(value: string | undefined): string {
  return value === undefined || value === '' ? '(not set)' : value;
}

function compare(ctx: RuleContext<Messages>, d: Deployment, o: Deployment, how: string, today: string): void {
  const report = (what: string, path: string, dv: string, ov: string, dLoc: Loc, oLoc: Loc) =>
    ctx.report({
      messageId: 'drift',
      data: { what, declared: dv, observed: ov, match: how },
      loc: dLoc,
      related: [{ loc: oLoc, message: `running: ${ov}` }],
      deployment: d,
      path: `drift.${path}`,
      valueKey: o.id,
    });
  const where = (t: Tracked<unknown> | undefined) => (t && t.state !== 'default' ? t.loc : d.loc);
  const observedWhere = (t: Tracked<unknown> | undefined) => t?.loc ?? o.loc;

  if (!o.live) {
    compareBindings(ctx, d, o, how);
    const dPriv = d.privileged?.value ?? false;
    const oPriv = o.privileged?.value ?? false;
    if (d.privileged?.state !== 'unknown' && dPriv !== oPriv) {
      report(
        'privileged',
        'privileged',
        String(dPriv),
        String(oPriv),
        where(d.privileged),
        observedWhere(o.privileged),
      );
    }
    const dUser = d.user?.value ?? '';
    const oUser = o.user?.value ?? '';
    if (d.user?.state !== 'unknown' && dUser !== oUser) {
      report('user', 'user', show(dUser), oUser || '(not set: root)', where(d.user), observedWhere(o.user));
    }
    for (const [what, path, dl, ol, norm] of [
      ['added capabilities', 'capAdd', d.capAdd, o.capAdd, normalizeCap],
      ['dropped capabilities', 'capDrop', d.capDrop, o.capDrop, normalizeCap],
      ['security options', 'securityOpt', d.securityOpt, o.securityOpt, normalizeSecurityOpt],
    ] as const) {
      if ((dl ?? []).some((t) => t.state === 'unknown')) continue;
      const ds = setOf(dl, norm);
      const os = setOf(ol, norm);
      if (ds !== os) report(what, path, show(ds), show(os), dl?.[0]?.loc ?? d.loc, ol?.[0]?.loc ?? o.loc);
    }
    const dRo = d.readOnlyRoot?.value ?? false;
    const oRo = o.readOnlyRoot?.value ?? false;
    if (d.readOnlyRoot?.state !== 'unknown' && dRo !== oRo) {
      report(
        'read-only root filesystem',
        'readOnlyRoot',
        String(dRo),
        String(oRo),
        where(d.readOnlyRoot),
        observedWhere(o.readOnlyRoot),
      );
    }
    const dHost = d.networkMode?.value === 'host';
    const oHost = o.networkMode?.value === 'host';
    if (d.networkMode?.state !== 'unknown' && dHost !== oHost) {
      report(
        'host network',
        'networkMode',
        String(dHost),
        String(oHost),
        where(d.networkMode),
        observedWhere(o.networkMode),
      );
    }
    const dImage = d.image?.ref;
    const oImage = o.image?.ref;
    if (
      dImage?.value &&
      oImage?.value &&
      !d.image?.opaque &&
      !o.image?.opaque &&
      !sameImage(dImage.value, oImage.value)
    ) {
      report('image', 'image', dImage.value, oImage.value, dImage.loc, oImage.loc);
    }
  }
  if (o.live) {
    const v = deployedVersion(d, today);
    const running = o.pgVersion?.value;
    if (v && !('unknown' in v) && v.version.exact && running && v.version.version !== running) {
      report(
        'PostgreSQL version',
        'pgVersion',
        `${v.version.version} (${v.label})`,
        running,
        v.where.loc,
        o.pgVersion?.loc ?? o.loc,
      );
    }
  }
  // settings the declaration sets: the running server (command line or live pg_settings) must agree
  for (const [name, s] of Object.entries(d.settings)) {
    const dv = s.value.value;
    if (dv === undefined || s.value.state === 'unknown') continue;
    // a container shows only its command line; settings from a mounted file are not in inspect output
    if (!o.live && s.source !== 'command-line') continue;
    const os = o.settings[name];
    if (os?.value.state === 'unknown') continue;
    if (!o.live && !os) {
      report(
        `setting ${name}`,
        `settings.${name}`,
        dv,
        "(not in the container's command)",
        s.value.loc,
        o.command?.loc ?? o.loc,
      );
      continue;
    }
    if (!os || os.value.value === undefined) continue;
    if (!sameSetting(dv, os.value.value))
      report(`setting ${name}`, `settings.${name}`, dv, os.value.value, s.value.loc, os.value.loc);
  }
}

function bindText(b: PortBinding): string {
  const ip = b.hostIp.value;
  const host = isAllInterfaces(ip) ? '0.0.0.0' : (ip ?? '?');
  return `${host.includes(':') ? `[${host}]` : host}:${b.hostPort.value ?? '(random)'}`;
}

function compareBindings(ctx: RuleContext<Messages>, d: Deployment, o: Deployment, how: string): void {
  const dBinds = pgBindings(d);
  const oBinds = pgBindings(o);
  if (dBinds.some((b) => b.hostIp.state === 'unknown' || b.hostPort.state === 'unknown')) return;
  const key = (b: PortBinding) =>
    (isAllInterfaces(b.hostIp.value) ? 'all' : (b.hostIp.value ?? '')) + '|' + (b.hostPort.value ?? '');
  const declaredKeys = new Set(dBinds.map(key));
  for (const ob of oBinds) {
    if (declaredKeys.has(key(ob))) continue;
    // the same host port declared on another address: a changed bind address
    const samePort = dBinds.find((db) => db.hostPort.value !== undefined && db.hostPort.value === ob.hostPort.value);
    if (samePort) {
      ctx.report({
        messageId: 'drift',
        data: { what: 'bind address', declared: bindText(samePort), observed: bindText(ob), match: how },
        loc: samePort.hostIp.state === 'default' ? samePort.loc : samePort.hostIp.loc,
        related: [{ loc: ob.hostIp.loc, message: `running: ${bindText(ob)}` }],
        deployment: d,
        path: 'drift.ports.hostIp',
        valueKey: `${o.id}|${key(ob)}`,
      });
    } else {
      ctx.report({
        messageId: 'extraPort',
        data: { observed: bindText(ob), match: how },
        loc: d.loc,
        related: [{ loc: ob.loc, message: `running: ${bindText(ob)}` }],
        deployment: d,
        path: 'drift.ports',
        valueKey: `${o.id}|${key(ob)}`,
      });
    }
  }
}

function normalizeCap(v: string): string {
  return v.toUpperCase().replace(/^CAP_/, '');
}

function normalizeSecurityOpt(v: string): string {
  const s = v.trim().toLowerCase().replace(/=/g, ':');
  return s === 'no-new-privileges:true' ? 'no-new-privileges' : s;
}

function setOf(list: Tracked<string>[] | undefined, norm: (v: string) => string): string {
  return [...new Set((list ?? []).map((t) => norm(t.value ?? '')).filter(Boolean))].sort().join(', ');
}

/** `postgres:16`, `docker.io/library/postgres:16` and `postgres:16@sha256:…` name the same image. */
export function sameImage(a: string, b: string): boolean {
  const norm = (ref: string) => {
    const r = parseImageRef(ref);
    const registry = !r.registry || r.registry === 'docker.io' || r.registry === 'index.docker.io' ? '' : r.registry;
    const repo = `${registry}/${r.repository.replace(/^library\//, '')}`;
    return { repo, tag: r.tag ?? (r.digest ? undefined : 'latest'), digest: r.digest };
  };
  const x = norm(a);
  const y = norm(b);
  if (x.repo !== y.repo) return false;
  if (x.digest && y.digest) return x.digest === y.digest;
  return x.tag === undefined || y.tag === undefined || x.tag === y.tag;
}

const MEMORY_UNITS: Record<string, number> = { b: 1 / 1024, kb: 1, mb: 1024, gb: 1024 * 1024, tb: 1024 * 1024 * 1024 };

/** PostgreSQL's own value semantics: booleans, durations and sizes with units, quotes, case of keywords. */
export function sameSetting(a: string, b: string): boolean {
  const x = unquote(a).trim();
  const y = unquote(b).trim();
  if (x === y || x.toLowerCase() === y.toLowerCase()) return true;
  const bx = parseBool(x);
  const by = parseBool(y);
  if (bx !== undefined && by !== undefined) return bx === by;
  const dx = parseDurationMs(x);
  const dy = parseDurationMs(y);
  if (dx !== undefined && dy !== undefined && /[a-z]/i.test(x + y)) return dx === dy;
  const size = (v: string) => {
    const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?b)$/i.exec(v);
    return m ? Number(m[1]) * (MEMORY_UNITS[(m[2] ?? '').toLowerCase()] ?? NaN) : undefined;
  };
  const sx = size(x);
  const sy = size(y);
  if (sx !== undefined && sy !== undefined) return sx === sy;
  const list = (v: string) =>
    v
      .split(',')
      .map((p) => p.trim().replace(/^"|"$/g, ''))
      .filter(Boolean)
      .join(',');
  return list(x) === list(y);
}
