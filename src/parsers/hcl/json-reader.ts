import { isDigit, isHexDigit } from './chars.js';
import type { RawComment, RawDiagnostic } from './scanner.js';

/** JSON reading for the HCL JSON syntax: a value tree with source offsets, tolerant of errors. */

const MAX_DEPTH = 400;

export type JsonValue = JsonObject | JsonArray | JsonString | JsonScalar | JsonInvalid;

export interface JsonObject {
  t: 'object';
  start: number;
  end: number;
  /** Offset of the closing brace, or -1 when missing. */
  close: number;
  props: JsonProperty[];
}

export interface JsonProperty {
  key: JsonString;
  colon: number;
  value: JsonValue;
}

export interface JsonArray {
  t: 'array';
  start: number;
  end: number;
  items: JsonValue[];
}

export interface JsonString {
  t: 'string';
  start: number;
  end: number;
  /** Decoded value. */
  value: string;
  hasEscapes: boolean;
}

export interface JsonScalar {
  t: 'number' | 'true' | 'false' | 'null';
  start: number;
  end: number;
}

export interface JsonInvalid {
  t: 'invalid';
  start: number;
  end: number;
}

/** Reads JSON into a value tree with offsets; tolerant: reports and skips what it cannot read. */
export class JsonReader {
  pos = 0;
  readonly diagnostics: RawDiagnostic[] = [];
  readonly comments: RawComment[] = [];

  constructor(private readonly text: string) {}

  report(message: string, detail: string, start: number, end: number): void {
    this.diagnostics.push({ severity: 'error', message, detail, start, end });
  }

  /** Skips whitespace and comments (`//`, `#`, `/* *\/`, which HCL's JSON reader tolerates). */
  skipSpace(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        this.pos++;
      } else if (c === 47 && text.charCodeAt(this.pos + 1) === 42) {
        let close = text.indexOf('*/', this.pos + 2);
        if (close < 0) {
          this.report('Unterminated comment', 'There is no "*/" closing this comment.', this.pos, this.pos + 2);
          close = text.length - 2;
        }
        this.comments.push({ start: this.pos, end: close + 2, style: 'block' });
        this.pos = close + 2;
      } else if ((c === 47 && text.charCodeAt(this.pos + 1) === 47) || c === 35) {
        const start = this.pos;
        while (this.pos < text.length && text.charCodeAt(this.pos) !== 10) this.pos++;
        const end = this.pos > start && text.charCodeAt(this.pos - 1) === 13 ? this.pos - 1 : this.pos;
        this.comments.push({ start, end, style: c === 35 ? 'hash' : 'slash' });
      } else {
        return;
      }
    }
  }

  value(depth: number): JsonValue {
    const text = this.text;
    const start = this.pos;
    if (start >= text.length) {
      this.report('Missing value', 'Expected a JSON value, but found the end of the file.', start, start);
      return { t: 'invalid', start, end: start };
    }
    const c = text.charCodeAt(start);
    if ((c === 123 || c === 91) && depth >= MAX_DEPTH) {
      this.report(
        'Value nested too deeply',
        `JSON values may nest at most ${MAX_DEPTH} levels deep.`,
        start,
        start + 1,
      );
      this.skipNested();
      return { t: 'invalid', start, end: this.pos };
    }
    if (c === 123) return this.object(depth);
    if (c === 91) return this.array(depth);
    if (c === 34) return this.string();
    if (c === 45 || isDigit(c)) return this.number();
    for (const word of ['true', 'false', 'null'] as const) {
      if (text.startsWith(word, start)) {
        this.pos += word.length;
        return { t: word, start, end: this.pos };
      }
    }
    let end = start + 1;
    while (end < text.length && !isJsonDelimiter(text.charCodeAt(end))) end++;
    this.report('Invalid JSON value', 'Expected a string, number, object, array, true, false or null.', start, end);
    this.pos = end;
    return { t: 'invalid', start, end };
  }

  /** Skips a too-deep value by bracket counting, without recursion. */
  private skipNested(): void {
    let nest = 0;
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 34) {
        this.string();
        continue;
      }
      this.pos++;
      if (c === 123 || c === 91) nest++;
      else if ((c === 125 || c === 93) && --nest === 0) return;
    }
  }

  private object(depth: number): JsonObject {
    const text = this.text;
    const start = this.pos++;
    const props: JsonProperty[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= text.length) {
        this.report(
          'Unclosed object',
          'There is no closing brace for this object before the end of the file.',
          start,
          start + 1,
        );
        return { t: 'object', start, end: this.pos, close: -1, props };
      }
      const c = text.charCodeAt(this.pos);
      if (c === 125) {
        this.pos++;
        return { t: 'object', start, end: this.pos, close: this.pos - 1, props };
      }
      if (c !== 34) {
        this.report('Invalid object key', 'Expected a quoted property name.', this.pos, this.pos + 1);
        if (!this.skipToNextProperty()) return { t: 'object', start, end: this.pos, close: -1, props };
        continue;
      }
      const key = this.string();
      this.skipSpace();
      let colon = this.pos;
      if (text.charCodeAt(this.pos) === 58) {
        this.pos++;
        this.skipSpace();
      } else {
        this.report('Missing colon', 'Expected a colon after the property name.', this.pos, this.pos + 1);
        colon = key.end;
      }
      const value = this.value(depth + 1);
      props.push({ key, colon, value });
      this.skipSpace();
      const n = text.charCodeAt(this.pos);
      if (n === 44) {
        this.pos++;
        this.skipSpace();
        if (text.charCodeAt(this.pos) === 125) {
          this.report(
            'Trailing comma',
            'JSON does not allow a comma before the closing brace.',
            this.pos - 1,
            this.pos,
          );
        }
      } else if (n !== 125) {
        if (this.pos >= text.length) continue;
        this.report(
          'Missing comma',
          'Expected a comma or a closing brace after the property value.',
          this.pos,
          this.pos + 1,
        );
        if (n !== 34 && !this.skipToNextProperty()) return { t: 'object', start, end: this.pos, close: -1, props };
      }
    }
  }

  /** Skips to the next `"` or `}` on this nesting level; false if an enclosing closer came first. */
  private skipToNextProperty(): boolean {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 34 || c === 125) return true;
      if (c === 93) return false;
      this.pos++;
    }
    return true;
  }

  private array(depth: number): JsonArray {
    const text = this.text;
    const start = this.pos++;
    const items: JsonValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= text.length) {
        this.report(
          'Unclosed array',
          'There is no closing bracket for this array before the end of the file.',
          start,
          start + 1,
        );
        return { t: 'array', start, end: this.pos, items };
      }
      const c = text.charCodeAt(this.pos);
      if (c === 93) {
        this.pos++;
        return { t: 'array', start, end: this.pos, items };
      }
      if (c === 125) {
        this.report('Unexpected closing brace', 'Expected a value or a closing bracket.', this.pos, this.pos + 1);
        return { t: 'array', start, end: this.pos, items };
      }
      const before = this.pos;
      items.push(this.value(depth + 1));
      this.skipSpace();
      const n = text.charCodeAt(this.pos);
      if (n === 44) {
        this.pos++;
      } else if (n !== 93 && this.pos < text.length) {
        this.report(
          'Missing comma',
          'Expected a comma or a closing bracket after the array item.',
          this.pos,
          this.pos + 1,
        );
        if (this.pos === before) this.pos++;
      }
    }
  }

  private number(): JsonScalar {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === 45) i++;
    const digitsStart = i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    let ok = i > digitsStart;
    if (text.charCodeAt(i) === 46) {
      i++;
      const f = i;
      while (i < text.length && isDigit(text.charCodeAt(i))) i++;
      ok &&= i > f;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const s = text.charCodeAt(i);
      if (s === 43 || s === 45) i++;
      const f = i;
      while (i < text.length && isDigit(text.charCodeAt(i))) i++;
      ok &&= i > f;
    }
    if (!ok) this.report('Invalid number', 'This is not a valid JSON number.', start, Math.max(i, start + 1));
    this.pos = Math.max(i, start + 1);
    return { t: 'number', start, end: this.pos };
  }

  string(): JsonString {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    let hasEscapes = false;
    for (;;) {
      if (i >= text.length || text.charCodeAt(i) === 10) {
        this.report('Unterminated string', 'A JSON string must end with a quote on the same line.', start, i);
        break;
      }
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        break;
      }
      if (c === 92) {
        hasEscapes = true;
        i += 2;
      } else {
        i++;
      }
    }
    this.pos = i > text.length ? text.length : i;
    const closed = text.charCodeAt(this.pos - 1) === 34 && this.pos - 1 > start;
    const contentEnd = closed ? this.pos - 1 : this.pos;
    const value = hasEscapes
      ? decodeJsonString(text, start + 1, contentEnd, null, this.diagnostics)
      : text.slice(start + 1, contentEnd);
    return { t: 'string', start, end: this.pos, value, hasEscapes };
  }
}

