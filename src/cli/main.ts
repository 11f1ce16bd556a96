import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isoToday, scan, type ScanOptions, type ScanResult } from '../core/scan.js';
import { atLeast, SEVERITIES, type Severity } from '../core/severity.js';
import { ALL_RULES } from '../rules/index.js';
import { textReporter } from '../report/text.js';
import { jsonReporter } from '../report/json.js';
import { sarifReporter } from '../report/sarif.js';
import type { Reporter } from '../report/types.js';
import { markdownReporter } from '../report/markdown.js';
import { htmlReporter } from '../report/html.js';
import { ConfigError, findConfig, loadConfigFile, ruleSettingsOf, type PgwardenConfig } from '../config/load.js';
import { BaselineError } from '../baseline/baseline.js';
import { runBaselineStep } from '../baseline/cli-step.js';
import { globToRegExp } from '../discover/environment.js';
import type { EnvName } from '../model/deployment.js';
import { one, oneOf, parseArgs, UsageError, type ParsedArgs } from './args.js';
import { explainRule, listRules } from './rules-command.js';
import { inspectModel } from './inspect-command.js';
import { advisoriesCommand } from './advisories-command.js';
import { initConfigCommand } from './init-config-command.js';
import { convertCommand, CONVERT_SPEC } from './convert-command.js';
import { dataFreshness } from '../advisories/index.js';
import { scrubSecrets } from '../model/secrets.js';
import { addLiveSuggestions, addObservedInputs, auditCommand, OBSERVED_SCAN_VALUES } from './audit-command.js';

/** YYYY-MM-DD naming a real day (not 2025-02-30), in years the advisory data can speak of. */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number(m[1]) >= 1970 && d.toISOString().slice(0, 10) === text;
}

export const EXIT = { clean: 0, findings: 1, error: 2, nothingScanned: 3 } as const;

export function toolVersion(): string {
  const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'package.json');
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

const HELP = `pgwarden — security scanner for PostgreSQL container deployments

Usage:
  pgwarden scan [PATH…]          scan files or folders (default .)
  pgwarden rules [--format json] list the rules
  pgwarden explain PGW201        explain one rule
  pgwarden inspect [PATH…]       print the normalized deployment model as JSON
  pgwarden advisories VERSION    what is known about a PostgreSQL version or image tag
  pgwarden audit docker [--host URL]   audit the PostgreSQL containers of a Docker daemon (read-only)
  pgwarden audit postgres://USER@HOST:PORT/DB   audit a live server (read-only; see pgwarden audit --help)
  pgwarden init-config [DIR] [--force]   write a commented .pgwarden.yml
  pgwarden convert --to gitlab-codequality|gitlab-sast REPORT.json [--output FILE]
                                 GitLab reports from a JSON report (see docs/ci.md)
  pgwarden --help | --version

Scan options:
  --env dev|staging|prod|auto    environment to judge by (default auto: config, folder names, else prod)
  --format text|json|sarif|markdown|html   output format (default text)
  --output FILE                  write the report to FILE instead of stdout
  --fail-on critical|high|medium|low|info|none   exit 1 at or above this severity (default high)
  --config FILE                  configuration file (default: .pgwarden.yml in the scanned root)
  --var NAME=VALUE, --var-file FILE   Terraform variable values, in the order given
  --today YYYY-MM-DD             scan date for end-of-life, advisory checks and suppression expiry
  --no-inline-ignores            ignore pgwarden-ignore comments (audit everything they hide)
  --write-baseline FILE          record today's findings; --baseline FILE then reports only new ones
  --baseline FILE [--prune-baseline]   report only findings not in FILE; prune entries no longer found
  --inspect FILE|-               docker inspect output to judge (also found by content in scanned folders)
  --db postgres://USER@HOST:PORT/DB   a live server to judge beside the declarations (drift, PGW901)
  --no-color                     no colours (also when NO_COLOR is set or output is not a terminal)
  --quiet                        text: one line per finding, no code frames, no checklist; info findings hidden

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage/config/internal error,
3 nothing was scanned (no recognised input).
`;

const SCAN_SPEC = {
  values: [
    ...['env', 'format', 'output', 'fail-on', 'config', 'var', 'var-file', 'today', 'baseline', 'write-baseline'],
    ...OBSERVED_SCAN_VALUES,
  ],
  flags: ['no-color', 'quiet', 'help', 'no-inline-ignores', 'prune-baseline'],
};

