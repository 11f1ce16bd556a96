import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Finding } from '../core/finding.js';
import {
  applyBaseline,
  BaselineError,
  createBaseline,
  parseBaseline,
  pruneBaseline,
  serializeBaseline,
  type BaselineEntry,
} from './baseline.js';

export interface BaselineRequest {
  /** `--baseline FILE`: report only findings the file does not know. */
  baseline?: string;
  /** `--write-baseline FILE`: record today's findings (replaces the file). */
  writeBaseline?: string;
  /** `--prune-baseline`: rewrite the --baseline file without the entries no longer found. */
  prune?: boolean;
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

function sample(entries: BaselineEntry[]): string {
  const shown = entries.slice(0, 3).map((e) => `${e.ruleId} in ${e.file || '?'}`);
  return shown.join(', ') + (entries.length > 3 ? ', …' : '');
}

/**
 * The CLI's post-scan baseline step: writes, applies and prunes baseline files. Returns notes for the report.
 * Relative paths are relative to the working directory.
 */
export function runBaselineStep(
  findings: Finding[],
  request: BaselineRequest,
  redact: (t: string) => string,
): string[] {
  const notes: string[] = [];
  if (request.prune && !request.baseline) throw new BaselineError('--prune-baseline needs --baseline FILE');
  if (request.writeBaseline) {
    const baseline = createBaseline(findings, redact);
    try {
      writeFileSync(request.writeBaseline, serializeBaseline(baseline));
    } catch (error) {
      throw new BaselineError(`cannot write baseline ${request.writeBaseline}: ${(error as Error).message}`);
    }
    applyBaseline(findings, baseline);
    notes.push(
      `baseline: wrote ${plural(baseline.entries.length, 'finding')} to ${request.writeBaseline}; ` +
        `scans with --baseline ${request.writeBaseline} report only new findings.`,
    );
    return notes;
  }
  if (!request.baseline) return notes;
  const path = request.baseline;
  if (!existsSync(path))
    throw new BaselineError(`baseline file not found: ${path} (create it with --write-baseline ${path})`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BaselineError(`cannot read baseline ${path}: ${(error as Error).message}`);
  }
  const baseline = parseBaseline(text, path);
  const outcome = applyBaseline(findings, baseline);
  if (outcome.matched) {
    notes.push(
      `baseline ${path}: ${plural(outcome.matched, 'known finding')} reported as suppressed; only new findings count.`,
    );
  }
  if (outcome.fixed.length) {
    if (request.prune) {
      writeFileSync(path, serializeBaseline(pruneBaseline(baseline, outcome.fixed)));
      notes.push(
        `baseline ${path}: pruned ${plural(outcome.fixed.length, 'entry', 'entries')} no longer found (${sample(outcome.fixed)}).`,
      );
    } else {
      notes.push(
        `baseline ${path}: ${plural(outcome.fixed.length, 'entry', 'entries')} no longer found (fixed): ` +
          `${sample(outcome.fixed)}. Remove them with --prune-baseline.`,
      );
    }
  }
  return notes;
}
