import { Alias, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import { locOf, type Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';

export interface YamlDiagnostic {
  message: string;
  loc: Loc;
}

export interface ParsedYaml {
  file: SourceFile;
  doc: Document;
  diagnostics: YamlDiagnostic[];
}

/** Parses YAML keeping ranges and comments; undefined anchors are reported here, where YAML itself is lenient. */
export function parseYaml(file: SourceFile): ParsedYaml {
  const doc = parseDocument(file.text, { merge: true, keepSourceTokens: true, prettyErrors: false, uniqueKeys: false });
  const diagnostics: YamlDiagnostic[] = doc.errors.map((e) => ({
    message: e.message.split('\n')[0] ?? e.message,
    loc: locOf(file, e.pos[0], Math.max(e.pos[0], e.pos[1])),
  }));
  visit(doc, {
    Alias(_key, node) {
      if (!node.resolve(doc)) {
        const [s, e] = node.range ?? [0, 0];
        diagnostics.push({ message: `undefined anchor "*${node.source}"`, loc: locOf(file, s, e) });
      }
    },
  });
  return { file, doc, diagnostics };
}

/** A YAML node together with the file it is in, and the anchors it was reached through. */
export interface NodeRef {
  node: Node;
  file: SourceFile;
  /** Where the value was reached from when it came through an alias or merge key. */
  via?: Loc;
}

export function nodeLoc(ref: NodeRef): Loc {
  const [s, e] = ref.node.range ?? [0, 0];
  return locOf(ref.file, s, trimEnd(ref.file, s, e));
}

/** Block collections end after their last line break; a location ends at the last character of the value. */
function trimEnd(file: SourceFile, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(file.text[e - 1] ?? '')) e--;
  return e;
}

export function deref(ref: NodeRef, doc: Document): NodeRef | undefined {
  if (isAlias(ref.node)) {
    const target = (ref.node as Alias).resolve(doc);
    if (!target) return undefined;
    return { node: target, file: ref.file, via: nodeLoc(ref) };
  }
  return ref;
}

export interface MapEntry {
  key: string;
  keyLoc: Loc;
  /** The whole `key: value` pair. */
  pairLoc: Loc;
  value: NodeRef | undefined;
}

/** Entries of a mapping, with `<<` merge keys expanded (own keys win), values dereferenced. */
/** Merge sources already expanded: a merge-key "bomb" (each level merging the previous one many times) stays linear. */
const mergeCache = new WeakMap<Node, MapEntry[]>();

export function mapEntries(ref: NodeRef, doc: Document, depth = 0): MapEntry[] {
  const resolved = deref(ref, doc);
  if (!resolved || !isMap(resolved.node) || depth > 20) return [];
  const own: MapEntry[] = [];
  const merged: MapEntry[] = [];
  for (const pair of resolved.node.items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as Node | null;
    const valueNode = pair.value as Node | null;
    const isMerge = isScalar(keyNode) && (keyNode.value === '<<' || String(keyNode.value) === 'Symbol(<<)');
    const keyIsMergeSymbol = isScalar(keyNode) && typeof keyNode.value === 'symbol';
    if ((isMerge || keyIsMergeSymbol) && valueNode) {
      const sources = isSeq(valueNode) ? (valueNode.items as Node[]) : [valueNode];
      for (const source of sources) {
        let entries = mergeCache.get(source);
        if (!entries) {
          entries = mapEntries({ node: source, file: resolved.file }, doc, depth + 1);
          mergeCache.set(source, entries);
        }
        const via = nodeLoc({ node: source, file: resolved.file });
        for (const entry of entries) {
          // YAML merge: the first source that has a key wins
          if (merged.some((m) => m.key === entry.key)) continue;
          merged.push({ ...entry, value: entry.value && { ...entry.value, via: entry.value.via ?? via } });
        }
      }
      continue;
    }
    if (!isScalar(keyNode)) continue;
    const [ks, ke] = keyNode.range ?? [0, 0];
    const end = trimEnd(resolved.file, ks, valueNode?.range?.[1] ?? ke);
    own.push({
      key: String(keyNode.value),
      keyLoc: locOf(resolved.file, ks, ke),
      pairLoc: locOf(resolved.file, ks, end),
      value: valueNode ? deref({ node: valueNode, file: resolved.file, via: resolved.via }, doc) : undefined,
    });
  }
  const ownKeys = new Set(own.map((e) => e.key));
  return [...merged.filter((e) => !ownKeys.has(e.key)), ...own];
}

export function seqItems(ref: NodeRef, doc: Document): NodeRef[] {
  const resolved = deref(ref, doc);
  if (!resolved || !isSeq(resolved.node)) return [];
  return (resolved.node.items as Node[])
    .map((n) => deref({ node: n, file: resolved.file, via: resolved.via }, doc))
    .filter((r): r is NodeRef => !!r);
}

export function scalarText(ref: NodeRef | undefined): string | undefined {
  if (!ref || !isScalar(ref.node)) return undefined;
  const v = ref.node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function isMapRef(ref: NodeRef | undefined): boolean {
  return !!ref && isMap(ref.node);
}

export function isSeqRef(ref: NodeRef | undefined): boolean {
  return !!ref && isSeq(ref.node);
}

/** A scalar as written (without quotes): `0440` stays `0440` where YAML 1.2 reads the number 440. */
export function sourceText(ref: NodeRef | undefined): string | undefined {
  if (!ref || !isScalar(ref.node)) return undefined;
  if (typeof ref.node.value === 'string' || ref.node.value === null) return scalarText(ref);
  const loc = scalarValueLoc(ref);
  return ref.file.text.slice(loc.start.offset, loc.end.offset);
}

/** Source range of a scalar's text without its quotes, so spans mark the value itself. */
export function scalarValueLoc(ref: NodeRef): Loc {
  const [s, e] = ref.node.range ?? [0, 0];
  const raw = ref.file.text.slice(s, e);
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) {
    return locOf(ref.file, s + 1, e - 1);
  }
  return locOf(ref.file, s, e);
}

/** Comments of a YAML file with their ranges (for PGW801/802 and inline suppressions). */
export function yamlComments(file: SourceFile): Array<{ loc: Loc; text: string }> {
  const out: Array<{ loc: Loc; text: string }> = [];
  const text = file.text;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const hash = findYamlCommentStart(text, lineStart, lineEnd);
    if (hash >= 0)
      out.push({
        loc: locOf(file, hash, lineEnd),
        text: text
          .slice(hash + 1, lineEnd)
          .replace(/\r$/, '')
          .trim(),
      });
    lineStart = lineEnd + 1;
  }
  return out;
}

function findYamlCommentStart(text: string, start: number, end: number): number {
  let quote: string | undefined;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") {
      const prev = text[i - 1];
      if (i === start || prev === ' ' || prev === ':' || prev === '[' || prev === ',' || prev === '-' || prev === '\t')
        quote = c;
      continue;
    }
    if (c === '#' && (i === start || text[i - 1] === ' ' || text[i - 1] === '\t')) return i;
  }
  return -1;
}
