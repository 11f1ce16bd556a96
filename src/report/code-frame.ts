import type { Loc } from '../core/location.js';
import { lineText, type SourceFile } from '../core/source.js';
import type { SecretRegistry } from '../core/scan-model.js';

const MASK = '****';

/** Replaces registered secret spans of one line with a fixed mask, so neither value nor length shows. */
function maskLine(file: SourceFile, line: number, secrets: SecretRegistry): string {
  const start = file.lineStarts[line - 1] ?? 0;
  let text = lineText(file, line);
  const spans = mergeSpans(
    (secrets.spans.get(file.rel) ?? []).filter(([s, e]) => e > start && s < start + text.length + 1),
  );
  for (const [s, e] of spans.reverse()) {
    const from = Math.max(0, s - start);
    const to = Math.min(text.length, e - start);
    if (to > from) text = text.slice(0, from) + MASK + text.slice(to);
  }
  return secrets.redact(text);
}

/** Lines of the finding with a gutter and the span underlined; at most `max` lines. */
export function codeFrame(file: SourceFile, loc: Loc, secrets: SecretRegistry, max = 4): string[] {
  if (loc.live) return [];
  const first = loc.start.line;
  const last = Math.min(loc.end.line, first + max - 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let line = first; line <= last; line++) {
    const text = maskLine(file, line, secrets);
    out.push(`  ${String(line).padStart(width)} | ${text}`);
    if (line === first && loc.start.line === loc.end.line) {
      // a masked line has shifted columns: underline the mask when the finding is on it, else the whole line
      const masked = text !== lineText(file, line);
      const maskAt = text.indexOf(MASK);
      const from = masked ? Math.max(0, maskAt) : loc.start.column - 1;
      const len = masked ? (maskAt >= 0 ? MASK.length : text.length) : Math.max(1, loc.end.column - loc.start.column);
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, from))}${'^'.repeat(Math.max(1, len))}`);
    }
  }
  if (loc.end.line > last) out.push(`  ${' '.repeat(width)} | …`);
  return out;
}

/** Sorted, with overlapping and repeated spans merged, so each character is masked once. */
function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
