import { isPair, isSeq, parseAllDocuments, visit, type Node } from 'yaml';
import { lineText, posAt, type SourceFile } from '../core/source.js';

/** 1-based, inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

/**
 * The lines a directive on (or directly above) `line` covers: that line and, when the line opens a block, the whole
 * block. What opens a block depends on the format:
 * - YAML (compose): a mapping key whose value spans further lines (`db:`, `ports:`), or a sequence item.
 * - HCL (Terraform): a line with an unclosed `{`, `[` or `(` (a block header `resource "…" "…" {`, a list) until
 *   it closes.
 * - Dockerfile: `FROM` opens its stage, up to the next `FROM`; other instructions cover their `\` continuations.
 * - PostgreSQL config files: the line and its `\` continuations.
 */
export function coveredRange(file: SourceFile, format: string, line: number): LineRange {
  const last = file.lineStarts.length;
  if (line < 1 || line > last) return { start: line, end: line };
  switch (format) {
    case 'compose':
      return { start: line, end: yamlBlockEnd(file, line) };
    case 'tf':
      return { start: line, end: hclBlockEnd(file, line) };
    case 'docker':
      return { start: line, end: dockerfileBlockEnd(file, line) };
    default:
      return { start: line, end: continuationEnd(file, line) };
  }
}

/** Whether a line holds only a comment in this format (or nothing but whitespace before a comment). */
export function isCommentOnlyLine(file: SourceFile, format: string, line: number): boolean {
  const t = lineText(file, line).trim();
  if (t.startsWith('#')) return true;
  if (format === 'tf') return t.startsWith('//') || (t.startsWith('/*') && t.endsWith('*/'));
  return false;
}

const yamlCache = new WeakMap<SourceFile, Map<number, number>>();

/** For each line where a key or sequence item starts, the last line of that entry. */
function yamlEntryEnds(file: SourceFile): Map<number, number> {
  const cached = yamlCache.get(file);
  if (cached) return cached;
  const ends = new Map<number, number>();
  const note = (start: number | undefined, end: number | undefined) => {
    if (start === undefined || end === undefined) return;
    const startLine = posAt(file, start).line;
    const endLine = posAt(file, Math.max(start, end - 1)).line;
    ends.set(startLine, Math.max(ends.get(startLine) ?? startLine, endLine));
  };
  try {
    for (const doc of parseAllDocuments(file.text)) {
      if (doc.errors.length) continue; // ranges of a broken document are guesses: each line stands alone
      visit(doc, {
        Pair(_key, pair) {
          if (!isPair(pair)) return;
          const key = pair.key as Node | null;
          const value = pair.value as Node | null;
          note(key?.range?.[0], value?.range?.[1] ?? key?.range?.[1]);
        },
        Seq(_key, seq) {
          if (!isSeq(seq)) return;
          for (const item of seq.items as Node[]) note(item?.range?.[0], item?.range?.[1]);
        },
      });
    }
  } catch {
    // each line stands alone
  }
  yamlCache.set(file, ends);
  return ends;
}

function yamlBlockEnd(file: SourceFile, line: number): number {
  return yamlEntryEnds(file).get(line) ?? line;
}

/** Follows brackets opened on `line` to where they close, skipping strings, comments and heredocs. */
function hclBlockEnd(file: SourceFile, line: number): number {
  const text = file.text;
  const n = text.length;
  const start = file.lineStarts[line - 1] ?? n;
  const next = file.lineStarts[line];
  const firstLineEnd = next === undefined ? n : next - 1;
  const lineEndAt = (k: number) => {
    const e = text.indexOf('\n', k);
    return e < 0 ? n : e;
  };
  let depth = 0;
  const modes: Array<'code' | 'string' | 'interp'> = ['code'];
  const interpDepths: number[] = [];
  let i = start;
  while (i < n) {
    const mode = modes[modes.length - 1];
    const c = text[i];
    if (mode === 'string') {
      if (c === '\\') i += 2;
      else if (c === '"') {
        modes.pop();
        i++;
      } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        modes.push('interp');
        interpDepths.push(depth);
        depth++;
        i += 2;
      } else if (c === '\n') modes.pop();
      else i++;
      continue;
    }
    if (c === '"') {
      modes.push('string');
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      i = lineEndAt(i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const heredoc = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (heredoc) {
        const marker = heredoc[1] ?? '';
        let k = i + heredoc[0].length;
        while (k < n) {
          const e = lineEndAt(k);
          if (text.slice(k, e).trim() === marker) break;
          k = e + 1;
        }
        i = Math.min(lineEndAt(k), n);
        continue;
      }
    }
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (mode === 'interp' && c === '}' && depth === interpDepths[interpDepths.length - 1]) {
        modes.pop();
        interpDepths.pop();
      }
    } else if (c === '\n' && i >= firstLineEnd && depth <= 0 && modes.length === 1) {
      return posAt(file, i).line;
    }
    i++;
  }
  return file.lineStarts.length;
}

function dockerfileBlockEnd(file: SourceFile, line: number): number {
  const last = file.lineStarts.length;
  if (/^\s*FROM\s/i.test(lineText(file, line))) {
    for (let l = line + 1; l <= last; l++) if (/^\s*FROM\s/i.test(lineText(file, l))) return l - 1;
    return last;
  }
  return continuationEnd(file, line);
}

function continuationEnd(file: SourceFile, line: number): number {
  const last = file.lineStarts.length;
  let end = line;
  while (end < last && /\\\s*$/.test(lineText(file, end))) end++;
  return end;
}
