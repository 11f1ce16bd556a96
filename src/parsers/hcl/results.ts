import type { Comment, Diagnostic } from './ast.js';
import type { RawComment, RawDiagnostic } from './scanner.js';
import { SourceRange, type LineIndex } from './source-text.js';

/** Turns the scanners' offset-only comments and diagnostics into public objects with ranges. */
export function toComments(text: string, lines: LineIndex, raw: RawComment[]): Comment[] {
  const out: Comment[] = new Array<Comment>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    out[i] = { range: new SourceRange(lines, c.start, c.end), text: text.slice(c.start, c.end), style: c.style };
  }
  return out;
}

export function toDiagnostics(lines: LineIndex, raw: RawDiagnostic[]): Diagnostic[] {
  const sorted = raw.length > 1 ? [...raw].sort((a, b) => a.start - b.start) : raw;
  return sorted.map((d) => {
    const diagnostic: Diagnostic = {
      severity: d.severity,
      message: d.message,
      range: new SourceRange(lines, d.start, d.end),
    };
    return d.detail !== undefined ? { ...diagnostic, detail: d.detail } : diagnostic;
  });
}
