/**
 * A live audit that cannot finish says why and exits with code 2, printing no report: a wrong password, nothing
 * listening, a catalog locked past the statement timeout, and a server stopped in the middle of the audit.
 * Against a real PostgreSQL server started for this file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { main, type Io } from '../../src/cli/main.js';
import { freePort, startServer, type TestServer } from './servers.js';

const TODAY = '2026-12-03';

async function audit(url: string, env: Record<string, string | undefined>, extra: string[] = []) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, env };
  const code = await main(['audit', url, '--format', 'json', '--today', TODAY, ...extra], io);
  return { code, out, err };
}

/** Holds an exclusive lock on pg_extension in an open transaction: the audit's read of it has to wait. */
async function lockExtensions(server: TestServer): Promise<pg.Client> {
  const c = await server.client();
  await c.query('BEGIN');
  await c.query('LOCK TABLE pg_catalog.pg_extension IN ACCESS EXCLUSIVE MODE');
  return c;
}

async function waitForBlockedAudit(server: TestServer): Promise<void> {
  const c = await server.client();
  try {
    for (let i = 0; i < 200; i++) {
      const r = await c.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'pgwarden' AND wait_event_type = 'Lock'",
      );
      if ((r.rows[0] as { n: number }).n > 0) return;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error('the audit never waited on the lock');
  } finally {
    await c.end();
  }
}

describe('live audit failures (real PostgreSQL server)', () => {
  let server: TestServer;
  let home: string;

  before(async () => {
    server = await startServer('failures', { flags: ['-c', 'log_statement=all', '-c', 'log_line_prefix=%a '] });
    home = mkdtempSync(join(tmpdir(), 'pgwarden-home-'));
  });
  after(async () => {
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('a wrong password: exit 2, the cause, and the password never printed', async () => {
    const r = await audit(server.url('postgres'), { PGPASSWORD: 'Wrong-Password-123', HOME: home });
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(
      r.err,
      new RegExp(
        `^pgwarden: password authentication failed at postgres://postgres@127\\.0\\.0\\.1:${server.port}/postgres: `,
      ),
    );
    assert.ok(!r.err.includes('Wrong-Password-123'));
  });

  it('no password anywhere and no terminal: exit 2 with where a password may come from', async () => {
    const r = await audit(server.url('postgres'), { HOME: home });
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /asks for a password: set PGPASSWORD, add a line to ~\/\.pgpass \(or PGPASSFILE\), or run in a terminal/,
    );
  });

  it('a password from ~/.pgpass (mode 0600) is used; the audit runs', async () => {
    writeFileSync(join(home, '.pgpass'), `127.0.0.1:${server.port}:postgres:postgres:${server.superuserPassword}\n`);
    chmodSync(join(home, '.pgpass'), 0o600);
    try {
      const r = await audit(server.url('postgres'), { HOME: home });
      assert.equal(r.code, 1, r.err);
      assert.ok(!r.out.includes(server.superuserPassword));
    } finally {
      rmSync(join(home, '.pgpass'));
    }
  });

  it('a password in the URL works, with a warning, and is shown nowhere', async () => {
    const url = server
      .url('postgres')
      .replace('postgres@', `postgres:${encodeURIComponent(server.superuserPassword)}@`);
    const r = await audit(url, { HOME: home }, ['--format', 'text']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /warning: the connection URL carries a password/);
    assert.ok(!(r.out + r.err).includes(server.superuserPassword));
    assert.match(r.out, new RegExp(`postgres://postgres@127\\.0\\.0\\.1:${server.port}/postgres \\(`));
  });

  it('a refused connection (a closed port): exit 2', async () => {
    const port = await freePort();
    const r = await audit(`postgres://postgres@127.0.0.1:${port}/postgres`, { PGPASSWORD: 'x' });
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      `pgwarden: connection refused at postgres://postgres@127.0.0.1:${port}/postgres: no PostgreSQL server listens there\n`,
    );
  });

  it('a statement timeout (a catalog locked by another session): exit 2, nothing reported', async () => {
    const lock = await lockExtensions(server);
    try {
      const r = await audit(server.url('postgres'), { PGPASSWORD: server.superuserPassword }, [
        '--statement-timeout',
        '300ms',
      ]);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(
        r.err,
        /^pgwarden: statement timeout \(300 ms\) while reading pg_extension at postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres: the server is overloaded or a catalog is locked by another session/,
      );
    } finally {
      await lock.query('ROLLBACK');
      await lock.end();
    }
  });

  it('the audit never writes: one READ ONLY transaction of reads, rolled back', async () => {
    const from = server.log().length;
    const r = await audit(server.url('postgres'), { PGPASSWORD: server.superuserPassword });
    assert.equal(r.code, 1, r.err);
    // log_statement=all with the application name in front of every line
    const statements = server
      .log()
      .slice(from)
      .split('\n')
      .filter((l) => l.startsWith('pgwarden '))
      .map((l) => /(?:statement|execute [^:]*): (.*)$/.exec(l)?.[1])
      .filter((x): x is string => x !== undefined);
    assert.equal(statements[0], 'BEGIN READ ONLY');
    assert.equal(statements[statements.length - 1], 'ROLLBACK');
    assert.ok(statements.length > 10);
    for (const s of statements) {
      assert.match(
        s.trim(),
        /^(BEGIN READ ONLY|SET LOCAL (statement_timeout|search_path) |SELECT |SAVEPOINT pgwarden_read$|RELEASE SAVEPOINT pgwarden_read$|ROLLBACK$)/,
        s,
      );
    }
  });

  it('a server stopped in the middle of the audit: exit 2, the connection was lost (runs last)', async () => {
    const lock = await lockExtensions(server);
    lock.on('error', () => undefined);
    const running = audit(server.url('postgres'), { PGPASSWORD: server.superuserPassword }, [
      '--statement-timeout',
      '30s',
    ]);
    await waitForBlockedAudit(server);
    await server.stop();
    const r = await running;
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(
      r.err,
      /^pgwarden: the connection to postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres was lost while reading pg_extension \(terminating connection due to administrator command\): the server stopped or restarted during the audit; nothing is reported from an incomplete audit\n$/,
    );
  });
});