function isJsonDelimiter(c: number): boolean {
  return c === 44 || c === 125 || c === 93 || c === 58 || c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Decodes JSON escapes in `text[start, end)`. When `map` is given, fills it so that
 * `map[i]` is the source offset of decoded character `i` (and `map[length]` is `end`).
 */
export function decodeJsonString(
  text: string,
  start: number,
  end: number,
  map: number[] | null,
  diagnostics: RawDiagnostic[] | null,
): string {
  let out = '';
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 92) {
      map?.push(i);
      out += text[i];
      i++;
      continue;
    }
    const sel = text.charCodeAt(i + 1);
    let decoded: string;
    let width = 2;
    switch (sel) {
      case 34:
        decoded = '"';
        break;
      case 92:
        decoded = '\\';
        break;
      case 47:
        decoded = '/';
        break;
      case 98:
        decoded = '\b';
        break;
      case 102:
        decoded = '\f';
        break;
      case 110:
        decoded = '\n';
        break;
      case 114:
        decoded = '\r';
        break;
      case 116:
        decoded = '\t';
        break;
      case 117: {
        let ok = i + 6 <= end;
        for (let k = i + 2; ok && k < i + 6; k++) ok = isHexDigit(text.charCodeAt(k));
        if (ok) {
          decoded = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          width = 6;
        } else {
          decoded = '\\u';
          diagnostics?.push({
            severity: 'error',
            message: 'Invalid escape sequence',
            detail: 'A \\u escape needs four hexadecimal digits.',
            start: i,
            end: Math.min(end, i + 6),
          });
        }
        break;
      }
      default:
        decoded = text.slice(i + 1, i + 2);
        diagnostics?.push({
          severity: 'error',
          message: 'Invalid escape sequence',
          detail: `"\\${decoded}" is not a valid JSON escape.`,
          start: i,
          end: Math.min(end, i + 2),
        });
    }
    if (map !== null) for (let k = 0; k < decoded.length; k++) map.push(i);
    out += decoded;
    i += width;
  }
  map?.push(end);
  return out;
}
