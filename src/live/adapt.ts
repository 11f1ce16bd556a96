/**
 * A live observation → one observed deployment (format `live`) plus the server's pg_hba rules.
 * Locations name the catalog object (`pg_settings:ssl`), or the file and line when the server reports them
 * (`sourcefile`/`sourceline`, pg_hba_file_rules `file_name`/`line_number`).
 */
import { liveLoc, type Loc } from '../core/location.js';
import type { Tracked } from '../core/tracked.js';
import type {
  Deployment,
  HbaFile,
  HbaRule,
  LiveFacts,
  LiveRole,
  LiveRoleSetting,
  Setting,
} from '../model/deployment.js';
import { markReachability } from '../model/hba.js';
import { urlPassword } from '../model/secrets.js';
import { isResolved, versionFromServerVersion, versionFromServerVersionNum } from '../advisories/index.js';
import { emptyDeployment } from '../adapters/common.js';
import type { AdaptContext } from '../adapters/context.js';
import type { LiveHbaRow, LiveObservation, LiveSettingRow, Section } from './observation.js';

/** A position for a line a server reports in one of its files (no offset is known). */
export function serverFileLoc(file: string, line: number): Loc {
  const pos = { offset: 0, line: Math.max(1, line), column: 1 };
  return { file, start: pos, end: pos };
}

function unknownFrom<T>(section: Section<unknown>, loc: Loc, what: string): Tracked<T> {
  const grant = section.ok ? undefined : section.grant?.replace(/;\s*$/, '');
  const reason = section.ok
    ? ''
    : grant
      ? `${section.reason}; to let the audit role see ${what}: ${grant}`
      : section.reason;
  return { value: undefined, state: 'unknown', loc, reason };
}

export function adaptLiveObservation(ctx: AdaptContext, obs: LiveObservation): Deployment {
  const target = obs.target;
  const at = (object: string) => liveLoc(target, object);
  const dep = emptyDeployment('live', 'observed', target, `${obs.host}:${obs.port}`, at('server'));
  // the server, not the role that audited it: fingerprints (baselines) stay the same for every audit role
  dep.id = `live:${obs.host}:${obs.port}/${obs.database}`;
  dep.postgres = { is: true, reason: `live server: ${obs.server.version}` };
  dep.pgVersion = versionOf(obs, at('server_version'));

  for (const row of obs.settings) {
    const setting = settingOf(row, target);
    dep.settings[row.name] = setting;
    registerSettingSecrets(ctx, row);
    if (row.pendingRestart) {
      (dep.notes ??= []).push(`${row.name} was changed in a configuration file and waits for a restart`);
    }
  }
  for (const h of obs.hiddenSettings) {
    dep.settings[h.name] = {
      name: h.name,
      value: {
        value: undefined,
        state: 'unknown',
        loc: at(`pg_settings:${h.name}`),
        reason: `${h.reason}; to let the audit role see it: ${h.grant.replace(/;\s*$/, '')}`,
      },
      source: 'live',
    };
  }
  if (obs.fileSettings.ok) {
    for (const f of obs.fileSettings.value) {
      if (f.error) (dep.notes ??= []).push(`${f.sourcefile ?? '?'}:${f.sourceline ?? '?'}: ${f.error}`);
    }
  }

  const hbaLoc = at('pg_hba_file_rules');
  let hba: Tracked<string>;
  if (obs.hba.ok) {
    const files = hbaFilesOf(obs.hba.value, obs, target);
    for (const f of files) {
      ctx.hbaFiles.set(f.file, f);
      dep.hbaFiles.push(f.file);
    }
    hba = { value: files.map((f) => f.file).join(', ') || '(no rules)', state: 'explicit', loc: hbaLoc };
    for (const row of obs.hba.value) {
      if (row.error) (dep.notes ??= []).push(`pg_hba line ${row.lineNumber}: ${row.error}`);
    }
  } else {
    hba = unknownFrom(obs.hba, hbaLoc, 'pg_hba rules');
  }

  const live: LiveFacts = {
    target,
    host: obs.host,
    port: obs.port,
    database: obs.database,
    auditRole: obs.auditRole.name,
    auditRoleIsSuperuser: obs.auditRole.superuser,
    serverVersion: obs.server.version,
    hba,
    roles: obs.roles.ok
      ? {
          value: obs.roles.value.map((r): LiveRole => ({
            name: r.name,
            superuser: r.superuser,
            canLogin: r.canLogin,
            createRole: r.createRole,
            createDb: r.createDb,
            replication: r.replication,
            bypassRls: r.bypassRls,
            connLimit: r.connLimit,
            ...(r.validUntil ? { validUntil: r.validUntil } : {}),
            ...(r.bootstrap ? { bootstrap: true } : {}),
            loc: at(`pg_roles:${r.name}`),
          })),
          state: 'explicit',
          loc: at('pg_roles'),
        }
      : unknownFrom(obs.roles, at('pg_roles'), 'roles'),
    roleSettings: obs.roleSettings.ok
      ? { value: roleSettingsOf(obs, at), state: 'explicit', loc: at('pg_db_role_setting') }
      : unknownFrom(obs.roleSettings, at('pg_db_role_setting'), 'role settings'),
    publicSchemaCreate: obs.publicSchema.ok
      ? obs.publicSchema.value
        ? { value: obs.publicSchema.value.publicCreate, state: 'explicit', loc: at('pg_namespace:public') }
        : { value: false, state: 'explicit', loc: at('pg_namespace:public'), reason: 'no schema public' }
      : unknownFrom(obs.publicSchema, at('pg_namespace:public'), 'schema privileges'),
    extensions: obs.extensions.ok
      ? { value: obs.extensions.value, state: 'explicit', loc: at('pg_extension') }
      : unknownFrom(obs.extensions, at('pg_extension'), 'extensions'),
    connectionSsl: obs.connectionSsl.ok
      ? { value: obs.connectionSsl.value.ssl, state: 'explicit', loc: at('pg_stat_ssl') }
      : unknownFrom(obs.connectionSsl, at('pg_stat_ssl'), 'the connection TLS status'),
  };
  dep.live = live;
  ctx.deployments.push(dep);
  return dep;
}

