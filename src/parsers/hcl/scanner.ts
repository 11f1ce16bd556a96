import { identPartLength, identStartLength, isDigit } from './chars.js';
import { Tok, TokenStream } from './tokens.js';

/** A diagnostic before positions are resolved: offsets only. */
export interface RawDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  detail?: string;
  start: number;
  end: number;
}

export interface RawComment {
  start: number;
  end: number;
  style: 'hash' | 'slash' | 'block' | 'json';
}

export interface ScanResult {
  tokens: TokenStream;
  comments: RawComment[];
  diagnostics: RawDiagnostic[];
}

/** What the scanner starts in: configuration/expression tokens, or a bare template (JSON strings). */
export const enum ScanStart {
  Normal,
  Template,
}

const enum Mode {
  /** Expression/structure tokens. Above the bottom of the stack it is an interpolation or directive. */
  Normal,
  Quoted,
  Heredoc,
  /** Standalone template: literal text to the end, with interpolations and directives. */
  Template,
}

const LF = 10;
const CR = 13;
const DOLLAR = 36;
const PERCENT = 37;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const TILDE = 126;

/** ASCII character classes for the hot loops (non-ASCII goes through `chars.ts`). */
const IDENT_START = 1;
const IDENT_PART = 2;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  if (letter) ASCII_CLASS[c] = IDENT_START | IDENT_PART;
  else if ((c >= 48 && c <= 57) || c === 45) ASCII_CLASS[c] = IDENT_PART;
}

/** Token type of the ASCII characters that always form a one-character token in Normal mode (else EOF). */
const SINGLE_CHAR_TOKEN = new Uint8Array(128);
SINGLE_CHAR_TOKEN[LF] = Tok.Newline;
SINGLE_CHAR_TOKEN[91] = Tok.OBrack;
SINGLE_CHAR_TOKEN[93] = Tok.CBrack;
SINGLE_CHAR_TOKEN[40] = Tok.OParen;
SINGLE_CHAR_TOKEN[41] = Tok.CParen;
SINGLE_CHAR_TOKEN[44] = Tok.Comma;
SINGLE_CHAR_TOKEN[63] = Tok.Question;
SINGLE_CHAR_TOKEN[43] = Tok.Plus;
SINGLE_CHAR_TOKEN[45] = Tok.Minus;
SINGLE_CHAR_TOKEN[42] = Tok.Star;
SINGLE_CHAR_TOKEN[PERCENT] = Tok.Percent;

/** Characters that end the plain run of a quoted string: `"`, `\`, `$`, `%`, CR, LF. */
const QUOTED_SPECIAL = new Uint8Array(128);
for (const c of [34, 92, DOLLAR, PERCENT, CR, LF]) QUOTED_SPECIAL[c] = 1;

/** At most this many tokens are pushed per step of the main loop. */
const MAX_TOKENS_PER_STEP = 3;
/** Free token slots below which the arrays grow before the next run of steps. */
const MIN_ROOM = 64;

/** One spare token stream, reused by the next scan so typical parses allocate no token arrays. */
let spareTokens: TokenStream | null = null;
/** Streams larger than this (in tokens) are not kept, so one huge file does not pin its memory. */
const MAX_SPARE_CAPACITY = 1 << 18;

function acquireTokens(capacity: number): TokenStream {
  const spare = spareTokens;
  if (spare !== null && spare.types.length >= capacity) {
    spareTokens = null;
    spare.count = 0;
    return spare;
  }
  return new TokenStream(capacity);
}

/**
 * Hands a token stream back for reuse once nothing reads it any more (the parser that used it
 * is done). Optional: a stream that is never released is simply garbage collected.
 */
export function releaseTokens(tokens: TokenStream): void {
  if (tokens.types.length <= MAX_SPARE_CAPACITY) spareTokens = tokens;
}

/** The scanner's mode stack: the current frame in the fields, the enclosing ones saved below. */
class Frames {
  mode: Mode;
  /** Open braces of a Normal frame, to know which `}` closes an interpolation or directive. */
  braces = 0;
  /** A Heredoc frame's end marker, and whether the scanner is at the start of one of its lines. */
  marker = '';
  atLineStart = false;
  /** Number of enclosing frames. Above the bottom, a Normal frame is an interpolation or directive. */
  depth = 0;
  /**
   * One number per enclosing frame: its mode and, for a Normal frame, its open braces. A frame is
   * only ever suspended in the middle of a line, so `atLineStart` need not be saved (it only
   * matters for heredocs); only Heredoc frames have a marker to save.
   */
  private readonly saved: number[] = [];
  private readonly savedMarkers: string[] = [];

