import { locOf, type Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';

export interface HbaLine {
  type: string;
  databases: string[];
  users: string[];
  address?: string;
  mask?: string;
  method: string;
  options: string[];
  loc: Loc;
  fieldLocs: Loc[];
}

export interface ParsedHba {
  lines: HbaLine[];
  includes: Array<{ directive: string; path: string; loc: Loc }>;
  comments: Array<{ loc: Loc; text: string }>;
  errors: Array<{ message: string; loc: Loc }>;
}

const TYPES = new Set(['local', 'host', 'hostssl', 'hostnossl', 'hostgssenc', 'hostnogssenc']);
const METHODS = new Set([
  'trust',
  'reject',
  'scram-sha-256',
  'md5',
  'password',
  'gss',
  'sspi',
  'ident',
  'peer',
  'ldap',
  'radius',
  'cert',
  'pam',
  'bsd',
  'oauth',
]);

/** pg_hba.conf: whitespace-separated fields, quoted fields, `#` comments, `\` line continuation, include directives. */
export function parsePgHba(file: SourceFile): ParsedHba {
  const out: ParsedHba = { lines: [], includes: [], comments: [], errors: [] };
  const text = file.text;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    // backslash continuation joins physical lines into one record
    while (lineEnd < text.length && text.slice(lineStart, lineEnd).replace(/\r$/, '').endsWith('\\')) {
      const next = text.indexOf('\n', lineEnd + 1);
      lineEnd = next < 0 ? text.length : next;
    }
    parseRecord(file, lineStart, lineEnd, out);
    lineStart = lineEnd + 1;
  }
  return out;
}

function parseRecord(file: SourceFile, start: number, end: number, out: ParsedHba): void {
  const text = file.text;
  const fields: Array<{ value: string; start: number; end: number }> = [];
  let i = start;
  while (i < end) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\r' || (c === '\\' && /[\r\n]/.test(text[i + 1] ?? ''))) {
      i++;
      continue;
    }
    if (c === '\n') {
      i++;
      continue;
    }
    if (c === '#') {
      out.comments.push({
        loc: locOf(file, i, end),
        text: text
          .slice(i + 1, end)
          .replace(/\r$/, '')
          .trim(),
      });
      break;
    }
    const fieldStart = i;
    let value = '';
    let quote = false;
    while (i < end) {
      const ch = text[i] ?? '';
      if (ch === '"') {
        quote = !quote;
        i++;
        continue;
      }
      if (!quote && (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '#')) break;
      value += ch;
      i++;
    }
    fields.push({ value, start: fieldStart, end: i });
  }
  if (!fields.length) return;
  const first = fields[0]!;
  const recordLoc = locOf(file, first.start, fields[fields.length - 1]!.end);
  const type = first.value.toLowerCase();
  if (type.startsWith('include')) {
    out.includes.push({ directive: type, path: fields[1]?.value ?? '', loc: recordLoc });
    return;
  }
  if (!TYPES.has(type)) {
    out.errors.push({ message: `invalid connection type "${first.value}"`, loc: locOf(file, first.start, first.end) });
    return;
  }
  const isLocal = type === 'local';
  const minFields = isLocal ? 4 : 5;
  if (fields.length < minFields) {
    out.errors.push({ message: `end-of-line before authentication method`, loc: recordLoc });
    return;
  }
  const db = fields[1]!;
  const user = fields[2]!;
  let idx = 3;
  let address: string | undefined;
  let mask: string | undefined;
  if (!isLocal) {
    address = fields[idx]!.value;
    idx++;
    const maybeMask = fields[idx]?.value ?? '';
    if (/^\d+\.\d+\.\d+\.\d+$/.test(maybeMask) || (/^[0-9a-f:]+$/i.test(maybeMask) && maybeMask.includes(':'))) {
      mask = maybeMask;
      idx++;
    }
  }
  const methodField = fields[idx];
  if (!methodField) {
    out.errors.push({ message: 'end-of-line before authentication method', loc: recordLoc });
    return;
  }
  const method = methodField.value.toLowerCase();
  if (!METHODS.has(method)) {
    out.errors.push({
      message: `invalid authentication method "${methodField.value}"`,
      loc: locOf(file, methodField.start, methodField.end),
    });
    return;
  }
  out.lines.push({
    type,
    databases: db.value.split(','),
    users: user.value.split(','),
    address,
    mask,
    method,
    options: fields.slice(idx + 1).map((f) => f.value),
    loc: recordLoc,
    fieldLocs: fields.map((f) => locOf(file, f.start, f.end)),
  });
}