export async function main(argv: string[], io = defaultIo()): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP);
      return command ? EXIT.clean : EXIT.error;
    }
    if (command === '--version' || command === '-V') {
      io.out(toolVersion() + '\n');
      return EXIT.clean;
    }
    // every command answers --help / -h with the usage, before its own options are checked
    if (rest.includes('--help') || rest.includes('-h')) {
      if (command === 'audit')
        return await auditCommand(['--help'], io, { prepare: (a) => scanOptionsFrom(a, io), finish: finishScan });
      io.out(HELP);
      return EXIT.clean;
    }
    switch (command) {
      case 'scan':
        return await scanCommand(parseArgs(rest, SCAN_SPEC), io);
      case 'rules':
        return listRules(parseArgs(rest, { values: ['format'], flags: ['no-color'] }), io);
      case 'explain':
        return explainRule(parseArgs(rest, { values: [], flags: [] }), io);
      case 'inspect':
        return await inspectModel(parseArgs(rest, SCAN_SPEC), io, (a) => scanOptionsFrom(a, io));
      case 'advisories':
        return advisoriesCommand(parseArgs(rest, { values: ['format', 'today'], flags: [] }), io);
      case 'init-config':
        return initConfigCommand(parseArgs(rest, { values: [], flags: ['force'] }), io);
      case 'audit':
        return await auditCommand(rest, io, { prepare: (a) => scanOptionsFrom(a, io), finish: finishScan });
      case 'convert':
        return convertCommand(parseArgs(rest, CONVERT_SPEC), io);
      default:
        throw new UsageError(`unknown command "${command}" (try pgwarden --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof BaselineError) {
      io.err(`pgwarden: ${scrubSecrets(error.message)}\n`);
      return EXIT.error;
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code && ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EROFS', 'ENOSPC'].includes(code)) {
      io.err(`pgwarden: ${scrubSecrets((error as Error).message)}\n`);
      return EXIT.error;
    }
    throw error;
  }
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTty: boolean;
  env: Record<string, string | undefined>;
}

function defaultIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTty: !!process.stdout.isTTY,
    env: process.env,
  };
}

export interface PreparedScan {
  options: ScanOptions;
  config: PgwardenConfig;
  failOn: Severity | 'none';
  format: 'text' | 'json' | 'sarif' | 'markdown' | 'html';
}

/** Turns CLI options and the configuration file into scan options. */
export function scanOptionsFrom(args: ParsedArgs, io: Io): PreparedScan {
  const paths = args.positionals.length ? args.positionals : ['.'];
  for (const p of paths) if (!existsSync(p)) throw new UsageError(`no such file or directory: ${p}`);
  const firstDir = resolve(paths[0] ?? '.');
  const configPath = one(args, 'config') ?? findConfig(existsSync(join(firstDir, '.')) ? firstDir : dirname(firstDir));
  if (one(args, 'config') && !existsSync(one(args, 'config') ?? ''))
    throw new UsageError(`config file not found: ${one(args, 'config')}`);
  const loaded = configPath ? loadConfigFile(configPath) : undefined;
  const config = loaded?.config ?? {};
  const env = oneOf(args, 'env', ['dev', 'staging', 'prod', 'auto'] as const) ?? 'auto';
  const failOn = oneOf(args, 'fail-on', [...SEVERITIES, 'none'] as const) ?? config.failOn ?? 'high';
  const format =
    oneOf(args, 'format', ['text', 'json', 'sarif', 'markdown', 'html'] as const) ?? config.format ?? 'text';
  const today = one(args, 'today') ?? isoToday();
  if (!isRealDate(today)) throw new UsageError(`--today must be YYYY-MM-DD (got "${today}")`);
  const excludes = (config.paths?.exclude ?? []).map(globToRegExp);
  const tfVars: NonNullable<ScanOptions['adapt']>['tfVars'] = [];
  // --var and --var-file keep their command-line order: later wins, as in Terraform
  const ordered = collectOrdered(args);
  for (const o of ordered) {
    if (o.name === 'var') {
      const eq = o.value.indexOf('=');
      if (eq <= 0) throw new UsageError('--var must be NAME=VALUE (the value given has no "=")');
      tfVars.push({ kind: 'var', name: o.value.slice(0, eq), value: o.value.slice(eq + 1) });
    } else {
      if (!existsSync(o.value) || !statSync(o.value).isFile())
        throw new UsageError(`--var-file ${o.value}: no such file`);
      tfVars.push({ kind: 'var-file', path: resolve(o.value) });
    }
  }
  return {
    config,
    failOn,
    format,
    options: {
      paths,
      today,
      envPolicy: {
        forced: env === 'auto' ? undefined : (env as EnvName),
        globs: config.environments?.paths,
        fallback: config.environments?.default,
      },
      exclude: excludes.length ? (rel) => excludes.some((re) => re.test(rel)) : undefined,
      ruleSettings: ruleSettingsOf(config),
      globalOptions: {
        trustedCidrs: config.network?.trustedCidrs,
        approvedImages: config.images?.approved,
        trustedRegistries: config.registries?.trusted,
      },
      adapt: { tfVars, environment: io.env },
      suppress: { inline: !args.flags.has('no-inline-ignores'), ignores: loaded?.ignores ?? [] },
    },
  };
}

/** The raw order of --var / --var-file as given. */
function collectOrdered(args: ParsedArgs): Array<{ name: string; value: string }> {
  const vars = [...(args.values.get('var') ?? [])].map((value) => ({ name: 'var', value }));
  const files = [...(args.values.get('var-file') ?? [])].map((value) => ({ name: 'var-file', value }));
  const out: Array<{ name: string; value: string }> = [];
  for (const name of args.order) {
    if (name !== 'var' && name !== 'var-file') continue;
    const next = (name === 'var' ? vars : files).shift();
    if (next) out.push(next);
  }
  return out;
}

const REPORTERS: Record<string, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  markdown: markdownReporter,
  html: htmlReporter,
};

async function scanCommand(args: ParsedArgs, io: Io): Promise<number> {
  if (args.flags.has('help')) {
    io.out(HELP);
    return EXIT.clean;
  }
  const prepared = scanOptionsFrom(args, io);
  const stopped = await addObservedInputs(prepared, args, io);
  if (stopped !== undefined) return stopped;
  const result = await scan(prepared.options);
  addLiveSuggestions(result);
  return finishScan(result, prepared, args, io);
}

export function finishScan(result: ScanResult, prepared: PreparedScan, args: ParsedArgs, io: Io): number {
  const notes: string[] = [];
  const freshness = dataFreshness(result.today);
  if (freshness.stale) {
    notes.push(
      `PostgreSQL advisory data is current to ${freshness.currentTo} (${freshness.ageDays} days old): newer releases and CVEs may be missing. See src/advisories/README.md to refresh it.`,
    );
  }
  if (result.scannedCount > 0) {
    // post-scan baseline step (src/baseline): write, apply, prune; nothing scanned must not empty a baseline
    const request = {
      baseline: one(args, 'baseline'),
      writeBaseline: one(args, 'write-baseline'),
      prune: args.flags.has('prune-baseline'),
    };
    const baselineNotes = runBaselineStep(result.findings, request, (t) => result.model.secrets.redact(t));
    if (prepared.format === 'sarif') for (const n of baselineNotes) io.err(`pgwarden: ${n}\n`);
    notes.push(...baselineNotes);
  }
  const color = io.isTty && !args.flags.has('no-color') && !io.env['NO_COLOR'] && !one(args, 'output');
  const report = REPORTERS[prepared.format]!(result, {
    color,
    failOn: prepared.failOn,
    toolVersion: toolVersion(),
    rules: ALL_RULES,
    quiet: args.flags.has('quiet'),
    notes,
  });
  const output = one(args, 'output');
  if (output) writeFileSync(output, report);
  else io.out(report);
  if (result.scannedCount === 0) {
    io.err(
      'pgwarden: nothing was scanned: no recognised input (compose, Dockerfile, Terraform, docker inspect, PostgreSQL config)\n',
    );
    return EXIT.nothingScanned;
  }

  const failing = result.findings.some((f) => !f.suppressions?.length && atLeast(f.severity, prepared.failOn));
  if (failing) return EXIT.findings;
  // every input failed to parse and nothing was judged: that is not a clean scan, whatever --fail-on says
  const broken = new Set(result.model.problems.filter((p) => p.kind === 'parse-error').map((p) => p.file));
  const judged = result.model.deployments.length + result.model.hbaFiles.length + result.model.pgConfs.length;
  if (judged === 0 && result.model.inputs.every((i) => broken.has(i.file) || i.format === 'dotenv')) {
    io.err('pgwarden: nothing was scanned: every input failed to parse (see the PGW001 findings)\n');
    return EXIT.nothingScanned;
  }
  return EXIT.clean;
}