function versionOf(obs: LiveObservation, loc: Loc): Tracked<string> | undefined {
  const text = obs.settings.find((s) => s.name === 'server_version')?.setting;
  const byText = text ? versionFromServerVersion(text) : undefined;
  const r = byText && isResolved(byText) ? byText : versionFromServerVersionNum(obs.server.versionNum);
  if (!isResolved(r)) return undefined;
  return { value: r.version, state: 'explicit', loc, via: [{ loc, message: r.reason }] };
}

/** pg_settings reports values in base units (`8kB` pages, `ms`): written back with their unit. */
export function valueWithUnit(setting: string | null, unit: string | null): string {
  if (setting === null) return '';
  if (!unit || !/^-?\d+(\.\d+)?$/.test(setting) || Number(setting) < 0) return setting;
  const m = /^(\d+)?(B|kB|MB|GB|TB|us|ms|s|min|h|d)$/.exec(unit);
  if (!m) return setting;
  const n = Number(setting) * Number(m[1] ?? 1);
  return `${n}${m[2]}`;
}

/** Sources that describe this audit session rather than the server. */
const SESSION_SOURCES = new Set(['session', 'client']);

export function settingOf(row: LiveSettingRow, target: string): Setting {
  const liveHere = liveLoc(target, `pg_settings:${row.name}`);
  // the audit's own SET LOCAL statement_timeout must not count as the server's value
  const own = SESSION_SOURCES.has(row.source);
  const raw = own ? row.resetVal : row.setting;
  const value = valueWithUnit(raw, row.unit);
  const isDefault = own ? row.resetVal === row.bootVal : row.source === 'default';
  const inFile = !own && row.sourcefile && row.sourceline;
  const loc = inFile ? serverFileLoc(row.sourcefile as string, row.sourceline as number) : liveHere;
  const tracked: Tracked<string> = {
    value,
    state: isDefault ? 'default' : 'explicit',
    loc,
    ...(inFile ? { via: [{ loc: liveHere, message: `pg_settings reports ${row.name} from this line` }] } : {}),
    ...(isDefault ? { reason: 'PostgreSQL default' } : {}),
  };
  return {
    name: row.name,
    value: tracked,
    source: 'live',
    context: row.context,
    ...(row.bootVal !== null ? { bootValue: valueWithUnit(row.bootVal, row.unit) } : {}),
  };
}

