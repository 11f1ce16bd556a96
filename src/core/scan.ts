import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { discover, virtualFiles, type DiscoveredFile, type DiscoverFs } from '../discover/walk.js';
import { decideEnv, type EnvPolicy } from '../discover/environment.js';
import { runAdapters } from '../adapters/index.js';
import type { AdaptContext, AdaptOptions } from '../adapters/context.js';
import type { EnvDecision } from '../model/deployment.js';
import type { Finding } from './finding.js';
import { runRules, type RuleSetting } from './run-rules.js';
import { SecretRegistry, type InputProblem, type ScanModel } from './scan-model.js';
import type { SourceFile } from './source.js';
import type { Rule } from './rule.js';
import { ALL_RULES } from '../rules/index.js';
import { severityRank } from './severity.js';
import { applySuppressions } from '../suppress/apply.js';
import type { SuppressOptions } from '../suppress/types.js';

export interface ScanOptions {
  paths?: string[];
  /** In-memory inputs (rule examples, tests): relative path → content. */
  virtual?: Record<string, string>;
  envPolicy?: EnvPolicy;
  today?: string;
  exclude?: (rel: string) => boolean;
  /** File system calls for the walk (tests simulate unreadable folders); node:fs otherwise. */
  fs?: Partial<DiscoverFs>;
  ruleSettings?: Record<string, RuleSetting>;
  globalOptions?: Record<string, unknown>;
  adapt?: AdaptOptions;
  rules?: Rule[];
  /** Extra discovered inputs (inspect JSON from stdin, live observations). */
  extraFiles?: DiscoveredFile[];
  /** Inline `pgwarden-ignore` comments on/off and the configuration's `ignore` entries (src/suppress). */
  suppress?: SuppressOptions;
}

export interface ScanResult {
  model: ScanModel;
  findings: Finding[];
  /** Inputs the scan recognised; zero means nothing was scanned (exit code 3). */
  scannedCount: number;
  today: string;
}

export function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const today = options.today ?? isoToday();
  const discovered = options.virtual
    ? { root: '.', files: virtualFiles(options.virtual), problems: [] as InputProblem[] }
    : await discover(options.paths?.length ? options.paths : ['.'], { exclude: options.exclude, fs: options.fs });
  const files = [...discovered.files, ...(options.extraFiles ?? [])];
  const model = buildModel(discovered.root, files, discovered.problems, options.envPolicy ?? {});
  const ctx: AdaptContext = {
    files: model.files,
    kinds: new Map(files.map((f) => [f.file.rel, f.kind ?? 'compose'])),
    pgConfs: new Map(),
    hbaFiles: new Map(),
    secrets: model.secrets,
    problems: model.problems,
    deployments: model.deployments,
    comments: model.comments,
    options: options.adapt ?? {},
  };
  model.ciDefinitions = await runAdapters(ctx, files);
  model.pgConfs = [...ctx.pgConfs.values()];
  model.hbaFiles = [...ctx.hbaFiles.values()];
  if (ctx.terraform) model.terraform = ctx.terraform;
  const rules = options.rules ?? ALL_RULES;
  const runOptions = { today, ruleSettings: options.ruleSettings, globalOptions: options.globalOptions };
  const findings = runRules(rules, model, runOptions);
  // suppress stage: inline directives and config ignores mark findings; PGW003 reports bad suppressions
  findings.push(...applySuppressions(findings, model, rules, runOptions, options.suppress));
  findings.sort(compareFindings);
  const scannedCount = files.filter((f) => f.kind && f.kind !== 'dotenv').length;
  return { model, findings, scannedCount, today };
}

function buildModel(root: string, files: DiscoveredFile[], problems: InputProblem[], policy: EnvPolicy): ScanModel {
  const envCache = new Map<string, EnvDecision>();
  const prefix = envPathPrefix(root);
  const decide = (file: string) => decideEnv(prefix + file, policy);
  const fileMap = new Map<string, SourceFile>(files.map((f) => [f.file.rel, f.file]));
  return {
    root,
    files: fileMap,
    inputs: files
      .filter((f) => f.kind)
      .map((f) => ({ file: f.file.rel, format: f.kind ?? '', env: decide(f.file.rel) })),
    problems,
    deployments: [],
    hbaFiles: [],
    pgConfs: [],
    comments: [],
    ciDefinitions: [],
    secrets: new SecretRegistry(fileMap),
    envOf(file: string) {
      let d = envCache.get(file);
      if (!d) {
        d = decide(file);
        envCache.set(file, d);
      }
      return d;
    },
  };
}

/**
 * Folder names between the repository root and the scan root count for the environment (`scan deploy/prod/db`
 * judges as prod wherever it is run from), but not the folders above the repository (`/usr/local/…`).
 * Outside a git checkout, only what lies below the working directory counts.
 */
export function envPathPrefix(root: string): string {
  const abs = resolve(root);
  for (let dir = abs; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      const rel = relative(dir, abs).split(sep).join('/');
      return rel ? rel + '/' : '';
    }
    if (dirname(dir) === dir) break;
  }
  const typed = relative(process.cwd(), abs).split(sep).join('/');
  return typed && !typed.startsWith('..') && !isAbsolute(typed) ? typed + '/' : '';
}

/** Stable order: file, line, column, rule, then severity. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.loc.file, b.loc.file) ||
    a.loc.start.line - b.loc.start.line ||
    a.loc.start.column - b.loc.start.column ||
    cmp(a.ruleId, b.ruleId) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