  constructor(mode: Mode) {
    this.mode = mode;
  }

  enter(mode: Mode, marker: string): void {
    this.saved.push(this.mode | (this.braces << 2));
    if (this.mode === Mode.Heredoc) this.savedMarkers.push(this.marker);
    this.depth++;
    this.mode = mode;
    this.braces = 0;
    this.marker = marker;
    this.atLineStart = mode === Mode.Heredoc;
  }

  leave(): void {
    const frame = this.saved.pop()!;
    const mode = (frame & 3) as Mode;
    this.mode = mode;
    this.braces = frame >> 2;
    this.marker = mode === Mode.Heredoc ? this.savedMarkers.pop()! : '';
    this.atLineStart = false;
    this.depth--;
  }
}

function reportError(diagnostics: RawDiagnostic[], message: string, detail: string, start: number, end: number): void {
  diagnostics.push({ severity: 'error', message, detail, start, end });
}

/**
 * Tokenizes HCL native syntax over `text[start, end)` in one pass. Templates (quoted strings,
 * heredocs, interpolations, directives) are handled with a mode stack, so the parser gets one
 * flat token stream. Comments go to a side list; line comments leave their newline token.
 *
 * Hot path: one loop with the position, the token count and the token arrays in locals; tokens
 * are written straight into the arrays, without capacity checks (see `stop`).
 */
