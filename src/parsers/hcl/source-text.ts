import type { Pos, Range } from './ast.js';

/**
 * Maps UTF-16 offsets to 1-based line/column. Built lazily: a parse that nobody asks
 * positions from never pays for the line table.
 */
export class LineIndex {
  private lineStarts: Int32Array | null = null;
  private hasSurrogates = false;
  private lastLine = 0;

  constructor(readonly text: string) {}

  private build(): Int32Array {
    const text = this.text;
    let count = 1;
    let surrogates = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) count++;
      else if (c >= 0xd800 && c <= 0xdfff) surrogates = true;
    }
    const starts = new Int32Array(count);
    let line = 1;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts[line++] = i + 1;
    }
    this.hasSurrogates = surrogates;
    this.lineStarts = starts;
    return starts;
  }

  /** 0-based index of the line containing `offset`. */
  private lineOf(offset: number): number {
    const starts = this.lineStarts ?? this.build();
    const last = this.lastLine;
    // Ranges are mostly requested in source order, so try the previous answer first.
    if (starts[last]! <= offset && (last + 1 >= starts.length || starts[last + 1]! > offset)) return last;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return lo;
  }

  pos(offset: number): Pos {
    const clamped = offset < 0 ? 0 : offset > this.text.length ? this.text.length : offset;
    const line = this.lineOf(clamped);
    const lineStart = this.lineStarts![line]!;
    let column = clamped - lineStart + 1;
    if (this.hasSurrogates) {
      // A surrogate pair is one character: do not count its trailing half.
      for (let i = lineStart + 1; i < clamped; i++) {
        const c = this.text.charCodeAt(i);
        if (c >= 0xdc00 && c <= 0xdfff) {
          const prev = this.text.charCodeAt(i - 1);
          if (prev >= 0xd800 && prev <= 0xdbff) column--;
        }
      }
    }
    return { offset: clamped, line: line + 1, column };
  }
}

/** A range whose line/column are computed on first access. */
export class SourceRange implements Range {
  // Private fields keep the (large) line index out of inspect output and JSON.
  #lines: LineIndex;
  #start: Pos | undefined = undefined;
  #end: Pos | undefined = undefined;

  constructor(
    lines: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {
    this.#lines = lines;
  }

  get start(): Pos {
    return (this.#start ??= this.#lines.pos(this.startOffset));
  }

  get end(): Pos {
    return (this.#end ??= this.#lines.pos(this.endOffset));
  }

  toJSON(): { start: Pos; end: Pos } {
    return { start: this.start, end: this.end };
  }
}

/** A range inside a decoded JSON string: also remembers its offsets in the decoded text. */
export class MappedRange extends SourceRange {
  constructor(
    lines: LineIndex,
    startOffset: number,
    endOffset: number,
    readonly scanStart: number,
    readonly scanEnd: number,
  ) {
    super(lines, startOffset, endOffset);
  }
}

export function rangeStart(r: Range): number {
  return r instanceof SourceRange ? r.startOffset : r.start.offset;
}

export function rangeEnd(r: Range): number {
  return r instanceof SourceRange ? r.endOffset : r.end.offset;
}
