import { locOf, type Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import { normalizeSettingName } from '../../model/settings.js';

export interface ConfEntry {
  name: string;
  /** The value with quotes removed and `''` / backslash escapes decoded. */
  value: string;
  loc: Loc;
  valueLoc: Loc;
}

export interface ConfInclude {
  directive: 'include' | 'include_if_exists' | 'include_dir';
  path: string;
  loc: Loc;
}

export interface ParsedConf {
  entries: ConfEntry[];
  includes: ConfInclude[];
  comments: Array<{ loc: Loc; text: string }>;
  errors: Array<{ message: string; loc: Loc }>;
}

/** Backslash escapes in quoted values, as PostgreSQL's GUC_scanstr reads them, octal `\ooo` included. */
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** postgresql.conf syntax: `name = value` or `name value`, `#` comments, quoted strings with `''` and `\` escapes. */
export function parsePostgresqlConf(file: SourceFile): ParsedConf {
  const out: ParsedConf = { entries: [], includes: [], comments: [], errors: [] };
  const text = file.text;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    parseLine(file, lineStart, lineEnd, out);
    lineStart = lineEnd + 1;
  }
  return out;
}

function parseLine(file: SourceFile, start: number, end: number, out: ParsedConf): void {
  const text = file.text;
  let i = start;
  const skipWs = () => {
    while (i < end && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
  };
  skipWs();
  if (i >= end) return;
  if (text[i] === '#') {
    out.comments.push({
      loc: locOf(file, i, end),
      text: text
        .slice(i + 1, end)
        .replace(/\r$/, '')
        .trim(),
    });
    return;
  }
  const nameStart = i;
  while (i < end && /[A-Za-z0-9_.-]/.test(text[i] ?? '')) i++;
  const name = text.slice(nameStart, i);
  if (!name) {
    out.errors.push({ message: `syntax error: unexpected "${text[i]}"`, loc: locOf(file, i, end) });
    return;
  }
  skipWs();
  if (text[i] === '=') {
    i++;
    skipWs();
  }
  const valueStart = i;
  let value = '';
  if (text[i] === "'") {
    i++;
    let closed = false;
    while (i < end) {
      const c = text[i];
      if (c === '\\' && i + 1 < end) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, Math.min(end, i + 4)));
        if (octal) {
          value += String.fromCharCode(parseInt(octal[0], 8));
          i += 1 + octal[0].length;
          continue;
        }
        const next = text[i + 1] ?? '';
        value += ESCAPES[next] ?? next;
        i += 2;
        continue;
      }
      if (c === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        closed = true;
        i++;
        break;
      }
      value += c;
      i++;
    }
    if (!closed) {
      out.errors.push({ message: `unterminated quoted string for "${name}"`, loc: locOf(file, valueStart, end) });
      return;
    }
  } else {
    while (i < end && text[i] !== '#' && text[i] !== ' ' && text[i] !== '\t' && text[i] !== '\r') value += text[i++];
  }
  const valueEnd = i;
  skipWs();
  if (i < end && text[i] === '#') {
    out.comments.push({
      loc: locOf(file, i, end),
      text: text
        .slice(i + 1, end)
        .replace(/\r$/, '')
        .trim(),
    });
  } else if (i < end) {
    out.errors.push({ message: `syntax error near "${text.slice(i, end).trim()}"`, loc: locOf(file, i, end) });
    return;
  }
  if (valueStart === valueEnd) {
    out.errors.push({ message: `setting "${name}" has no value`, loc: locOf(file, nameStart, end) });
    return;
  }
  const lname = normalizeSettingName(name);
  if (lname === 'include' || lname === 'include_if_exists' || lname === 'include_dir') {
    out.includes.push({ directive: lname, path: value, loc: locOf(file, nameStart, valueEnd) });
    return;
  }
  out.entries.push({
    name: lname,
    value,
    loc: locOf(file, nameStart, valueEnd),
    valueLoc: locOf(file, valueStart, valueEnd),
  });
}
