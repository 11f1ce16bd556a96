/**
 * The SQL that fixes a live finding, put in its `suggestion`: `ALTER SYSTEM SET …` followed by a reload or a
 * restart as the setting's pg_settings.context requires, `ALTER ROLE`, `REVOKE`, or the pg_hba line to edit.
 * Observed state is never changed by pgwarden: these are suggestions for the operator.
 */
import type { Finding } from '../core/finding.js';
import { formatLoc } from '../core/location.js';
import type { ScanResult } from '../core/scan.js';
import type { Deployment } from '../model/deployment.js';
import { parseList } from '../model/settings.js';
import { quoteIdent } from './collect.js';

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `ALTER SYSTEM SET` plus how it takes effect, from the setting's context on this server. */
export function alterSystem(dep: Deployment, assignments: Array<[string, string]>): string {
  const statements = assignments.map(([name, value]) => `ALTER SYSTEM SET ${name} = ${quoteLiteral(value)};`);
  const contexts = assignments.map(([name]) => dep.settings[name]?.context ?? 'sighup');
  if (contexts.includes('postmaster')) {
    return `${statements.join(' ')} -- then restart the server: ${assignments
      .filter(([name]) => (dep.settings[name]?.context ?? '') === 'postmaster')
      .map(([n]) => n)
      .join(', ')} only change${assignments.length > 1 ? '' : 's'} at server start (context postmaster)`;
  }
  return `${statements.join(' ')} SELECT pg_reload_conf();`;
}

function majorOf(dep: Deployment): number {
  return Number((dep.pgVersion?.value ?? '').split('.')[0]) || 0;
}

/** Application roles: login roles that are not superusers, and not the audit's own role. */
function loginRoles(dep: Deployment): string[] {
  return (dep.live?.roles.value ?? [])
    .filter((r) => r.canLogin && !r.superuser && r.name !== dep.live?.auditRole)
    .map((r) => r.name);
}

/** The SQL for one finding on a live deployment, by rule and model path; undefined when SQL cannot fix it. */
export function liveSqlFix(finding: Finding, dep: Deployment): string | undefined {
  const path = finding.modelPath ?? '';
  if (/^hba\[\d+\]/.test(path) || path === 'hba') {
    return (
      `pg_hba.conf cannot be changed with SQL: edit the line at ${formatLoc(finding.loc)} (e.g. hostssl with ` +
      'scram-sha-256 for named client networks, and a final reject line), then SELECT pg_reload_conf();'
    );
  }
  switch (finding.ruleId) {
    case 'PGW201':
      return alterSystem(dep, [['listen_addresses', 'localhost']]) + ' (or list only the interfaces clients use)';
    case 'PGW207':
      return (
        alterSystem(dep, [
          ['ssl', 'on'],
          ['ssl_min_protocol_version', 'TLSv1.2'],
        ]) + ' (ssl_cert_file and ssl_key_file must name a certificate and key the server can read)'
      );
    case 'PGW505':
      return (
        alterSystem(dep, [['password_encryption', 'scram-sha-256']]) +
        ' Then set each MD5-hashed password again (\\password in psql) so it is stored as SCRAM.'
      );
    case 'PGW506': {
      const m = /^roles\.(.+)$/.exec(path);
      const role = m?.[1];
      if (!role) return undefined;
      if (/superuser/i.test(finding.message)) return `ALTER ROLE ${quoteIdent(role)} NOSUPERUSER;`;
      const attrs = [
        /CREATEROLE/.test(finding.message) ? 'NOCREATEROLE' : '',
        /BYPASSRLS/.test(finding.message) ? 'NOBYPASSRLS' : '',
      ]
        .filter(Boolean)
        .join(' ');
      return attrs ? `ALTER ROLE ${quoteIdent(role)} ${attrs};` : undefined;
    }
    case 'PGW507': {
      const roles = (dep.live?.roles.value ?? []).filter((r) => r.canLogin && !r.superuser && r.connLimit < 0);
      const perRole = roles.map((r) => `ALTER ROLE ${quoteIdent(r.name)} CONNECTION LIMIT 20;`).join(' ');
      return `${perRole}${perRole ? ' ' : ''}-- and size max_connections for the workload (ALTER SYSTEM SET max_connections = …; a restart applies it)`;
    }
    case 'PGW508': {
      const roles = loginRoles(dep);
      const perRole = roles.map((r) => `ALTER ROLE ${quoteIdent(r)} SET statement_timeout = '60s';`).join(' ');
      return (
        alterSystem(dep, [['idle_in_transaction_session_timeout', '5min']]) +
        (perRole
          ? ` Per application role: ${perRole}`
          : " Per application role: ALTER ROLE app SET statement_timeout = '60s';")
      );
    }
    case 'PGW509':
      return 'REVOKE CREATE ON SCHEMA public FROM PUBLIC; -- in every database where it applies';
    case 'PGW701':
      return alterSystem(dep, [
        ['log_connections', majorOf(dep) >= 18 ? 'receipt,authentication,authorization' : 'on'],
        ['log_disconnections', 'on'],
      ]);
    case 'PGW702': {
      const libs = parseList(dep.settings['shared_preload_libraries']?.value.value);
      return (
        alterSystem(dep, [['shared_preload_libraries', [...libs, 'pgaudit'].join(',')]]) +
        " (needs the pgaudit package installed), then: CREATE EXTENSION pgaudit; ALTER SYSTEM SET pgaudit.log = 'ddl, role'; SELECT pg_reload_conf();"
      );
    }
    case 'PGW703':
      if (path === 'settings.log_min_duration_statement')
        return alterSystem(dep, [['log_min_duration_statement', '-1']]);
      if (/every statement/.test(finding.message))
        return (
          alterSystem(dep, [['log_statement', 'none']]) +
          " -- and audit DDL and role changes with pgaudit (pgaudit.log = 'ddl, role')"
        );
      return "Set role passwords pre-hashed (\\password in psql) so DDL logging never sees them, or use pgaudit with pgaudit.log = 'ddl, role'.";
    case 'PGW705':
      return alterSystem(dep, [['log_line_prefix', '%m [%p] %q%u@%d %r app=%a ']]);
    default:
      return undefined;
  }
}

/** Adds the SQL fix to every finding about a live server (its deployment, or one of its pg_hba files). */
export function addLiveSuggestions(result: ScanResult): void {
  const live = result.model.deployments.filter((d) => d.format === 'live');
  if (!live.length) return;
  const byId = new Map(live.map((d) => [d.id, d]));
  const byHbaFile = new Map<string, Deployment>();
  for (const d of live) for (const f of d.hbaFiles) byHbaFile.set(f, d);
  for (const f of result.findings) {
    if (f.ruleId === 'PGW002' || f.ruleId === 'PGW001') continue;
    const dep = (f.deploymentId ? byId.get(f.deploymentId) : undefined) ?? byHbaFile.get(f.loc.file);
    if (!dep) continue;
    const sql = liveSqlFix(f, dep);
    if (sql) f.suggestion = result.model.secrets.redact(sql);
  }
}