/** Settings that may carry a password (`primary_conninfo`, a command with a URL) are secrets in every output. */
function registerSettingSecrets(ctx: AdaptContext, row: LiveSettingRow): void {
  const v = row.setting;
  if (!v) return;
  const kv = /\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(v);
  if (kv?.[1]) ctx.secrets.add(kv[1].replace(/^'|'$/g, ''));
  const url = urlPassword(v);
  if (url) ctx.secrets.add(url.password);
}

function roleSettingsOf(obs: LiveObservation, at: (o: string) => Loc): LiveRoleSetting[] {
  if (!obs.roleSettings.ok) return [];
  const out: LiveRoleSetting[] = [];
  for (const r of obs.roleSettings.value) {
    for (const entry of r.config) {
      const eq = entry.indexOf('=');
      if (eq <= 0) continue;
      const who = [r.role ? `role ${r.role}` : '', r.database ? `database ${r.database}` : '']
        .filter(Boolean)
        .join(', ');
      out.push({
        ...(r.role ? { role: r.role } : {}),
        ...(r.database ? { database: r.database } : {}),
        name: entry.slice(0, eq).toLowerCase(),
        value: entry.slice(eq + 1),
        loc: at(`pg_db_role_setting:${who || 'all'}`),
      });
    }
  }
  return out;
}

/** netmask → prefix length, so that rules see `127.0.0.1/32` as PostgreSQL wrote it in the file. */
function maskBits(mask: string): number | undefined {
  if (mask.includes('.')) {
    const parts = mask.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
    const bits = parts.map((p) => p.toString(2).padStart(8, '0')).join('');
    return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : undefined;
  }
  // IPv6 masks as reported by inet output: count the leading one bits
  const groups = expandV6(mask);
  if (!groups) return undefined;
  const bits = groups.map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 128 : bits.indexOf('0')) : undefined;
}

function expandV6(ip: string): string[] | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...Array<string>(Math.max(0, fill)).fill('0'), ...tail];
  return all.length === 8 && all.every((g) => /^[0-9a-f]{1,4}$/i.test(g)) ? all : undefined;
}

function hbaFilesOf(rows: LiveHbaRow[], obs: LiveObservation, target: string): HbaFile[] {
  const hbaFileSetting = obs.settings.find((s) => s.name === 'hba_file')?.setting ?? undefined;
  const byFile = new Map<string, HbaRule[]>();
  const all: HbaRule[] = [];
  for (const row of rows) {
    if (row.error) continue;
    const fileName = row.fileName ?? hbaFileSetting;
    const file = fileName ?? target;
    const loc = fileName
      ? serverFileLoc(fileName, row.lineNumber)
      : liveLoc(target, `pg_hba_file_rules:line ${row.lineNumber}`);
    const address =
      row.address === null
        ? undefined
        : row.netmask
          ? `${row.address}/${maskBits(row.netmask) ?? row.netmask}`
          : row.address;
    const rule: HbaRule = {
      type: { value: row.type, state: 'explicit', loc },
      databases: row.database,
      users: row.userName,
      ...(address !== undefined ? { address: { value: address, state: 'explicit', loc } } : {}),
      method: { value: row.authMethod ?? '', state: 'explicit', loc },
      options: row.options,
      loc,
      reachable: true,
    };
    all.push(rule);
    byFile.set(file, [...(byFile.get(file) ?? []), rule]);
  }
  // first-match order runs across included files: reachability is judged on the server's one list
  markReachability(all);
  return [...byFile.entries()].map(([file, rules]) => ({ file, rules }));
}
