import type { Tracked } from '../core/tracked.js';
import type { Deployment, EnvVar, PortBinding, Setting } from '../model/deployment.js';
import { isAllInterfaces, isLoopback } from '../model/addresses.js';
import { portCovers } from '../adapters/compose/ports.js';
import { parseBool } from '../model/settings.js';

/** Questions rules ask of the model, answered in one place. */

export function pgPort(dep: Deployment): number {
  const v = Number(dep.settings['port']?.value.value ?? dep.env.find((e) => e.name === 'PGPORT')?.value.value);
  return Number.isInteger(v) && v > 0 ? v : 5432;
}

/** Published bindings of the PostgreSQL port (any binding whose container port is unknown counts as maybe). */
export function pgBindings(dep: Deployment): PortBinding[] {
  const port = pgPort(dep);
  return (dep.ports ?? []).filter(
    (p) => p.containerPort.value === undefined || portCovers(p.containerPort.value, port),
  );
}

export type Exposure = 'none' | 'loopback' | 'network' | 'all' | 'host-network' | 'unknown';

/** How far beyond the container the PostgreSQL port reaches. */
export function exposureOf(dep: Deployment): Exposure {
  if (dep.format === 'live') return listenExposure(dep);
  if (dep.networkMode?.value === 'host') return 'host-network';
  if (dep.publishAll?.value === true) return 'all';
  const bindings = pgBindings(dep);
  if (!bindings.length) return 'none';
  let worst: Exposure = 'loopback';
  for (const b of bindings) {
    if (b.hostIp.state === 'unknown') return 'unknown';
    const ip = b.hostIp.value;
    if (isAllInterfaces(ip)) return 'all';
    if (!isLoopback(ip)) worst = 'network';
  }
  return worst;
}

export function envVar(dep: Deployment, name: string): EnvVar | undefined {
  for (let i = dep.env.length - 1; i >= 0; i--) if (dep.env[i]?.name === name) return dep.env[i];
  return undefined;
}

export function setting(dep: Deployment, name: string): Setting | undefined {
  return dep.settings[name];
}

export function settingBool(dep: Deployment, name: string): boolean | undefined {
  return parseBool(dep.settings[name]?.value.value);
}

/** Deployments that are PostgreSQL servers. */
export function postgresOnly(deps: Deployment[]): Deployment[] {
  return deps.filter((d) => d.postgres.is);
}

export function relatedVia(t: Tracked<unknown> | undefined): Array<{ loc: Tracked<unknown>['loc']; message: string }> {
  return t?.via ?? [];
}

/** The PostgreSQL data directory inside the container (PGDATA, else the image default). */
export function dataDirs(dep: Deployment): string[] {
  const pgdata = envVar(dep, 'PGDATA')?.value.value;
  const dirs = ['/var/lib/postgresql/data', '/var/lib/postgresql'];
  if (pgdata) dirs.push(pgdata.replace(/\/+$/, ''), pgdata.replace(/\/[^/]+\/?$/, ''));
  return dirs;
}

/** Where to point when a setting is missing: the command that sets the others, else the deployment. */
export function settingsAnchor(dep: Deployment): import('../core/location.js').Loc {
  return dep.command?.loc ?? dep.loc;
}

/** A live server's reach, from `listen_addresses` (whatever publishes it beyond the host is not visible). */
export function listenExposure(dep: Deployment): Exposure {
  const value = dep.settings['listen_addresses']?.value;
  if (!value || value.state === 'unknown' || value.value === undefined) return 'unknown';
  const addresses = value.value
    .replace(/^'|'$/g, '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (!addresses.length) return 'none';
  if (addresses.some((a) => a === '*' || a === '0.0.0.0' || a === '::')) return 'all';
  return addresses.every(isLoopback) ? 'loopback' : 'network';
}

/** Live servers whose pg_hba rules the audit role could not read: the unknown value names the GRANT. */
export function unreadableHba(deps: Deployment[]): Array<{ dep: Deployment; hba: Tracked<string> }> {
  return deps.flatMap((dep) => (dep.live?.hba.state === 'unknown' ? [{ dep, hba: dep.live.hba }] : []));
}
