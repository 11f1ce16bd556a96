/**
 * Running systems:
 *   pgwarden audit docker [--host unix:///var/run/docker.sock] [--all]   containers through the Engine API
 *   pgwarden audit postgres://user@host:port/db                         a live server, read-only
 * and the scan options `--inspect FILE|-` (docker inspect output) and `--db URL` (a live server judged beside
 * the declarations, for drift). Reports, exit codes and secrets masking are the scan's own.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { scan, type ScanResult } from '../core/scan.js';
import { makeSourceFile } from '../core/source.js';
import type { DiscoveredFile } from '../discover/walk.js';
import { engineCaptureInput, liveObservationInput } from '../adapters/inspect/observed-inputs.js';
import {
  DEFAULT_DOCKER_HOST,
  DockerApiError,
  DockerClient,
  parseDockerHost,
  plainTcpWarning,
} from '../docker-api/client.js';
import { isPostgresContainer } from '../docker-api/select.js';
import { collectLive, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS } from '../live/collect.js';
import { DsnError, isPostgresUrl, parseDsn, redactUrl } from '../live/dsn.js';
import { LiveAuditError } from '../live/errors.js';
import type { LiveObservation } from '../live/observation.js';
import { choosePassword, promptOnTerminal } from '../live/password.js';
import { addLiveSuggestions } from '../live/sql-fixes.js';
import { parseDurationMs } from '../model/settings.js';
import { one, parseArgs, UsageError, type ParsedArgs } from './args.js';
import type { Io, PreparedScan } from './main.js';

export const AUDIT_HELP = `pgwarden audit — audit running systems (read-only)

Usage:
  pgwarden audit docker [--host unix:///var/run/docker.sock] [--all]
      containers of a Docker daemon, through its Engine API (GET requests only); default host: DOCKER_HOST,
      else unix:///var/run/docker.sock; tcp://host:port works but is unencrypted (a loud warning says so)
  pgwarden audit postgres://USER@HOST:PORT/DB [--connect-timeout 10s] [--statement-timeout 10s]
      a live PostgreSQL server, in one read-only session; the password comes from PGPASSWORD, the password
      file (PGPASSFILE or ~/.pgpass) or a prompt on a terminal — never put it in the URL
      (the role it needs is in docs/live-audit.md)

Report options: --env, --format, --output, --fail-on, --config, --today, --baseline, --write-baseline,
--no-color, --quiet (as for pgwarden scan). Exit codes: 0 clean, 1 findings at or above --fail-on,
2 usage or connection error (nothing is reported from an incomplete audit), 3 nothing to audit.
`;

export const AUDIT_SPEC = {
  values: [
    'env',
    'format',
    'output',
    'fail-on',
    'config',
    'today',
    'baseline',
    'write-baseline',
    'host',
    'connect-timeout',
    'statement-timeout',
  ],
  flags: ['no-color', 'quiet', 'help', 'prune-baseline', 'all'],
};

/** Scan options this module adds to `pgwarden scan`. */
export const OBSERVED_SCAN_VALUES = ['inspect', 'db', 'connect-timeout', 'statement-timeout'];

export interface AuditHooks {
  prepare(args: ParsedArgs): PreparedScan;
  finish(result: ScanResult, prepared: PreparedScan, args: ParsedArgs, io: Io): number;
  /** Asks for a password on the terminal; the default uses stdin when it is a terminal. */
  prompt?: ((question: string) => Promise<string>) | undefined;
  /** Reads stdin for `--inspect -` (tests replace it). */
  readStdin?: () => Promise<string>;
}

const EXIT_ERROR = 2;

/** Errors of running systems end the run with a clear message and exit code 2. */
function isRuntimeError(error: unknown): error is Error {
  return error instanceof LiveAuditError || error instanceof DockerApiError || error instanceof DsnError;
}

