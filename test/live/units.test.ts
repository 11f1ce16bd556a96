import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDsn, redactUrl } from '../../src/live/dsn.js';
import { choosePassword, parsePgpass } from '../../src/live/password.js';
import { settingOf, valueWithUnit } from '../../src/live/adapt.js';
import { connectFailure, sessionFailure } from '../../src/live/errors.js';
import { grantsFor, quoteIdent } from '../../src/live/collect.js';
import { sameSetting, sameImage } from '../../src/rules/drift/declared-vs-running-drift.js';
import type { LiveSettingRow } from '../../src/live/observation.js';

describe('connection URLs', () => {
  it('reads user, host, port, database and sslmode; the target never shows a password', () => {
    const d = parseDsn('postgresql://audit:s3cr%40t@db.internal:6432/app?sslmode=require');
    assert.deepEqual(
      [d.user, d.host, d.port, d.database, d.sslmode, d.urlPassword, d.target],
      ['audit', 'db.internal', 6432, 'app', 'require', 's3cr@t', 'postgres://audit@db.internal:6432/app'],
    );
    const v6 = parseDsn('postgres://u@[::1]/x');
    assert.deepEqual([v6.host, v6.port, v6.target], ['::1', 5432, 'postgres://u@[::1]:5432/x']);
  });

  it('fills unset parts from PG* variables, then libpq defaults', () => {
    const d = parseDsn('postgres://', { PGHOST: 'h', PGPORT: '5433', PGUSER: 'me', PGSSLMODE: 'disable' });
    assert.deepEqual([d.host, d.port, d.user, d.database, d.sslmode], ['h', 5433, 'me', 'me', 'disable']);
  });

  it('refuses what it cannot read, without echoing a password', () => {
    assert.throws(() => parseDsn('postgres://u@h/db?sslmode=sometimes'), /sslmode must be one of/);
    assert.throws(() => parseDsn('postgres://u@h:70000/db'), /invalid port|cannot read/);
    assert.throws(
      () => parseDsn('mysql://u:pw@h/db'),
      (e: Error) => !e.message.includes('pw@') && /not a postgres/.test(e.message),
    );
    assert.equal(redactUrl('postgres://u:hunter22@h/db?password=x'), 'postgres://u@h/db?password=****');
  });
});