export function scanNative(text: string, start = 0, end = text.length, startIn = ScanStart.Normal): ScanResult {
  // About one token per three and a half characters in typical Terraform: rarely needs to grow.
  const tokens = acquireTokens(Math.ceil((end - start) / 3) + 16);
  let types = tokens.types;
  let starts = tokens.starts;
  let ends = tokens.ends;
  let capacity = types.length;
  let n = 0;
  // Module constants in locals: the hot loops then skip re-checking them on every character.
  const asciiClass = ASCII_CLASS;
  const singleCharToken = SINGLE_CHAR_TOKEN;
  const quotedSpecial = QUOTED_SPECIAL;
  const comments: RawComment[] = [];
  const diagnostics: RawDiagnostic[] = [];

  const frames = new Frames(startIn === ScanStart.Template ? Mode.Template : Mode.Normal);

  let pos = start;
  while (pos < end) {
    if (capacity - n < MIN_ROOM) {
      tokens.count = n;
      tokens.grow();
      types = tokens.types;
      starts = tokens.starts;
      ends = tokens.ends;
      capacity = types.length;
    }
    // Every token but EOF covers at least one character of its own, and one step pushes at
    // most MAX_TOKENS_PER_STEP tokens, so the steps that start before `stop` cannot overflow
    // the arrays: the hot loop needs no capacity checks.
    const room = capacity - n - MAX_TOKENS_PER_STEP;
    const stop = end - pos < room ? end : pos + room;
    while (pos < stop) {
      const mode = frames.mode;
      if (mode === Mode.Normal) {
        let c = text.charCodeAt(pos);
        if (c === 32 || c === 9) {
          // Skip blank space, then go on with the character after it in the same step.
          do {
            pos++;
          } while (pos < end && ((c = text.charCodeAt(pos)) === 32 || c === 9));
          if (pos >= end) continue;
        }
        if (c < 128) {
          if ((asciiClass[c]! & IDENT_START) !== 0) {
            const identStart = pos++;
            while (pos < end) {
              const d = text.charCodeAt(pos);
              if (d < 128) {
                if ((asciiClass[d]! & IDENT_PART) === 0) break;
                pos++;
              } else {
                const len = identPartLength(text, pos, d);
                if (len === 0) break;
                pos += len;
              }
            }
            types[n] = Tok.Ident;
            starts[n] = identStart;
            ends[n++] = pos;
            continue;
          }
          const single = singleCharToken[c]!;
          if (single !== Tok.EOF) {
            types[n] = single;
            starts[n] = pos;
            ends[n++] = ++pos;
            continue;
          }
        }

        switch (c) {
          case CR:
            if (pos + 1 < end && text.charCodeAt(pos + 1) === LF) {
              types[n] = Tok.Newline;
              starts[n] = pos;
              ends[n++] = pos += 2;
            } else {
              pos++; // a lone CR is blank space
            }
            continue;
          case 35: // #
            pos = scanLineComment(text, pos, end, 'hash', comments);
            continue;
          case 47: {
            // /
            const next = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
            if (next === 47) {
              pos = scanLineComment(text, pos, end, 'slash', comments);
            } else if (next === 42) {
              let close = text.indexOf('*/', pos + 2);
              if (close < 0 || close + 2 > end) {
                reportError(
                  diagnostics,
                  'Unterminated comment',
                  'There is no "*/" closing this comment.',
                  pos,
                  pos + 2,
                );
                close = end - 2;
              }
              comments.push({ start: pos, end: close + 2, style: 'block' });
              pos = close + 2;
            } else {
              types[n] = Tok.Slash;
              starts[n] = pos;
              ends[n++] = ++pos;
            }
            continue;
          }
          case OPEN_BRACE:
            frames.braces++;
            types[n] = Tok.OBrace;
            starts[n] = pos;
            ends[n++] = ++pos;
            continue;
          case CLOSE_BRACE:
            starts[n] = pos;
            ends[n] = ++pos;
            if (frames.depth > 0 && frames.braces === 0) {
              types[n++] = Tok.TemplateSeqEnd;
              frames.leave();
            } else {
              if (frames.braces > 0) frames.braces--;
              types[n++] = Tok.CBrace;
            }
            continue;
          case TILDE:
            if (frames.depth > 0 && frames.braces === 0 && pos + 1 < end && text.charCodeAt(pos + 1) === CLOSE_BRACE) {
              types[n] = Tok.TemplateSeqEnd;
              starts[n] = pos;
              ends[n++] = pos += 2;
              frames.leave();
              continue;
            }
            break;
          case 46: // .
            starts[n] = pos;
            if (pos + 2 < end && text.charCodeAt(pos + 1) === 46 && text.charCodeAt(pos + 2) === 46) {
              types[n] = Tok.Ellipsis;
              ends[n++] = pos += 3;
            } else {
              types[n] = Tok.Dot;
              ends[n++] = ++pos;
            }
            continue;
          case 58: // :
            starts[n] = pos;
            if (pos + 1 < end && text.charCodeAt(pos + 1) === 58) {
              types[n] = Tok.DoubleColon;
              ends[n++] = pos += 2;
            } else {
              types[n] = Tok.Colon;
              ends[n++] = ++pos;
            }
            continue;
          case 61: {
            // =
            const next = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
            starts[n] = pos;
            if (next === 61) {
              types[n] = Tok.EqualOp;
              ends[n++] = pos += 2;
            } else if (next === 62) {
              types[n] = Tok.FatArrow;
              ends[n++] = pos += 2;
            } else {
              types[n] = Tok.Equal;
              ends[n++] = ++pos;
            }
            continue;
          }
          case 38: // &
            starts[n] = pos;
            if (pos + 1 < end && text.charCodeAt(pos + 1) === 38) {
              types[n] = Tok.And;
              ends[n++] = pos += 2;
              continue;
            }
            reportError(
              diagnostics,
              'Unsupported operator',
              'Bitwise operators are not supported. Did you mean boolean AND ("&&")?',
              pos,
              pos + 1,
            );
            types[n] = Tok.Invalid;
            ends[n++] = ++pos;
            continue;
          case 124: // |
            starts[n] = pos;
            if (pos + 1 < end && text.charCodeAt(pos + 1) === 124) {
              types[n] = Tok.Or;
              ends[n++] = pos += 2;
              continue;
            }
            reportError(
              diagnostics,
              'Unsupported operator',
              'Bitwise operators are not supported. Did you mean boolean OR ("||")?',
              pos,
              pos + 1,
            );
            types[n] = Tok.Invalid;
            ends[n++] = ++pos;
            continue;
          case 33: // !
            starts[n] = pos;
            if (pos + 1 < end && text.charCodeAt(pos + 1) === 61) {
              types[n] = Tok.NotEqual;
              ends[n++] = pos += 2;
            } else {
              types[n] = Tok.Bang;
              ends[n++] = ++pos;
            }
            continue;
          case 60: {
            // <
            const next = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
            starts[n] = pos;
            if (next === 61) {
              types[n] = Tok.LessEqual;
              ends[n++] = pos += 2;
              continue;
            }
            if (next === 60) {
              const heredoc = matchHeredocOpen(text, pos, end);
              if (heredoc) {
                types[n] = Tok.OHeredoc;
                ends[n++] = pos = heredoc.end;
                frames.enter(Mode.Heredoc, heredoc.marker);
                continue;
              }
              reportError(
                diagnostics,
                'Invalid heredoc introducer',
                'A heredoc starts with "<<" or "<<-", then an identifier, then the end of the line.',
                pos,
                pos + 2,
              );
              types[n] = Tok.Invalid;
              ends[n++] = pos += 2;
              continue;
            }
            types[n] = Tok.Less;
            ends[n++] = ++pos;
            continue;
          }
          case 62: // >
            starts[n] = pos;
            if (pos + 1 < end && text.charCodeAt(pos + 1) === 61) {
              types[n] = Tok.GreaterEqual;
              ends[n++] = pos += 2;
            } else {
              types[n] = Tok.Greater;
              ends[n++] = ++pos;
            }
            continue;
          case 34: // "
            types[n] = Tok.OQuote;
            starts[n] = pos;
            ends[n++] = ++pos;
            frames.enter(Mode.Quoted, '');
            continue;
          default:
            break;
        }

        if (c >= 48 && c <= 57) {
          starts[n] = pos;
          pos = scanNumber(text, pos, end);
          types[n] = Tok.Number;
          ends[n++] = pos;
          continue;
        }
        if (c >= 128) {
          const identLen = identStartLength(text, pos, c);
          if (identLen > 0) {
            const identStart = pos;
            pos += identLen;
            while (pos < end) {
              const len = identPartLength(text, pos, text.charCodeAt(pos));
              if (len === 0) break;
              pos += len;
            }
            types[n] = Tok.Ident;
            starts[n] = identStart;
            ends[n++] = pos;
            continue;
          }
        }
        starts[n] = pos;
        pos = scanInvalid(text, pos, end, diagnostics);
        types[n] = Tok.Invalid;
        ends[n++] = pos;
        continue;
      }

      if (mode === Mode.Quoted) {
        const litStart = pos;
        let c = 0;
        while (pos < end) {
          c = text.charCodeAt(pos);
          if (c >= 128 || quotedSpecial[c] === 0) {
            pos++;
            continue;
          }
          if (c === 92) {
            const next = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
            pos += next === LF || next === CR || next === 0 ? 1 : 2;
            continue;
          }
          if (c === DOLLAR || c === PERCENT) {
            const next = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
            if (next === OPEN_BRACE) break;
            pos += next === c && pos + 2 < end && text.charCodeAt(pos + 2) === OPEN_BRACE ? 3 : 1;
            continue;
          }
          if (c === CR && !(pos + 1 < end && text.charCodeAt(pos + 1) === LF)) {
            pos++;
            continue;
          }
          break; // `"`, LF or CRLF
        }
        if (pos > litStart) {
          types[n] = Tok.QuotedLit;
          starts[n] = litStart;
          ends[n++] = pos;
        }
        if (pos >= end) continue;
        if (c === DOLLAR || c === PERCENT) {
          const len = pos + 2 < end && text.charCodeAt(pos + 2) === TILDE ? 3 : 2;
          types[n] = c === DOLLAR ? Tok.TemplateInterp : Tok.TemplateControl;
          starts[n] = pos;
          ends[n++] = pos += len;
          frames.enter(Mode.Normal, '');
          continue;
        }
        if (c === 34) {
          types[n] = Tok.CQuote;
          starts[n] = pos;
          ends[n++] = ++pos;
        }
        // A closing quote, or a newline: a quoted string cannot span lines, so end it here and
        // let the rest of the file scan normally.
        frames.leave();
        continue;
      }

      // Mode.Heredoc or Mode.Template
      if (mode === Mode.Heredoc && frames.atLineStart) {
        frames.atLineStart = false;
        const closeEnd = matchHeredocClose(text, pos, end, frames.marker);
        if (closeEnd >= 0) {
          types[n] = Tok.CHeredoc;
          starts[n] = pos;
          ends[n++] = pos = closeEnd;
          frames.leave();
          continue;
        }
      }
      const litStart = pos;
      for (;;) {
        if (pos >= end) {
          if (pos > litStart) {
            types[n] = Tok.HeredocLit;
            starts[n] = litStart;
            ends[n++] = pos;
          }
          break;
        }
        const c = text.charCodeAt(pos);
        if (c === LF) {
          types[n] = Tok.HeredocLit;
          starts[n] = litStart;
          ends[n++] = ++pos;
          frames.atLineStart = true;
          break;
        }
        if (c === DOLLAR || c === PERCENT) {
          const next = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
          if (next === OPEN_BRACE) {
            if (pos > litStart) {
              types[n] = Tok.HeredocLit;
              starts[n] = litStart;
              ends[n++] = pos;
            }
            const len = pos + 2 < end && text.charCodeAt(pos + 2) === TILDE ? 3 : 2;
            types[n] = c === DOLLAR ? Tok.TemplateInterp : Tok.TemplateControl;
            starts[n] = pos;
            ends[n++] = pos += len;
            frames.enter(Mode.Normal, '');
            break;
          }
          pos += next === c && pos + 2 < end && text.charCodeAt(pos + 2) === OPEN_BRACE ? 3 : 1;
          continue;
        }
        pos++;
      }
    }
  }

  if (n + 1 > capacity) {
    tokens.count = n;
    tokens.grow();
    types = tokens.types;
    starts = tokens.starts;
    ends = tokens.ends;
  }
  types[n] = Tok.EOF;
  starts[n] = end;
  ends[n++] = end;
  tokens.count = n;
  return { tokens, comments, diagnostics };
}

