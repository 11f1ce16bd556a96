import type { Finding } from '../core/finding.js';

/**
 * A baseline records the findings a project accepts today, by fingerprint (rule + deployment + model path + value
 * hash: no line numbers), so that later scans report only new findings. Baseline matches stay in the report as
 * suppressed (`external`, justification "baseline"); entries no longer found are listed so the file can be pruned.
 */
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** For people reading the file; matching uses only the fingerprint. */
  file: string;
  deployment?: string;
  modelPath?: string;
  message: string;
}

export interface Baseline {
  pgwardenBaseline: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {}

export const BASELINE_JUSTIFICATION = 'baseline';

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const key = (e: BaselineEntry) =>
    [e.file, e.ruleId, e.deployment ?? '', e.modelPath ?? '', e.fingerprint].join('\u0000');
  const x = key(a);
  const y = key(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Today's unsuppressed findings as a baseline, in a stable order (so the file diffs well). */
export function createBaseline(findings: Finding[], redact: (text: string) => string = (t) => t): Baseline {
  const entries = findings
    .filter((f) => !f.suppressions?.length)
    .map((f) => ({
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      file: f.loc.file,
      ...(f.deploymentId ? { deployment: f.deploymentId } : {}),
      ...(f.modelPath ? { modelPath: f.modelPath } : {}),
      message: redact(f.message),
    }))
    .sort(compareEntries);
  return { pgwardenBaseline: BASELINE_VERSION, entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return JSON.stringify({ ...baseline, entries: [...baseline.entries].sort(compareEntries) }, null, 2) + '\n';
}

/** Reads a baseline file's text; anything that is not one is a BaselineError naming the file and the reason. */
export function parseBaseline(text: string, path: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(
      `${path}: not a pgwarden baseline: invalid JSON (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const obj = data as { pgwardenBaseline?: unknown; entries?: unknown };
  if (typeof data !== 'object' || data === null || Array.isArray(data) || obj.pgwardenBaseline === undefined) {
    throw new BaselineError(
      `${path}: not a pgwarden baseline (no "pgwardenBaseline" version); write one with --write-baseline`,
    );
  }
  if (obj.pgwardenBaseline !== BASELINE_VERSION) {
    throw new BaselineError(
      `${path}: baseline version ${String(obj.pgwardenBaseline)} is not supported (expected ${BASELINE_VERSION})`,
    );
  }
  if (!Array.isArray(obj.entries)) throw new BaselineError(`${path}: "entries" must be a list`);
  const entries: BaselineEntry[] = obj.entries.map((e: unknown, i: number) => {
    const entry = e as Partial<BaselineEntry>;
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof entry.fingerprint !== 'string' ||
      typeof entry.ruleId !== 'string'
    ) {
      throw new BaselineError(`${path}: entries[${i}] needs "fingerprint" and "ruleId" strings`);
    }
    return {
      fingerprint: entry.fingerprint,
      ruleId: entry.ruleId,
      file: typeof entry.file === 'string' ? entry.file : '',
      ...(typeof entry.deployment === 'string' ? { deployment: entry.deployment } : {}),
      ...(typeof entry.modelPath === 'string' ? { modelPath: entry.modelPath } : {}),
      message: typeof entry.message === 'string' ? entry.message : '',
    };
  });
  return { pgwardenBaseline: BASELINE_VERSION, entries };
}

export interface BaselineOutcome {
  /** Findings the baseline matched (now suppressed). */
  matched: number;
  /** Baseline entries no current finding matched: fixed (or suppressed another way), so they can be pruned. */
  fixed: BaselineEntry[];
}

/**
 * Marks unsuppressed findings the baseline knows as suppressed. Entries are counted: a baseline with one entry for
 * a fingerprint absorbs one finding with it, and a second one is new.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline): BaselineOutcome {
  const pending = new Map<string, BaselineEntry[]>();
  for (const e of baseline.entries) pending.set(e.fingerprint, [...(pending.get(e.fingerprint) ?? []), e]);
  let matched = 0;
  for (const f of findings) {
    if (f.suppressions?.length) continue;
    const list = pending.get(f.fingerprint);
    if (!list?.length) continue;
    list.shift();
    matched++;
    f.suppressions = [{ kind: 'external', justification: BASELINE_JUSTIFICATION }];
  }
  const fixed = [...pending.values()].flat().sort(compareEntries);
  return { matched, fixed };
}

/** The baseline without the given (fixed) entries; never adds anything. */
export function pruneBaseline(baseline: Baseline, fixed: BaselineEntry[]): Baseline {
  const drop = new Map<string, number>();
  for (const e of fixed) drop.set(e.fingerprint, (drop.get(e.fingerprint) ?? 0) + 1);
  const entries = baseline.entries.filter((e) => {
    const n = drop.get(e.fingerprint) ?? 0;
    if (n <= 0) return true;
    drop.set(e.fingerprint, n - 1);
    return false;
  });
  return { pgwardenBaseline: BASELINE_VERSION, entries };
}
