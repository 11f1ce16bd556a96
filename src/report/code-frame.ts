import type { Loc } from '../core/location.js';
import { lineText, type SourceFile } from '../core/source.js';
import type { SecretRegistry } from '../core/scan-model.js';
import { scrubSecrets } from '../model/secrets.js';

/** Control characters from a scanned file must not reach the terminal (escape sequences). */
function scrubControl(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}

const MASK = '****';

interface MaskedLine {
  text: string;
  /** Maps a 0-based column of the original line to the masked line (a masked span maps onto its mask). */
  column(original: number): number;
}

/** Replaces registered secret spans of one line with a fixed mask, so neither value nor length shows. */
function maskLine(file: SourceFile, line: number, secrets: SecretRegistry): MaskedLine {
  const start = file.lineStarts[line - 1] ?? 0;
  const original = lineText(file, line);
  const spans = mergeSpans(
    (secrets.spans.get(file.rel) ?? []).filter(([s, e]) => e > start && s < start + original.length + 1),
  )
    .map(([s, e]): [number, number] => [Math.max(0, s - start), Math.min(original.length, e - start)])
    .filter(([from, to]) => to > from);
  let text = '';
  let at = 0;
  for (const [from, to] of spans) {
    text += original.slice(at, from) + MASK;
    at = to;
  }
  text += original.slice(at);
  const column = (col: number) => {
    let shift = 0;
    for (const [from, to] of spans) {
      if (col >= to) shift += MASK.length - (to - from);
      else if (col >= from) return from + shift;
    }
    return col + shift;
  };
  return { text: scrubControl(secrets.redact(scrubSecrets(text))), column };
}

/** Lines of the finding with a gutter and the span underlined; at most `max` lines. */
export function codeFrame(file: SourceFile, loc: Loc, secrets: SecretRegistry, max = 4): string[] {
  if (loc.live) return [];
  const first = loc.start.line;
  const last = Math.min(loc.end.line, first + max - 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let line = first; line <= last; line++) {
    const masked = maskLine(file, line, secrets);
    out.push(`  ${String(line).padStart(width)} | ${masked.text}`);
    if (line === first && loc.start.line === loc.end.line) {
      const from = masked.column(loc.start.column - 1);
      const to = Math.min(masked.text.length, Math.max(from + 1, masked.column(loc.end.column - 1)));
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(from)}${'^'.repeat(Math.max(1, to - from))}`);
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