function scanLineComment(
  text: string,
  pos: number,
  end: number,
  style: 'hash' | 'slash',
  comments: RawComment[],
): number {
  let i = pos;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && i + 1 < end && text.charCodeAt(i + 1) === LF)) break;
    i++;
  }
  comments.push({ start: pos, end: i, style });
  return i;
}

/** Number token `digits ("." digits)? ([eE] [+-]? digits)?`; returns its end. */
function scanNumber(text: string, pos: number, end: number): number {
  let i = pos;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  if (i + 1 < end && text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
    i += 2;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
  }
  if (i < end) {
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      let j = i + 1;
      const sign = j < end ? text.charCodeAt(j) : 0;
      if (sign === 43 || sign === 45) j++;
      if (j < end && isDigit(text.charCodeAt(j))) {
        j++;
        while (j < end && isDigit(text.charCodeAt(j))) j++;
        i = j;
      }
    }
  }
  return i;
}

/** Skips a run of characters that start no token, reporting it once; returns the run's end. */
function scanInvalid(text: string, pos: number, end: number, diagnostics: RawDiagnostic[]): number {
  const c = text.charCodeAt(pos);
  let detail = 'This character is not used within the language.';
  if (c === 39) detail = 'Single quotes are not valid. Use double quotes (") to enclose strings.';
  else if (c === 59)
    detail =
      'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.';
  else if (c === 0xfeff) detail = 'Byte order marks are not permitted in HCL files.';
  const width = c >= 0xd800 && c <= 0xdbff && pos + 1 < end ? 2 : 1;
  reportError(diagnostics, 'Invalid character', detail, pos, pos + width);
  return pos + width;
}

