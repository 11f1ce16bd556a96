import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { JsonPath } from './json-schema.js';

export interface TextSpan {
  start: { offset: number; line: number; column: number };
  end: { offset: number; line: number; column: number };
}

/**
 * Finds where a value (or a key) of a YAML or JSON document is written, by its path. JSON is read as YAML here
 * (JSON is YAML 1.2 flow syntax), only for positions.
 */
export class Locator {
  private readonly lines = new LineCounter();
  readonly doc: Document;

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines });
  }

  span(start: number, end: number): TextSpan {
    const a = this.lines.linePos(start);
    const b = this.lines.linePos(Math.max(start, end));
    return {
      start: { offset: start, line: a.line, column: a.col },
      end: { offset: Math.max(start, end), line: b.line, column: b.col },
    };
  }

  /** The span of the value at path, or of its key when `atKey`; the nearest existing ancestor otherwise. */
  locate(path: JsonPath, atKey = false): TextSpan | undefined {
    for (let n = path.length; n >= 0; n--) {
      const prefix = path.slice(0, n);
      if (atKey && n === path.length && n > 0) {
        const key = this.keyNode(prefix.slice(0, -1), prefix[n - 1]);
        if (key?.range) return this.span(key.range[0], key.range[1]);
      }
      const node = n === 0 ? (this.doc.contents as Node | null) : (this.doc.getIn(prefix, true) as Node | undefined);
      if (node && typeof node === 'object' && 'range' in node && node.range) {
        // a mapping value: point at its key line, which is where people look
        if (n > 0 && typeof prefix[n - 1] === 'string') {
          const key = this.keyNode(prefix.slice(0, -1), prefix[n - 1]);
          if (key?.range && !isScalar(node)) return this.span(key.range[0], key.range[1]);
        }
        return this.span(node.range[0], node.range[1]);
      }
    }
    return undefined;
  }

  private keyNode(parentPath: JsonPath, key: string | number | undefined): Node | undefined {
    const parent = parentPath.length ? this.doc.getIn(parentPath, true) : this.doc.contents;
    if (!isMap(parent)) return undefined;
    for (const pair of parent.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as Node | null;
      if (isScalar(k) && String(k.value) === String(key)) return k;
    }
    return undefined;
  }
}