describe('password sources', () => {
  const dsn = parseDsn('postgres://audit@127.0.0.1:5432/app');

  it('parses .pgpass lines with wildcards and escapes', () => {
    assert.deepEqual(parsePgpass('# comment\n*:*:*:u:p\\:w\\\\d\nbad line\n'), [
      { fields: ['*', '*', '*', 'u', 'p:w\\d'], line: 2 },
    ]);
  });

  it('prefers PGPASSWORD, then the password file, then the prompt', async () => {
    const home = mkdtempSync(join(tmpdir(), 'pgwarden-pgpass-'));
    try {
      const warnings: string[] = [];
      const warn = (m: string) => void warnings.push(m);
      const env = { PGPASSWORD: 'from-env', HOME: home };
      const a = choosePassword(dsn, { env, warn });
      assert.equal(await a.get(), 'from-env');
      assert.equal(a.source(), 'PGPASSWORD');

      writeFileSync(join(home, '.pgpass'), 'other:*:*:*:no\n127.0.0.1:5432:*:audit:from-file\n');
      chmodSync(join(home, '.pgpass'), 0o600);
      const b = choosePassword(dsn, { env: { HOME: home }, warn });
      assert.equal(await b.get(), 'from-file');
      assert.equal(b.source(), '~/.pgpass line 2');

      chmodSync(join(home, '.pgpass'), 0o644);
      let asked = 0;
      const c = choosePassword(dsn, { env: { HOME: home }, warn, prompt: async () => (asked++, 'typed') });
      assert.equal(await c.get(), 'typed');
      assert.equal(await c.get(), 'typed');
      assert.equal(asked, 1, 'asked once, even when the connection is retried');
      assert.match(warnings.join('\n'), /readable by others \(mode 644\); ignored/);

      const none = choosePassword(dsn, { env: { HOME: home }, warn });
      assert.equal(await none.get(), undefined);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('uses a password in the URL but warns about it', async () => {
    const warnings: string[] = [];
    const p = choosePassword(parseDsn('postgres://a:in-url@h/d'), { env: {}, warn: (m) => void warnings.push(m) });
    assert.equal(await p.get(), 'in-url');
    assert.match(warnings[0] ?? '', /visible in the process list and shell history/);
  });
});

describe('pg_settings rows in the model', () => {
  const row = (over: Partial<LiveSettingRow>): LiveSettingRow => ({
    name: 'x',
    setting: '0',
    unit: null,
    source: 'default',
    sourcefile: null,
    sourceline: null,
    context: 'sighup',
    resetVal: '0',
    bootVal: '0',
    pendingRestart: false,
    ...over,
  });

  it('writes values back with their unit', () => {
    assert.equal(valueWithUnit('60000', 'ms'), '60000ms');
    assert.equal(valueWithUnit('16384', '8kB'), '131072kB');
    assert.equal(valueWithUnit('-1', 'ms'), '-1');
    assert.equal(valueWithUnit('on', null), 'on');
  });

  it('a value from a file points at the file and line the server reports', () => {
    const s = settingOf(
      row({
        name: 'ssl',
        setting: 'off',
        source: 'configuration file',
        sourcefile: '/etc/pg/postgresql.conf',
        sourceline: 12,
      }),
      'postgres://a@h:5432/d',
    );
    assert.deepEqual(
      [s.value.loc.file, s.value.loc.start.line, s.value.loc.live, s.value.state],
      ['/etc/pg/postgresql.conf', 12, undefined, 'explicit'],
    );
    assert.equal(s.value.via?.[0]?.loc.live, 'pg_settings:ssl');
  });

  it("the audit's own SET LOCAL statement_timeout is not the server's value", () => {
    const s = settingOf(
      row({ name: 'statement_timeout', setting: '10000', unit: 'ms', source: 'session', resetVal: '0', bootVal: '0' }),
      't',
    );
    assert.deepEqual(
      [s.value.value, s.value.state, s.value.loc.live],
      ['0ms', 'default', 'pg_settings:statement_timeout'],
    );
  });
});

describe('failure messages', () => {
  it('name the cause and the target', () => {
    assert.match(
      connectFailure({ code: '28P01', message: 'password authentication failed for user "a"' }, 't', 1000).message,
      /^password authentication failed at t/,
    );
    assert.match(
      connectFailure({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 't', 1000).message,
      /connection refused at t/,
    );
    assert.match(
      connectFailure({ errors: [{ code: 'ECONNREFUSED', message: 'x' }] }, 't', 1000).message,
      /connection refused/,
    );
    assert.match(
      connectFailure(new Error('Connection terminated due to connection timeout'), 't', 2000).message,
      /within 2 s/,
    );
    assert.equal(
      sessionFailure({ code: '57014', message: 'canceling statement due to statement timeout' }, 't', 'pg_roles', 500)
        .failure,
      'statement-timeout',
    );
    assert.equal(
      sessionFailure(
        { code: '57P01', message: 'terminating connection due to administrator command' },
        't',
        'pg_roles',
        500,
      ).failure,
      'lost',
    );
    assert.equal(sessionFailure(new Error('Connection terminated unexpectedly'), 't', 'pg_roles', 500).failure, 'lost');
  });

  it('GRANT suggestions quote the role', () => {
    assert.equal(quoteIdent('we"ird'), '"we""ird"');
    assert.match(
      grantsFor('audit').hba,
      /^GRANT SELECT ON pg_catalog\.pg_hba_file_rules TO "audit"; GRANT EXECUTE ON FUNCTION pg_catalog\.pg_hba_file_rules\(\) TO "audit";$/,
    );
  });
});

describe('drift value semantics', () => {
  it('compares settings the way PostgreSQL reads them', () => {
    assert.ok(sameSetting('on', 'true'));
    assert.ok(sameSetting("'60s'", '60000ms'));
    assert.ok(sameSetting('1GB', '1048576kB'));
    assert.ok(sameSetting('pg_stat_statements, pgaudit', 'pg_stat_statements,pgaudit'));
    assert.ok(!sameSetting('ddl', 'all'));
    assert.ok(!sameSetting('on', 'off'));
  });

  it('compares image references by repository, tag and digest', () => {
    assert.ok(sameImage('postgres:16.10', 'docker.io/library/postgres:16.10'));
    assert.ok(sameImage('postgres:16.10', 'postgres:16.10@sha256:abc'));
    assert.ok(sameImage('postgres', 'postgres:latest'));
    assert.ok(!sameImage('postgres:16.10', 'postgres:16.4'));
    assert.ok(!sameImage('postgres@sha256:aaa', 'postgres@sha256:bbb'));
  });
});
