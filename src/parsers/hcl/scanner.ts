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

/**
 * Tokenizes HCL native syntax over `text[start, end)` in one pass. Templates (quoted strings,
 * heredocs, interpolations, directives) are handled with a mode stack, so the parser gets one
 * flat token stream. Comments go to a side list; line comments leave their newline token.
 */
export function scanNative(text: string, start = 0, end = text.length, startIn = ScanStart.Normal): ScanResult {
  // About one token per three characters in typical Terraform: rarely needs to grow.
  const tokens = new TokenStream(Math.ceil((end - start) / 3) + 16);
  const comments: RawComment[] = [];
  const diagnostics: RawDiagnostic[] = [];

  // Mode stack, as parallel arrays. `depth` counts open braces of a Normal frame (to know
  // which `}` closes an interpolation); `marker`/`atLineStart` describe a Heredoc frame.
  const modes: Mode[] = [startIn === ScanStart.Template ? Mode.Template : Mode.Normal];
  const depth: number[] = [0];
  const marker: string[] = [''];
  const atLineStart: boolean[] = [true];
  let top = 0;

  const push = (mode: Mode, heredocMarker: string): void => {
    top++;
    modes[top] = mode;
    depth[top] = 0;
    marker[top] = heredocMarker;
    atLineStart[top] = mode === Mode.Heredoc;
  };
  const report = (message: string, detail: string, s: number, e: number): void => {
    diagnostics.push({ severity: 'error', message, detail, start: s, end: e });
  };

  let pos = start;
  while (pos < end) {
    const mode = modes[top]!;

    if (mode === Mode.Quoted) {
      const litStart = pos;
      for (;;) {
        if (pos >= end) {
          if (pos > litStart) tokens.push(Tok.QuotedLit, litStart, pos);
          break;
        }
        const c = text.charCodeAt(pos);
        if (c === 34) {
          if (pos > litStart) tokens.push(Tok.QuotedLit, litStart, pos);
          tokens.push(Tok.CQuote, pos, pos + 1);
          pos++;
          top--;
          break;
        } else if (c === 92) {
          const n = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
          pos += n === LF || n === CR || n === 0 ? 1 : 2;
        } else if (c === DOLLAR || c === PERCENT) {
          const n = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
          if (n === OPEN_BRACE) {
            if (pos > litStart) tokens.push(Tok.QuotedLit, litStart, pos);
            pos = pushTemplateOpener(text, pos, end, c, tokens);
            push(Mode.Normal, '');
            break;
          }
          pos += n === c && pos + 2 < end && text.charCodeAt(pos + 2) === OPEN_BRACE ? 3 : 1;
        } else if (c === LF || (c === CR && pos + 1 < end && text.charCodeAt(pos + 1) === LF)) {
          // A quoted string cannot span lines: end it here so the rest of the file scans normally.
          if (pos > litStart) tokens.push(Tok.QuotedLit, litStart, pos);
          top--;
          break;
        } else {
          pos++;
        }
      }
      continue;
    }

    if (mode === Mode.Heredoc || mode === Mode.Template) {
      if (mode === Mode.Heredoc && atLineStart[top]) {
        atLineStart[top] = false;
        const closeEnd = matchHeredocClose(text, pos, end, marker[top]!);
        if (closeEnd >= 0) {
          tokens.push(Tok.CHeredoc, pos, closeEnd);
          pos = closeEnd;
          top--;
          continue;
        }
      }
      const litStart = pos;
      for (;;) {
        if (pos >= end) {
          if (pos > litStart) tokens.push(Tok.HeredocLit, litStart, pos);
          break;
        }
        const c = text.charCodeAt(pos);
        if (c === LF) {
          pos++;
          tokens.push(Tok.HeredocLit, litStart, pos);
          atLineStart[top] = true;
          break;
        } else if (c === DOLLAR || c === PERCENT) {
          const n = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
          if (n === OPEN_BRACE) {
            if (pos > litStart) tokens.push(Tok.HeredocLit, litStart, pos);
            pos = pushTemplateOpener(text, pos, end, c, tokens);
            push(Mode.Normal, '');
            break;
          }
          pos += n === c && pos + 2 < end && text.charCodeAt(pos + 2) === OPEN_BRACE ? 3 : 1;
        } else {
          pos++;
        }
      }
      continue;
    }

    // Mode.Normal
    const c = text.charCodeAt(pos);
    switch (c) {
      case 32:
      case 9:
        pos++;
        while (pos < end) {
          const w = text.charCodeAt(pos);
          if (w !== 32 && w !== 9) break;
          pos++;
        }
        continue;
      case LF:
        tokens.push(Tok.Newline, pos, pos + 1);
        pos++;
        continue;
      case CR:
        if (pos + 1 < end && text.charCodeAt(pos + 1) === LF) {
          tokens.push(Tok.Newline, pos, pos + 2);
          pos += 2;
        } else {
          pos++; // a lone CR is blank space
        }
        continue;
      case 35: // #
        pos = scanLineComment(text, pos, end, 'hash', comments);
        continue;
      case 47: {
        // /
        const n = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
        if (n === 47) {
          pos = scanLineComment(text, pos, end, 'slash', comments);
        } else if (n === 42) {
          let close = text.indexOf('*/', pos + 2);
          if (close < 0 || close + 2 > end) {
            report('Unterminated comment', 'There is no "*/" closing this comment.', pos, pos + 2);
            close = end - 2;
          }
          comments.push({ start: pos, end: close + 2, style: 'block' });
          pos = close + 2;
        } else {
          tokens.push(Tok.Slash, pos, pos + 1);
          pos++;
        }
        continue;
      }
      case OPEN_BRACE:
        depth[top]!++;
        tokens.push(Tok.OBrace, pos, pos + 1);
        pos++;
        continue;
      case CLOSE_BRACE:
        if (top > 0 && depth[top] === 0) {
          tokens.push(Tok.TemplateSeqEnd, pos, pos + 1);
          top--;
        } else {
          if (depth[top]! > 0) depth[top]!--;
          tokens.push(Tok.CBrace, pos, pos + 1);
        }
        pos++;
        continue;
      case TILDE:
        if (top > 0 && depth[top] === 0 && pos + 1 < end && text.charCodeAt(pos + 1) === CLOSE_BRACE) {
          tokens.push(Tok.TemplateSeqEnd, pos, pos + 2);
          pos += 2;
          top--;
          continue;
        }
        break;
      case 91:
        tokens.push(Tok.OBrack, pos, ++pos);
        continue;
      case 93:
        tokens.push(Tok.CBrack, pos, ++pos);
        continue;
      case 40:
        tokens.push(Tok.OParen, pos, ++pos);
        continue;
      case 41:
        tokens.push(Tok.CParen, pos, ++pos);
        continue;
      case 44:
        tokens.push(Tok.Comma, pos, ++pos);
        continue;
      case 46: // .
        if (pos + 2 < end && text.charCodeAt(pos + 1) === 46 && text.charCodeAt(pos + 2) === 46) {
          tokens.push(Tok.Ellipsis, pos, pos + 3);
          pos += 3;
        } else {
          tokens.push(Tok.Dot, pos, ++pos);
        }
        continue;
      case 58: // :
        if (pos + 1 < end && text.charCodeAt(pos + 1) === 58) {
          tokens.push(Tok.DoubleColon, pos, pos + 2);
          pos += 2;
        } else {
          tokens.push(Tok.Colon, pos, ++pos);
        }
        continue;
      case 63:
        tokens.push(Tok.Question, pos, ++pos);
        continue;
      case 61: {
        // =
        const n = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
        if (n === 61) tokens.push(Tok.EqualOp, pos, (pos += 2));
        else if (n === 62) tokens.push(Tok.FatArrow, pos, (pos += 2));
        else tokens.push(Tok.Equal, pos, ++pos);
        continue;
      }
      case 43:
        tokens.push(Tok.Plus, pos, ++pos);
        continue;
      case 45:
        tokens.push(Tok.Minus, pos, ++pos);
        continue;
      case 42:
        tokens.push(Tok.Star, pos, ++pos);
        continue;
      case PERCENT:
        tokens.push(Tok.Percent, pos, ++pos);
        continue;
      case 38: // &
        if (pos + 1 < end && text.charCodeAt(pos + 1) === 38) {
          tokens.push(Tok.And, pos, (pos += 2));
          continue;
        }
        report(
          'Unsupported operator',
          'Bitwise operators are not supported. Did you mean boolean AND ("&&")?',
          pos,
          pos + 1,
        );
        tokens.push(Tok.Invalid, pos, ++pos);
        continue;
      case 124: // |
        if (pos + 1 < end && text.charCodeAt(pos + 1) === 124) {
          tokens.push(Tok.Or, pos, (pos += 2));
          continue;
        }
        report(
          'Unsupported operator',
          'Bitwise operators are not supported. Did you mean boolean OR ("||")?',
          pos,
          pos + 1,
        );
        tokens.push(Tok.Invalid, pos, ++pos);
        continue;
      case 33: // !
        if (pos + 1 < end && text.charCodeAt(pos + 1) === 61) tokens.push(Tok.NotEqual, pos, (pos += 2));
        else tokens.push(Tok.Bang, pos, ++pos);
        continue;
      case 60: {
        // <
        const n = pos + 1 < end ? text.charCodeAt(pos + 1) : 0;
        if (n === 61) {
          tokens.push(Tok.LessEqual, pos, (pos += 2));
          continue;
        }
        if (n === 60) {
          const heredoc = matchHeredocOpen(text, pos, end);
          if (heredoc) {
            tokens.push(Tok.OHeredoc, pos, heredoc.end);
            pos = heredoc.end;
            push(Mode.Heredoc, heredoc.marker);
            continue;
          }
          report(
            'Invalid heredoc introducer',
            'A heredoc starts with "<<" or "<<-", then an identifier, then the end of the line.',
            pos,
            pos + 2,
          );
          tokens.push(Tok.Invalid, pos, (pos += 2));
          continue;
        }
        tokens.push(Tok.Less, pos, ++pos);
        continue;
      }
      case 62:
        if (pos + 1 < end && text.charCodeAt(pos + 1) === 61) tokens.push(Tok.GreaterEqual, pos, (pos += 2));
        else tokens.push(Tok.Greater, pos, ++pos);
        continue;
      case 34:
        tokens.push(Tok.OQuote, pos, ++pos);
        push(Mode.Quoted, '');
        continue;
      default:
        break;
    }

    if (isDigit(c)) {
      const numberStart = pos;
      pos = scanNumber(text, pos, end);
      tokens.push(Tok.Number, numberStart, pos);
      continue;
    }
    const identLen = identStartLength(text, pos, c);
    if (identLen > 0) {
      const identStart = pos;
      pos += identLen;
      while (pos < end) {
        const len = identPartLength(text, pos, text.charCodeAt(pos));
        if (len === 0) break;
        pos += len;
      }
      tokens.push(Tok.Ident, identStart, pos);
      continue;
    }
    const invalidStart = pos;
    pos = scanInvalid(text, pos, end, report);
    tokens.push(Tok.Invalid, invalidStart, pos);
  }

  tokens.push(Tok.EOF, end, end);
  return { tokens, comments, diagnostics };
}

/** Pushes `${`/`%{` (with optional `~`) and returns the offset after it. */
function pushTemplateOpener(text: string, pos: number, end: number, c: number, tokens: TokenStream): number {
  const strip = pos + 2 < end && text.charCodeAt(pos + 2) === TILDE;
  const len = strip ? 3 : 2;
  tokens.push(c === DOLLAR ? Tok.TemplateInterp : Tok.TemplateControl, pos, pos + len);
  return pos + len;
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
function scanInvalid(
  text: string,
  pos: number,
  end: number,
  report: (message: string, detail: string, s: number, e: number) => void,
): number {
  const c = text.charCodeAt(pos);
  let detail = 'This character is not used within the language.';
  if (c === 39) detail = 'Single quotes are not valid. Use double quotes (") to enclose strings.';
  else if (c === 59)
    detail =
      'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.';
  else if (c === 0xfeff) detail = 'Byte order marks are not permitted in HCL files.';
  const width = c >= 0xd800 && c <= 0xdbff && pos + 1 < end ? 2 : 1;
  report('Invalid character', detail, pos, pos + width);
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
