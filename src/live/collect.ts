/**
 * One read-only audit session against a live PostgreSQL server: `BEGIN READ ONLY`, a statement timeout, a safe
 * search_path, then catalog reads. Each read runs in a savepoint, so a read the role may not do becomes "could
 * not verify" (with the GRANT that would allow it) instead of ending the audit. Nothing is ever written.
 */
import type { ClientConfig } from 'pg';
import { readFileSync } from 'node:fs';
import type { Dsn } from './dsn.js';
import { connectFailure, LiveAuditError, sessionFailure, sqlState } from './errors.js';
import type {
  LiveDatabaseRow,
  LiveFileSettingRow,
  LiveHbaRow,
  LiveObservation,
  LiveRoleRow,
  LiveRoleSettingRow,
  LiveSettingRow,
  Section,
} from './observation.js';

export interface CollectOptions {
  dsn: Dsn;
  /** Asked only when the server wants a password. */
  password: () => Promise<string | undefined>;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Called with progress notes (which step runs), for tests and --verbose. */
  onStep?: (step: string) => void;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;

/** Settings the rules read; when pg_settings hides one from the audit role, it becomes "could not verify". */
export const AUDITED_SETTINGS = [
  'listen_addresses',
  'port',
  'ssl',
  'ssl_min_protocol_version',
  'password_encryption',
  'max_connections',
  'statement_timeout',
  'idle_in_transaction_session_timeout',
  'idle_session_timeout',
  'log_connections',
  'log_disconnections',
  'log_statement',
  'log_min_duration_statement',
  'log_line_prefix',
  'shared_preload_libraries',
  'hba_file',
];

type Row = Record<string, unknown>;
interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function grantsFor(role: string): Record<'hba' | 'fileSettings' | 'settings' | 'generic', string> {
  const r = quoteIdent(role);
  return {
    hba:
      `GRANT SELECT ON pg_catalog.pg_hba_file_rules TO ${r}; ` +
      `GRANT EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() TO ${r};`,
    fileSettings:
      `GRANT SELECT ON pg_catalog.pg_file_settings TO ${r}; ` +
      `GRANT EXECUTE ON FUNCTION pg_catalog.pg_show_all_file_settings() TO ${r};`,
    settings: `GRANT pg_read_all_settings TO ${r};`,
    generic: `GRANT pg_monitor TO ${r};`,
  };
}

async function connect(options: CollectOptions, ssl: ClientConfig['ssl']): Promise<import('pg').Client> {
  const { default: pg } = await import('pg');
  const { dsn } = options;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const client = new pg.Client({
    host: dsn.host,
    port: dsn.port,
    user: dsn.user,
    database: dsn.database,
    password: async () => {
      const p = await options.password();
      if (p === undefined) {
        throw new LiveAuditError(
          `${dsn.target} asks for a password: set PGPASSWORD, add a line to ~/.pgpass (or PGPASSFILE), or run in a terminal to be prompted`,
          'no-password',
        );
      }
      return p;
    },
    ssl,
    connectionTimeoutMillis: connectTimeoutMs,
    // a client-side bound in case the server stops answering altogether (the server-side timeout is set below)
    query_timeout: statementTimeoutMs + 5_000,
    application_name: 'pgwarden',
    keepAlive: true,
  });
  // an idle client's connection error is reported by the next query; without a listener it would crash the process
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

function sslConfigs(dsn: Dsn): Array<ClientConfig['ssl']> {
  const ca = dsn.sslrootcert ? readFileSync(dsn.sslrootcert, 'utf8') : undefined;
  const verify = { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
  switch (dsn.sslmode) {
    case 'disable':
      return [false];
    case 'allow':
      return [false, { rejectUnauthorized: false }];
    case 'prefer':
      return [{ rejectUnauthorized: false }, false];
    case 'require':
      return [{ rejectUnauthorized: false }];
    case 'verify-ca':
      return [{ ...verify, checkServerIdentity: () => undefined }];
    case 'verify-full':
      return [verify];
  }
}

/** Connects with the sslmode's fallbacks (prefer: TLS, else plain; allow: plain, else TLS). */
async function connectWithFallback(options: CollectOptions): Promise<import('pg').Client> {
  const attempts = sslConfigs(options.dsn);
  let last: unknown;
  for (const [i, ssl] of attempts.entries()) {
    try {
      return await connect(options, ssl);
    } catch (error) {
      last = error;
      const message = (error as Error)?.message ?? '';
      const retryable =
        i + 1 < attempts.length &&
        (/does not support SSL/i.test(message) || (ssl === false && sqlState(error) === '28000'));
      if (!retryable) break;
    }
  }
  throw connectFailure(last, options.dsn.target, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
}

export async function collectLive(options: CollectOptions): Promise<LiveObservation> {
  const { dsn } = options;
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  let client: import('pg').Client;
  try {
    options.onStep?.('connect');
    client = await connectWithFallback(options);
  } catch (error) {
    throw connectFailure(error, dsn.target, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  }
  let step = 'the session setup';
  const run = async (what: string, text: string, values?: unknown[]) => {
    step = what;
    options.onStep?.(what);
    return (await client.query(text, values)).rows as Row[];
  };
  try {
    await run('the session setup', 'BEGIN READ ONLY');
    await run('the session setup', `SET LOCAL statement_timeout = ${Math.max(1, Math.floor(statementTimeoutMs))}`);
    // catalog names are qualified and the search path holds nothing a user could plant objects in
    await run('the session setup', 'SET LOCAL search_path = pg_catalog, pg_temp');
    const observation = await readAll(client, dsn, run);
    await run('the end of the session', 'ROLLBACK');
    return observation;
  } catch (error) {
    throw sessionFailure(error, dsn.target, step, statementTimeoutMs);
  } finally {
    await client.end().catch(() => undefined);
  }
}

type Run = (what: string, text: string, values?: unknown[]) => Promise<Row[]>;

const NOT_AVAILABLE = new Set(['42P01', '42883', '42703']);

async function readAll(client: Queryable, dsn: Dsn, run: Run): Promise<LiveObservation> {
  const head = (
    await run(
      'the server version',
      `SELECT pg_catalog.version() AS version,
              pg_catalog.current_setting('server_version_num')::int AS num,
              current_user AS role,
              pg_catalog.current_database() AS db,
              (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) AS superuser`,
    )
  )[0] as Row;
  const role = String(head['role']);
  const versionNum = Number(head['num']);
  const grants = grantsFor(role);

  /** A read that may be refused: refused or missing on this version becomes a reason, anything else ends the audit. */
  const section = async <T>(what: string, grant: string | undefined, read: () => Promise<T>): Promise<Section<T>> => {
    await client.query('SAVEPOINT pgwarden_read');
    try {
      const value = await read();
      await client.query('RELEASE SAVEPOINT pgwarden_read');
      return { ok: true, value };
    } catch (error) {
      const state = sqlState(error);
      if (state === '42501' || (state && NOT_AVAILABLE.has(state))) {
        await client.query('ROLLBACK TO SAVEPOINT pgwarden_read');
        const message = (error as Error).message;
        return state === '42501'
          ? { ok: false, reason: `role ${role} may not read ${what} (${message})`, ...(grant ? { grant } : {}) }
          : { ok: false, reason: `${what} is not available on this server version (${message})` };
      }
      throw error;
    }
  };

  const settingsRows = await run(
    'pg_settings',
    `SELECT name, setting, unit, source, sourcefile, sourceline, context, reset_val, boot_val, pending_restart
       FROM pg_catalog.pg_settings ORDER BY name`,
  );
  const settings: LiveSettingRow[] = settingsRows.map((r) => ({
    name: String(r['name']),
    setting: nullableString(r['setting']),
    unit: nullableString(r['unit']),
    source: String(r['source'] ?? ''),
    sourcefile: nullableString(r['sourcefile']),
    sourceline: r['sourceline'] === null || r['sourceline'] === undefined ? null : Number(r['sourceline']),
    context: String(r['context'] ?? ''),
    resetVal: nullableString(r['reset_val']),
    bootVal: nullableString(r['boot_val']),
    pendingRestart: r['pending_restart'] === true,
  }));
  const visible = new Set(settings.map((s) => s.name));
  const hiddenSettings: LiveObservation['hiddenSettings'] = [];
  for (const name of AUDITED_SETTINGS) {
    if (visible.has(name)) continue;
    const probe = await section(`setting ${name}`, grants.settings, () =>
      run(`setting ${name}`, 'SELECT pg_catalog.current_setting($1, true) AS v', [name]),
    );
    // missing_ok: NULL means this version has no such setting; a refusal means it is hidden from this role
    if (!probe.ok && probe.grant) hiddenSettings.push({ name, reason: probe.reason, grant: probe.grant });
  }

  const fileSettings = await section<LiveFileSettingRow[]>('pg_file_settings', grants.fileSettings, async () =>
    (
      await run(
        'pg_file_settings',
        'SELECT sourcefile, sourceline, name, setting, applied, error FROM pg_catalog.pg_file_settings ORDER BY seqno',
      )
    ).map((r) => ({
      sourcefile: nullableString(r['sourcefile']),
      sourceline: r['sourceline'] === null || r['sourceline'] === undefined ? null : Number(r['sourceline']),
      name: nullableString(r['name']),
      setting: nullableString(r['setting']),
      applied: r['applied'] === true,
      error: nullableString(r['error']),
    })),
  );

  const hbaSql =
    versionNum >= 160000
      ? `SELECT rule_number, file_name, line_number, type, database, user_name, address, netmask, auth_method,
                options, error
           FROM pg_catalog.pg_hba_file_rules ORDER BY rule_number NULLS LAST, line_number`
      : `SELECT NULL::int AS rule_number, NULL::text AS file_name, line_number, type, database, user_name, address,
                netmask, auth_method, options, error
           FROM pg_catalog.pg_hba_file_rules ORDER BY line_number`;
  const hba = await section<LiveHbaRow[]>('pg_hba_file_rules', grants.hba, async () =>
    (await run('pg_hba_file_rules', hbaSql)).map((r) => ({
      ruleNumber: r['rule_number'] === null || r['rule_number'] === undefined ? null : Number(r['rule_number']),
      fileName: nullableString(r['file_name']),
      lineNumber: Number(r['line_number']),
      type: String(r['type'] ?? ''),
      database: stringList(r['database']),
      userName: stringList(r['user_name']),
      address: nullableString(r['address']),
      netmask: nullableString(r['netmask']),
      authMethod: nullableString(r['auth_method']),
      options: stringList(r['options']),
      error: nullableString(r['error']),
    })),
  );

  const roles = await section<LiveRoleRow[]>('pg_roles', grants.generic, async () =>
    (
      await run(
        'pg_roles',
        `SELECT rolname, rolsuper, rolcanlogin, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls,
                rolconnlimit, rolvaliduntil::text AS rolvaliduntil, oid = 10 AS bootstrap
           FROM pg_catalog.pg_roles WHERE rolname !~ '^pg_' ORDER BY rolname`,
      )
    ).map((r) => ({
      name: String(r['rolname']),
      superuser: r['rolsuper'] === true,
      canLogin: r['rolcanlogin'] === true,
      createRole: r['rolcreaterole'] === true,
      createDb: r['rolcreatedb'] === true,
      replication: r['rolreplication'] === true,
      bypassRls: r['rolbypassrls'] === true,
      connLimit: Number(r['rolconnlimit'] ?? -1),
      validUntil: nullableString(r['rolvaliduntil']),
      bootstrap: r['bootstrap'] === true,
    })),
  );

  const roleSettings = await section<LiveRoleSettingRow[]>('pg_db_role_setting', grants.generic, async () =>
    (
      await run(
        'pg_db_role_setting',
        `SELECT r.rolname, d.datname, s.setconfig
           FROM pg_catalog.pg_db_role_setting s
           LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
           LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase`,
      )
    ).map((r) => ({
      role: nullableString(r['rolname']),
      database: nullableString(r['datname']),
      config: stringList(r['setconfig']),
    })),
  );

  const databases = await section<LiveDatabaseRow[]>('pg_database', grants.generic, async () =>
    (
      await run(
        'pg_database',
        `SELECT datname, pg_catalog.pg_get_userbyid(datdba) AS owner, datconnlimit, datallowconn, datistemplate
           FROM pg_catalog.pg_database ORDER BY datname`,
      )
    ).map((r) => ({
      name: String(r['datname']),
      owner: String(r['owner']),
      connLimit: Number(r['datconnlimit'] ?? -1),
      allowConn: r['datallowconn'] === true,
      isTemplate: r['datistemplate'] === true,
    })),
  );

  const extensions = await section('pg_extension', grants.generic, async () =>
    (await run('pg_extension', 'SELECT extname, extversion FROM pg_catalog.pg_extension ORDER BY extname')).map(
      (r) => ({
        name: String(r['extname']),
        version: String(r['extversion']),
      }),
    ),
  );

  const connectionSsl = await section('pg_stat_ssl', grants.generic, async () => {
    const r = (
      await run(
        'pg_stat_ssl',
        'SELECT ssl, version, cipher FROM pg_catalog.pg_stat_ssl WHERE pid = pg_catalog.pg_backend_pid()',
      )
    )[0];
    return { ssl: r?.['ssl'] === true, version: nullableString(r?.['version']), cipher: nullableString(r?.['cipher']) };
  });

  const publicSchema = await section('schema public', grants.generic, async () => {
    const r = (
      await run(
        'schema public',
        `SELECT pg_catalog.pg_get_userbyid(n.nspowner) AS owner, n.nspacl::text AS acl,
                pg_catalog.has_schema_privilege('public', n.oid, 'CREATE') AS public_create
           FROM pg_catalog.pg_namespace n WHERE n.nspname = 'public'`,
      )
    )[0];
    return r
      ? { owner: String(r['owner']), acl: nullableString(r['acl']), publicCreate: r['public_create'] === true }
      : null;
  });

  return {
    target: dsn.target,
    host: dsn.host,
    port: dsn.port,
    database: String(head['db']),
    collectedAt: new Date().toISOString(),
    server: { version: String(head['version']), versionNum },
    auditRole: { name: role, superuser: head['superuser'] === true },
    settings,
    hiddenSettings,
    fileSettings,
    hba,
    roles,
    roleSettings,
    databases,
    extensions,
    connectionSsl,
    publicSchema,
  };
}

function nullableString(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** text[] columns arrive as arrays; an unparsed `{a,b}` literal is split as a fallback. */
function stringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') {
    const inner = v.replace(/^\{|\}$/g, '');
    return inner ? inner.split(',').map((s) => s.replace(/^"|"$/g, '')) : [];
  }
  return [];
}
