/** A small JSON reader that keeps the offsets of every value (plan JSON locations point into the file). */

export type JsonNode =
  | { type: 'object'; start: number; end: number; props: JsonProp[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'bool'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number };

export interface JsonProp {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseJsonWithRanges(text: string): JsonNode {
  let pos = 0;
  const ws = () => {
    while (pos < text.length && /[ \t\r\n\uFEFF]/.test(text[pos] as string)) pos++;
  };
  const fail = (msg: string): never => {
    throw new JsonSyntaxError(msg, pos);
  };
  const string = (): { value: string; start: number; end: number } => {
    const start = pos;
    if (text[pos] !== '"') fail('expected a string');
    pos++;
    let out = '';
    while (pos < text.length) {
      const c = text[pos] as string;
      if (c === '"') {
        pos++;
        return { value: out, start, end: pos };
      }
      if (c === '\\') {
        const n = text[pos + 1];
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
        if (n !== undefined && simple[n] !== undefined) {
          out += simple[n];
          pos += 2;
        } else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else fail('invalid escape in a string');
        continue;
      }
      out += c;
      pos++;
    }
    return fail('unterminated string');
  };
  const value = (depth: number): JsonNode => {
    if (depth > 500) fail('nested too deeply');
    ws();
    const start = pos;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const props: JsonProp[] = [];
      ws();
      if (text[pos] === '}') {
        pos++;
        return { type: 'object', start, end: pos, props };
      }
      for (;;) {
        ws();
        const k = string();
        ws();
        if (text[pos] !== ':') fail('expected ":"');
        pos++;
        const v = value(depth + 1);
        props.push({ key: k.value, keyStart: k.start, keyEnd: k.end, value: v });
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return { type: 'object', start, end: pos, props };
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return { type: 'array', start, end: pos, items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return { type: 'array', start, end: pos, items };
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') {
      const s = string();
      return { type: 'string', start: s.start, end: s.end, value: s.value };
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 64));
    if (m && m[0] !== '' && m[0] !== '-') {
      pos += m[0].length;
      return { type: 'number', start, end: pos, value: Number(m[0]) };
    }
    for (const [word, node] of [
      ['true', { type: 'bool', value: true }],
      ['false', { type: 'bool', value: false }],
      ['null', { type: 'null' }],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { ...node, start, end: pos } as JsonNode;
      }
    }
    return fail('unexpected character');
  };
  const root = value(0);
  ws();
  if (pos < text.length) fail('extra characters after the JSON value');
  return root;
}

export function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (let i = node.props.length - 1; i >= 0; i--) if (node.props[i]?.key === key) return node.props[i]?.value;
  return undefined;
}

export function propEntry(node: JsonNode | undefined, key: string): JsonProp | undefined {
  if (node?.type !== 'object') return undefined;
  return node.props.find((p) => p.key === key);
}

export function toPlain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(node.props.map((p) => [p.key, toPlain(p.value)]));
    case 'array':
      return node.items.map(toPlain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}
