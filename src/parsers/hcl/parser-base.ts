import type { RawDiagnostic } from './scanner.js';
import type { Range } from './ast.js';
import { LineIndex, MappedRange, SourceRange } from './source-text.js';
import { Tok, TOKEN_NAMES, type TokenStream } from './tokens.js';

/**
 * Token cursor shared by the expression, template and structure parsers.
 *
 * Newlines are significant in bodies and object constructors but ignored inside parentheses,
 * brackets, function arguments and interpolations; a stack records which applies, and `peek`
 * skips newline tokens when they are not significant.
 */
export class ParserBase {
  readonly types: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Index of the next unread token. */
  pos = 0;
  /** Index of the token the last `peek` returned. */
  private peeked = 0;
  private newlineModes: boolean[] = [];
  private newlinesSignificant = true;
  /** Span of the last error: a new error starting inside it is an echo of it and is dropped. */
  private lastErrorStart = -1;
  private lastErrorEnd = -1;
  /** Guards against runaway recursion on hostile input (deeply nested brackets). */
  depth = 0;
  /**
   * A stack on which the AST's arrays are built before they are copied out at their exact size
   * (an array grown by `push` reserves room for 16 or more elements, which the AST would carry
   * along). Note `scratchTop` as the base, `collect` the items, then take them with
   * `collected(base)` on every path. Collections nest: an inner one is taken before the outer
   * one collects its next item.
   */
  private readonly scratch: unknown[] = [];
  scratchTop = 0;
  /** Set by the template parser: index of the token that closed the last template, or -1. */
  templateClose = -1;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    tokens: TokenStream,
    readonly diagnostics: RawDiagnostic[],
    /** For templates parsed from a decoded JSON string: decoded offset → source offset. */
    readonly offsetMap: Int32Array | null = null,
  ) {
    this.types = tokens.types;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
  }

  /** Range in source coordinates for `text[start, end)` of the scanned text. */
  range(start: number, end: number): SourceRange {
    const map = this.offsetMap;
    if (map !== null) return new MappedRange(this.lines, map[start]!, map[end]!, start, end);
    return new SourceRange(this.lines, start, end);
  }

  /** Start offset of a range built by this parser, in scanned-text coordinates. */
  scanStart(r: Range): number {
    return this.offsetMap !== null ? (r as MappedRange).scanStart : (r as SourceRange).startOffset;
  }

  scanEnd(r: Range): number {
    return this.offsetMap !== null ? (r as MappedRange).scanEnd : (r as SourceRange).endOffset;
  }

  tokenRange(i: number): SourceRange {
    return this.range(this.starts[i]!, this.ends[i]!);
  }

  tokenText(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  /** Type of the next token, honoring the newline mode; `peekIndex` is its index. */
  peek(): Tok {
    let i = this.pos;
    if (!this.newlinesSignificant) {
      const types = this.types;
      while (types[i] === Tok.Newline) i++;
    }
    this.peeked = i;
    return this.types[i] as Tok;
  }

  get peekIndex(): number {
    return this.peeked;
  }

  /** Consumes the next token (as `peek` sees it) and returns its index. EOF is never consumed. */
  next(): number {
    this.peek();
    const i = this.peeked;
    if (this.types[i] !== Tok.EOF) this.pos = i + 1;
    return i;
  }

  collect(item: unknown): void {
    this.scratch[this.scratchTop++] = item;
  }

  collected<T>(base: number): T[] {
    const items = this.scratch.slice(base, this.scratchTop) as T[];
    this.scratchTop = base;
    return items;
  }

  /**
   * Consumes the token the last `peek` returned and returns its index, like `next` without
   * peeking again: nothing may have moved the cursor since that `peek`.
   */
  advance(): number {
    const i = this.peeked;
    if (this.types[i] !== Tok.EOF) this.pos = i + 1;
    return i;
  }

  /** Is the next token an identifier spelled `word`? */
  peekKeyword(word: string): boolean {
    if (this.peek() !== Tok.Ident) return false;
    const i = this.peeked;
    const start = this.starts[i]!;
    return this.ends[i]! - start === word.length && this.text.startsWith(word, start);
  }

  pushNewlines(significant: boolean): void {
    this.newlineModes.push(this.newlinesSignificant);
    this.newlinesSignificant = significant;
  }

  popNewlines(): void {
    this.newlinesSignificant = this.newlineModes.pop() ?? true;
  }

  error(message: string, detail: string, start: number, end: number): void {
    const map = this.offsetMap;
    const s = map !== null ? map[start]! : start;
    const e = map !== null ? map[end]! : end;
    if (s >= this.lastErrorStart && s < this.lastErrorEnd) return;
    this.lastErrorStart = s;
    this.lastErrorEnd = e > s ? e : s + 1;
    this.diagnostics.push({ severity: 'error', message, detail, start: s, end: e });
  }

  /** Reports at token `i`, unless the scanner already reported that token as invalid. */
  errorAtToken(i: number, message: string, detail: string): void {
    if (this.types[i] === Tok.Invalid) return;
    this.error(message, detail, this.starts[i]!, this.ends[i]!);
  }

  describe(i: number): string {
    return TOKEN_NAMES[this.types[i]!] ?? 'token';
  }

  /**
   * Skips to the `end` token that closes the current nesting level and consumes it.
   * Returns its index, or -1 if there is none: at end of file, or (when looking for `]` or `)`)
   * before a `}` that closes an enclosing block, so one broken expression cannot swallow the
   * blocks after it.
   */
  recover(end: Tok): number {
    const opener = openerOf(end);
    const types = this.types;
    const stopAtBrace = end === Tok.CBrack || end === Tok.CParen;
    let nest = 0;
    let braces = 0;
    for (;;) {
      const i = this.pos;
      let t = types[i] as Tok;
      if (t === Tok.EOF) return -1;
      if (stopAtBrace) {
        if (t === Tok.OBrace) braces++;
        else if (t === Tok.CBrace && braces-- === 0) return -1;
      }
      this.pos++;
      // Directives close with the same token as interpolations.
      if (end === Tok.TemplateSeqEnd && t === Tok.TemplateControl) t = Tok.TemplateInterp;
      if (t === opener) nest++;
      else if (t === end) {
        if (nest === 0) return i;
        nest--;
      }
    }
  }

  /**
   * After a broken attribute or block: skip to the end of the line at bracket depth zero and
   * consume the newline. Stops before a `}` that would close the enclosing block, so that
   * block still ends where it should.
   */
  recoverAfterBodyItem(inBlock: boolean): void {
    const types = this.types;
    const open: Tok[] = [];
    for (;;) {
      const t = types[this.pos] as Tok;
      if (t === Tok.EOF) return;
      if (t === Tok.CBrace && inBlock && !open.includes(Tok.OBrace)) return;
      this.pos++;
      switch (t) {
        case Tok.Newline:
          if (open.length === 0) return;
          break;
        case Tok.OBrace:
        case Tok.OBrack:
        case Tok.OParen:
        case Tok.OQuote:
        case Tok.OHeredoc:
        case Tok.TemplateInterp:
        case Tok.TemplateControl:
          open.push(t);
          break;
        case Tok.CBrace:
        case Tok.CBrack:
        case Tok.CParen:
        case Tok.CQuote:
        case Tok.CHeredoc:
        case Tok.TemplateSeqEnd:
          popUntil(open, t === Tok.TemplateSeqEnd ? Tok.TemplateInterp : openerOf(t));
          break;
        default:
          break;
      }
    }
  }
}

function popUntil(open: Tok[], opener: Tok): void {
  const matches = (t: Tok): boolean => t === opener || (opener === Tok.TemplateInterp && t === Tok.TemplateControl);
  while (open.length > 0 && !matches(open[open.length - 1]!)) open.pop();
  open.pop();
}

function openerOf(closer: Tok): Tok {
  switch (closer) {
    case Tok.CBrace:
      return Tok.OBrace;
    case Tok.CBrack:
      return Tok.OBrack;
    case Tok.CParen:
      return Tok.OParen;
    case Tok.CQuote:
      return Tok.OQuote;
    case Tok.CHeredoc:
      return Tok.OHeredoc;
    case Tok.TemplateSeqEnd:
      return Tok.TemplateInterp;
    default:
      return Tok.EOF;
  }
}
