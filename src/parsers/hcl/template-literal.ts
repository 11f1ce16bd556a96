import { isHexDigit } from './chars.js';
import type { RawDiagnostic } from './scanner.js';

/**
 * Decodes a quoted-template literal `text[start, end)`: backslash escapes and the `$${` / `%%{`
 * escapes. Returns the slice itself when nothing needs decoding (the common case).
 */
export function decodeQuotedLiteral(text: string, start: number, end: number, diagnostics: RawDiagnostic[]): string {
  let i = start;
  let maxCode = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 || c === 36 || c === 37) break;
    if (c > maxCode) maxCode = c;
  }
  if (i === end) return normalizeIfNeeded(text.slice(start, end), maxCode);

  let out = text.slice(start, i);
  let runStart = i;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c > maxCode) maxCode = c;
    if (c === 92) {
      out += text.slice(runStart, i);
      const escape = decodeEscape(text, i, end, diagnostics);
      out += escape.value;
      i = escape.end;
      runStart = i;
    } else if (
      (c === 36 || c === 37) &&
      i + 2 < end &&
      text.charCodeAt(i + 1) === c &&
      text.charCodeAt(i + 2) === 123
    ) {
      // `$${` → `${`, `%%{` → `%{`
      out += text.slice(runStart, i + 1);
      i += 2;
      runStart = i;
    } else {
      i++;
    }
  }
  out += text.slice(runStart, end);
  return normalizeIfNeeded(out, maxCode);
}

/** Decodes heredoc or standalone-template literal text: only `$${` and `%%{` are escapes. */
export function decodeTemplateLiteral(text: string, start: number, end: number): string {
  let i = start;
  let maxCode = 0;
  let out = '';
  let runStart = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c > maxCode) maxCode = c;
    if ((c === 36 || c === 37) && i + 2 < end && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123) {
      out += text.slice(runStart, i + 1);
      i += 2;
      runStart = i;
    } else {
      i++;
    }
  }
  out = runStart === start ? text.slice(start, end) : out + text.slice(runStart, end);
  return normalizeIfNeeded(out, maxCode);
}

/** HCL normalizes string literals to NFC; only text with combining-capable characters can change. */
function normalizeIfNeeded(s: string, maxCode: number): string {
  return maxCode >= 0x300 ? s.normalize('NFC') : s;
}

function decodeEscape(
  text: string,
  i: number,
  end: number,
  diagnostics: RawDiagnostic[],
): { value: string; end: number } {
  if (i + 1 >= end) {
    diagnostics.push({
      severity: 'error',
      message: 'Invalid escape sequence',
      detail: 'A backslash must be followed by an escape sequence selector.',
      start: i,
      end: i + 1,
    });
    return { value: '\\', end: i + 1 };
  }
  const sel = text.charCodeAt(i + 1);
  switch (sel) {
    case 110: // n
      return { value: '\n', end: i + 2 };
    case 114: // r
      return { value: '\r', end: i + 2 };
    case 116: // t
      return { value: '\t', end: i + 2 };
    case 34:
      return { value: '"', end: i + 2 };
    case 92:
      return { value: '\\', end: i + 2 };
    case 117: // \uNNNN
    case 85: {
      // \UNNNNNNNN
      const digits = sel === 117 ? 4 : 8;
      let j = i + 2;
      while (j < end && j < i + 2 + digits && isHexDigit(text.charCodeAt(j))) j++;
      const code = j === i + 2 + digits ? parseInt(text.slice(i + 2, j), 16) : -1;
      if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        diagnostics.push({
          severity: 'error',
          message: 'Invalid escape sequence',
          detail: `The \\${sel === 117 ? 'u' : 'U'} escape needs exactly ${digits} hexadecimal digits naming a Unicode character.`,
          start: i,
          end: j,
        });
        return { value: text.slice(i, j), end: j };
      }
      return { value: String.fromCodePoint(code), end: j };
    }
    default: {
      const width = sel >= 0xd800 && sel <= 0xdbff && i + 2 < end ? 2 : 1;
      diagnostics.push({
        severity: 'error',
        message: 'Invalid escape sequence',
        detail: `The symbol "${text.slice(i + 1, i + 1 + width)}" is not a valid escape sequence selector.`,
        start: i,
        end: i + 1 + width,
      });
      return { value: text.slice(i + 1, i + 1 + width), end: i + 1 + width };
    }
  }
}
