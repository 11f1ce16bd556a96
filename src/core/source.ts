/** A text input of the scan, with a line index so offsets map to 1-based line/column. */
export interface Pos {
  offset: number;
  line: number;
  column: number;
}

export interface Range {
  start: Pos;
  end: Pos;
}

export interface SourceFile {
  /** Path relative to the scan root, with forward slashes: the name every report uses. */
  rel: string;
  /** Absolute path on disk, or a virtual name for in-memory inputs. */
  abs: string;
  text: string;
  lineStarts: number[];
}

export function makeSourceFile(rel: string, abs: string, text: string): SourceFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  }
  return { rel, abs, text, lineStarts };
}

export function posAt(file: SourceFile, offset: number): Pos {
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  let lo = 0;
  let hi = file.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((file.lineStarts[mid] ?? 0) <= clamped) lo = mid;
    else hi = mid - 1;
  }
  return { offset: clamped, line: lo + 1, column: clamped - (file.lineStarts[lo] ?? 0) + 1 };
}

export function lineText(file: SourceFile, line: number): string {
  const start = file.lineStarts[line - 1];
  if (start === undefined) return '';
  const next = file.lineStarts[line];
  const end = next === undefined ? file.text.length : next - 1;
  return file.text.slice(start, end).replace(/\r$/, '');
}

/** Offset of a 1-based line and column. */
export function offsetAt(file: SourceFile, line: number, column: number): number {
  const start = file.lineStarts[line - 1] ?? file.text.length;
  return Math.min(start + column - 1, file.text.length);
}
