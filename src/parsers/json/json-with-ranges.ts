/**
 * A strict JSON parser (RFC 8259) that keeps the exact range of every value and key, so that findings on
 * `docker inspect` output and plan JSON point at the value itself. Syntax only: no knowledge of containers here.
 */

export interface JsonBase {
  /** Offset of the first character of the value. */
  start: number;
  /** Offset just after the value. */
  end: number;
  /** Where the value sits in the document: `[0].HostConfig.PortBindings["5432/tcp"][0].HostIp`. */
  path: string;
}

export interface JsonEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export interface JsonObject extends JsonBase {
  kind: 'object';
  entries: JsonEntry[];
}

export interface JsonArray extends JsonBase {
  kind: 'array';
  items: JsonNode[];
}

export interface JsonString extends JsonBase {
  kind: 'string';
  value: string;
  /** The string has no escape sequences: character i of the value is at offset start + 1 + i. */
  plain: boolean;
}

export interface JsonNumber extends JsonBase {
  kind: 'number';
  value: number;
  /** The number as written (keeps precision that a double would lose). */
  raw: string;
}

export interface JsonBoolean extends JsonBase {
  kind: 'boolean';
  value: boolean;
}

export interface JsonNull extends JsonBase {
  kind: 'null';
  value: null;
}

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

export interface JsonParseError {
  message: string;
  offset: number;
}

export interface JsonParseResult {
  value?: JsonNode;
  error?: JsonParseError;
}

/** Nesting deeper than this is refused instead of overflowing the stack. */
export const MAX_JSON_DEPTH = 512;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** Parses a whole JSON text. Stops at the first syntax error and says where it is. */
export function parseJsonWithRanges(text: string): JsonParseResult {
  const p = new Parser(text);
  try {
    p.skipWs();
    const value = p.value('', 0);
    p.skipWs();
    if (p.pos < text.length) throw new JsonSyntaxError(`unexpected ${p.describe()} after the JSON value`, p.pos);
    return { value };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { error: { message: error.message, offset: error.offset } };
    throw error;
  }
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  describe(): string {
    if (this.pos >= this.text.length) return 'end of input';
    const c = this.text[this.pos] ?? '';
    return /\s/.test(c) ? 'whitespace' : `character ${JSON.stringify(c)}`;
  }

  skipWs(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  value(path: string, depth: number): JsonNode {
    if (depth > MAX_JSON_DEPTH) throw new JsonSyntaxError(`nesting deeper than ${MAX_JSON_DEPTH} levels`, this.pos);
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(path, depth);
      case '[':
        return this.array(path, depth);
      case '"': {
        const start = this.pos;
        const s = this.string();
        return { kind: 'string', value: s.value, plain: s.plain, start, end: this.pos, path };
      }
      case 't':
        return this.literal('true', { kind: 'boolean', value: true }, path);
      case 'f':
        return this.literal('false', { kind: 'boolean', value: false }, path);
      case 'n':
        return this.literal('null', { kind: 'null', value: null }, path);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number(path);
        throw new JsonSyntaxError(`expected a JSON value, found ${this.describe()}`, this.pos);
    }
  }

  private literal<T extends JsonBoolean | JsonNull>(word: string, node: Omit<T, keyof JsonBase>, path: string): T {
    const start = this.pos;
    if (this.text.slice(start, start + word.length) !== word) {
      throw new JsonSyntaxError(`expected a JSON value, found ${this.describe()}`, start);
    }
    this.pos += word.length;
    return { ...node, start, end: this.pos, path } as T;
  }

  private number(path: string): JsonNumber {
    const start = this.pos;
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(start, start + 400));
    if (!m) throw new JsonSyntaxError('invalid number', start);
    this.pos += m[0].length;
    return { kind: 'number', value: Number(m[0]), raw: m[0], start, end: this.pos, path };
  }

  private string(): { value: string; plain: boolean } {
    const open = this.pos;
    this.pos++; // opening quote
    let out = '';
    let plain = true;
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) throw new JsonSyntaxError('unterminated string', open);
      const code = this.text.charCodeAt(this.pos);
      if (code === 0x22) {
        out += this.text.slice(chunkStart, this.pos);
        this.pos++;
        return { value: out, plain };
      }
      if (code < 0x20) throw new JsonSyntaxError('control character in string (escape it)', this.pos);
      if (code !== 0x5c) {
        this.pos++;
        continue;
      }
      plain = false;
      out += this.text.slice(chunkStart, this.pos);
      const esc = this.text[this.pos + 1];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (esc !== undefined && esc in simple) {
        out += simple[esc];
        this.pos += 2;
      } else if (esc === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('invalid \\u escape', this.pos);
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else {
        throw new JsonSyntaxError(`invalid escape \\${esc ?? ''}`, this.pos);
      }
      chunkStart = this.pos;
    }
  }

  private object(path: string, depth: number): JsonObject {
    const start = this.pos;
    this.pos++;
    const entries: JsonEntry[] = [];
    this.skipWs();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', entries, start, end: this.pos, path };
    }
    for (;;) {
      this.skipWs();
      if (this.text[this.pos] !== '"')
        throw new JsonSyntaxError(`expected a key string, found ${this.describe()}`, this.pos);
      const keyStart = this.pos;
      const key = this.string().value;
      const keyEnd = this.pos;
      this.skipWs();
      if (this.text[this.pos] !== ':') throw new JsonSyntaxError(`expected ":" after key "${key}"`, this.pos);
      this.pos++;
      this.skipWs();
      const value = this.value(childPath(path, key), depth + 1);
      entries.push({ key, keyStart, keyEnd, value });
      this.skipWs();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return { kind: 'object', entries, start, end: this.pos, path };
      }
      throw new JsonSyntaxError(`expected "," or "}" in object, found ${this.describe()}`, this.pos);
    }
  }

  private array(path: string, depth: number): JsonArray {
    const start = this.pos;
    this.pos++;
    const items: JsonNode[] = [];
    this.skipWs();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items, start, end: this.pos, path };
    }
    for (;;) {
      this.skipWs();
      items.push(this.value(childPath(path, items.length), depth + 1));
      this.skipWs();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return { kind: 'array', items, start, end: this.pos, path };
      }
      throw new JsonSyntaxError(`expected "," or "]" in array, found ${this.describe()}`, this.pos);
    }
  }
}

// ---- small accessors used by adapters ----

/** The value of `key` in an object node (the last one wins, as in JSON.parse). */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]?.key === key) return node.entries[i]?.value;
  return undefined;
}

/** The entry (key and value ranges) of `key` in an object node. */
export function entryOf(node: JsonNode | undefined, key: string): JsonEntry | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]?.key === key) return node.entries[i];
  return undefined;
}

export function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.kind === 'string' ? node.value : undefined;
}

export function itemsOf(node: JsonNode | undefined): JsonNode[] {
  return node?.kind === 'array' ? node.items : [];
}

/** A plain JavaScript value of a node (for small parts such as label maps). */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
    case 'array':
      return node.items.map(toPlain);
    default:
      return node.value;
  }
}
