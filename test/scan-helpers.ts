import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scan, type ScanOptions, type ScanResult } from '../src/core/scan.js';
import type { Loc } from '../src/core/location.js';
import type { Finding } from '../src/core/finding.js';
import type { Deployment } from '../src/model/deployment.js';
import type { Tracked } from '../src/core/tracked.js';
import { ALL_RULES } from '../src/rules/index.js';
import { textReporter } from '../src/report/text.js';
import { jsonReporter } from '../src/report/json.js';
import { sarifReporter } from '../src/report/sarif.js';
import type { Io } from '../src/cli/main.js';

/** A fixed scan date, so advisory rules do not move under the tests. */
export const TODAY = '2026-01-15';

export function scanVirtual(files: Record<string, string>, options: Partial<ScanOptions> = {}): Promise<ScanResult> {
  return scan({ virtual: files, today: TODAY, ...options });
}

/** `file:line:column` of a location's start. */
export function at(loc: Loc | undefined): string {
  return loc ? `${loc.file}:${loc.start.line}:${loc.start.column}` : '(none)';
}

/** `file:line:column-line:column` of a whole location. */
export function span(loc: Loc | undefined): string {
  return loc ? `${at(loc)}-${loc.end.line}:${loc.end.column}` : '(none)';
}

/** Where a rule fired: `file:line:column` of every finding of that rule. */
export function where(result: ScanResult, ruleId: string): string[] {
  return result.findings.filter((f) => f.ruleId === ruleId).map((f) => at(f.loc));
}

export function findingsOf(result: ScanResult, ruleId: string): Finding[] {
  return result.findings.filter((f) => f.ruleId === ruleId);
}

export function deploymentNamed(result: ScanResult, name: string, format?: string): Deployment {
  const dep = result.model.deployments.find((d) => d.name === name && (!format || d.format === format));
  if (!dep) {
    const names = result.model.deployments.map((d) => `${d.format}:${d.name}`).join(', ');
    throw new Error(`no deployment "${name}" (have ${names})`);
  }
  return dep;
}

/** A tracked value in one string: `"value" state @file:line:col-line:col`. */
export function tracked(t: Tracked<unknown> | undefined): string {
  if (!t) return '(absent)';
  return `${JSON.stringify(t.value)} ${t.state} @${span(t.loc)}`;
}

/** Writes a tree of files under a fresh folder in the OS temp directory. */
export async function tempTree(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'pgwarden-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
  return root;
}

export async function removeTree(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/** Every reporter's output for one result. */
export function renderAll(result: ScanResult): { text: string; json: string; sarif: string } {
  const options = { color: false, failOn: 'high' as const, toolVersion: '0.0.0-test', rules: ALL_RULES };
  return {
    text: textReporter(result, options),
    json: jsonReporter(result, options),
    sarif: sarifReporter(result, options),
  };
}

/** An Io for `main()` that keeps what it prints. */
export function captureIo(env: Record<string, string | undefined> = {}): {
  io: Io;
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    io: {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      isTty: false,
      env,
    },
    out: () => out,
    err: () => err,
  };
}