/** `<<EOT\n` or `<<-EOT\n` at `pos`: the marker and the offset after the newline, or null. */
function matchHeredocOpen(text: string, pos: number, end: number): { marker: string; end: number } | null {
  let i = pos + 2;
  if (i < end && text.charCodeAt(i) === 45) i++;
  const markerStart = i;
  if (i >= end) return null;
  const first = identStartLength(text, i, text.charCodeAt(i));
  if (first === 0) return null;
  i += first;
  while (i < end) {
    const len = identPartLength(text, i, text.charCodeAt(i));
    if (len === 0) break;
    i += len;
  }
  const markerEnd = i;
  if (i < end && text.charCodeAt(i) === CR) i++;
  if (i >= end || text.charCodeAt(i) !== LF) return null;
  return { marker: text.slice(markerStart, markerEnd), end: i + 1 };
}

/** If the line at `pos` is blanks + marker + end of line, the offset after the marker; else -1. */
function matchHeredocClose(text: string, pos: number, end: number, marker: string): number {
  let i = pos;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  if (i + marker.length > end || !text.startsWith(marker, i)) return -1;
  const after = i + marker.length;
  if (after === end) return after;
  const c = text.charCodeAt(after);
  if (c === LF || (c === CR && after + 1 < end && text.charCodeAt(after + 1) === LF)) return after;
  return -1;
}