export async function auditCommand(argv: string[], io: Io, hooks: AuditHooks): Promise<number> {
  const args = parseArgs(argv, AUDIT_SPEC);
  const [what, ...extra] = args.positionals;
  if (args.flags.has('help') || !what) {
    io.out(AUDIT_HELP);
    return what || args.flags.has('help') ? 0 : EXIT_ERROR;
  }
  if (extra.length) throw new UsageError(`audit takes one target (got ${args.positionals.length})`);
  let secret: string | undefined;
  try {
    if (what === 'docker') return await auditDocker(args, io, hooks);
    if (isPostgresUrl(what)) {
      const live = await observeLive(what, args, io, hooks);
      secret = live.password;
      return await report([liveObservationInput(live.observation)], args, io, hooks, live.password);
    }
    throw new UsageError(`audit: expected "docker" or a postgres:// URL (got "${redactUrl(what)}")`);
  } catch (error) {
    if (isRuntimeError(error)) {
      const message = secret ? error.message.split(secret).join('****') : error.message;
      io.err(`pgwarden: ${message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}

/** Runs the rules on observed inputs only (no folder walk) and reports like a scan. */
async function report(
  inputs: DiscoveredFile[],
  args: ParsedArgs,
  io: Io,
  hooks: AuditHooks,
  password: string | undefined,
): Promise<number> {
  const prepared = hooks.prepare({ ...args, positionals: [] });
  prepared.options = { ...prepared.options, paths: [], virtual: {}, extraFiles: inputs };
  const result = await scan(prepared.options);
  if (password) result.model.secrets.add(password);
  addLiveSuggestions(result);
  return hooks.finish(result, prepared, args, io);
}

async function auditDocker(args: ParsedArgs, io: Io, hooks: AuditHooks): Promise<number> {
  const host = parseDockerHost(one(args, 'host') ?? io.env['DOCKER_HOST'] ?? DEFAULT_DOCKER_HOST);
  const warning = plainTcpWarning(host);
  if (warning) io.err(`pgwarden: ${warning}\n`);
  const client = new DockerClient(host);
  const version = await client.version();
  const containers = await client.listContainers(args.flags.has('all'));
  const bodies: string[] = [];
  for (const c of containers) {
    let body: string;
    try {
      body = await client.inspectContainer(c.Id);
    } catch (error) {
      // removed between the list and the inspect: nothing left to audit there
      if (error instanceof DockerApiError && /HTTP 404/.test(error.message)) continue;
      throw error;
    }
    if (isPostgresContainer(body)) bodies.push(body);
  }
  io.err(
    `pgwarden: Docker ${version.Version ?? '?'} (API ${version.ApiVersion ?? '?'}) at ${host.display}: ` +
      `${containers.length} ${args.flags.has('all') ? '' : 'running '}container${containers.length === 1 ? '' : 's'}, ` +
      `${bodies.length} PostgreSQL\n`,
  );
  return report(bodies.length ? [engineCaptureInput(host.display, bodies)] : [], args, io, hooks, undefined);
}

function durationOption(args: ParsedArgs, name: string, fallback: number): number {
  const text = one(args, name);
  if (text === undefined) return fallback;
  const ms = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) * 1000 : parseDurationMs(text);
  if (ms === undefined || !(ms > 0))
    throw new UsageError(`--${name} must be a duration such as 10s or 500ms (got "${text}")`);
  return ms;
}

async function observeLive(
  url: string,
  args: ParsedArgs,
  io: Io,
  hooks: AuditHooks,
): Promise<{ observation: LiveObservation; password: string | undefined }> {
  const dsn = parseDsn(url, io.env);
  const prompt = 'prompt' in hooks ? hooks.prompt : process.stdin.isTTY ? promptOnTerminal : undefined;
  const password = choosePassword(dsn, {
    env: io.env,
    prompt,
    warn: (m) => io.err(`pgwarden: warning: ${m}\n`),
  });
  try {
    const observation = await collectLive({
      dsn,
      password: () => password.get(),
      connectTimeoutMs: durationOption(args, 'connect-timeout', DEFAULT_CONNECT_TIMEOUT_MS),
      statementTimeoutMs: durationOption(args, 'statement-timeout', DEFAULT_STATEMENT_TIMEOUT_MS),
    });
    return { observation, password: password.known() };
  } catch (error) {
    const known = password.known();
    if (known && error instanceof Error) error.message = error.message.split(known).join('****');
    throw error;
  }
}

async function readAllStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('--inspect -: stdin is a terminal; pipe docker inspect output into it');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `pgwarden scan … --inspect FILE|- --db URL`: observed inputs beside the scanned files. Without paths, only the
 * observed inputs are scanned. Returns an exit code when the run must stop (a connection error), else undefined.
 */
export async function addObservedInputs(
  prepared: PreparedScan,
  args: ParsedArgs,
  io: Io,
  hooks: Pick<AuditHooks, 'prompt' | 'readStdin'> = {},
): Promise<number | undefined> {
  const inspect = args.values.get('inspect') ?? [];
  const dbs = args.values.get('db') ?? [];
  if (!inspect.length && !dbs.length) return undefined;
  const inputs: DiscoveredFile[] = [];
  try {
    for (const source of inspect) {
      if (source === '-') {
        const text = await (hooks.readStdin ?? readAllStdin)();
        inputs.push({ file: makeSourceFile('stdin', 'stdin', text.replace(/^\uFEFF/, '')), kind: 'inspect' });
        continue;
      }
      let text: string;
      try {
        text = readFileSync(source, 'utf8');
      } catch (error) {
        throw new UsageError(
          `--inspect ${source}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
        );
      }
      const abs = resolve(source);
      const rel = relative(process.cwd(), abs);
      const name = rel && !rel.startsWith('..') ? rel.split(sep).join('/') : abs;
      inputs.push({ file: makeSourceFile(name, abs, text.replace(/^\uFEFF/, '')), kind: 'inspect' });
    }
    for (const url of dbs) {
      if (!isPostgresUrl(url)) throw new UsageError(`--db expects a postgres:// URL (got "${redactUrl(url)}")`);
      const live = await observeLive(url, args, io, { prepare: () => prepared, finish: () => 0, ...hooks });
      inputs.push(liveObservationInput(live.observation));
    }
  } catch (error) {
    if (isRuntimeError(error)) {
      io.err(`pgwarden: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
  const onlyObserved = args.positionals.length === 0;
  prepared.options = {
    ...prepared.options,
    ...(onlyObserved ? { paths: [], virtual: {} } : {}),
    extraFiles: [...(prepared.options.extraFiles ?? []), ...inputs],
  };
  return undefined;
}

export { addLiveSuggestions };
