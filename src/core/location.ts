import { posAt, type Pos, type SourceFile } from './source.js';

/**
 * Where a value is written. File locations carry offsets and 1-based line/column for start and end.
 * Live locations (a running server or Docker API) name the object instead, e.g. `pg_settings:ssl`.
 */
export interface Loc {
  file: string;
  start: Pos;
  end: Pos;
  /** Set for observed state that has no file: the object that was read. */
  live?: string;
}

export interface RelatedLoc {
  loc: Loc;
  message: string;
}

export function locOf(file: SourceFile, startOffset: number, endOffset: number): Loc {
  return { file: file.rel, start: posAt(file, startOffset), end: posAt(file, endOffset) };
}

export function liveLoc(target: string, object: string): Loc {
  const origin = { offset: 0, line: 1, column: 1 };
  return { file: target, start: origin, end: origin, live: object };
}

export function wholeFileLoc(file: SourceFile): Loc {
  return locOf(file, 0, Math.min(file.text.length, Math.max(0, (file.lineStarts[1] ?? file.text.length + 1) - 1)));
}

export function sameLoc(a: Loc, b: Loc): boolean {
  return a.file === b.file && a.start.offset === b.start.offset && a.end.offset === b.end.offset && a.live === b.live;
}

export function formatLoc(loc: Loc): string {
  return loc.live ? `${loc.file} (${loc.live})` : `${loc.file}:${loc.start.line}:${loc.start.column}`;
}
