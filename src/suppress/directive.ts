import { isIsoDate } from '../config/json-schema.js';

/**
 * The inline suppression directive, the same in every format's own comment syntax:
 *
 *   pgwarden-ignore PGW201: reason
 *   pgwarden-ignore PGW201, PGW204 until=2027-03-31: reason
 *   pgwarden-ignore-file PGW507: reason
 *
 * Rule slugs work as well as ids. The reason follows the first `:` (or ` -- `); it is required.
 */
export interface Directive {
  /** `line`: the line it is on, or the next code line and the block that line opens. `file`: the whole file. */
  scope: 'line' | 'file';
  /** The directive as written, without comment delimiters. */
  text: string;
  /** Known rule ids it names (slugs resolved), upper case, without duplicates. */
  ids: string[];
  /** Tokens that look like rule ids but name no rule. */
  unknown: string[];
  /** `YYYY-MM-DD`: the last day the directive applies. */
  until?: string;
  /** Empty when missing. */
  reason: string;
  /** Set when the directive is malformed: it then suppresses nothing. */
  error?: string;
}

const KEYWORD = /^pgwarden-ignore(-file)?(?=$|[\s:,])/i;
const ID_LIKE = /^pgw\d+$/i;
const SLUG_LIKE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;

/** The comment's text without its delimiters (`#`, `//`, `/* … *\/`), whichever format it comes from. */
export function commentBody(text: string): string {
  let t = text.trim();
  if (t.startsWith('/*')) t = t.slice(2).replace(/\*\/\s*$/, '');
  else if (t.startsWith('//')) t = t.slice(2);
  else t = t.replace(/^#+/, '');
  return t.replace(/\s+/g, ' ').trim();
}

/**
 * Parses a comment; undefined when it is not a pgwarden directive at all.
 * `resolveRule` maps an id or slug to a known rule id.
 */
export function parseDirective(
  comment: string,
  resolveRule: (token: string) => string | undefined,
): Directive | undefined {
  const body = commentBody(comment);
  const keyword = KEYWORD.exec(body);
  if (!keyword) return undefined;
  const scope = keyword[1] ? 'file' : 'line';
  const rest = body.slice(keyword[0].length);
  let head = rest;
  let reason = '';
  const colon = rest.indexOf(':');
  const dashes = rest.indexOf(' -- ');
  if (colon >= 0) {
    head = rest.slice(0, colon);
    reason = rest.slice(colon + 1).trim();
  } else if (dashes >= 0) {
    head = rest.slice(0, dashes);
    reason = rest.slice(dashes + 4).trim();
  }
  const out: Directive = { scope, text: body, ids: [], unknown: [], reason };
  const stray: string[] = [];
  for (const token of head.split(/[\s,]+/).filter(Boolean)) {
    const date = /^(until|expires)=(.*)$/i.exec(token);
    if (date) {
      if (out.until !== undefined) out.error = 'gives the expiry date twice';
      else if (!isIsoDate(date[2] ?? '')) out.error = `${token} is not a date (write until=YYYY-MM-DD)`;
      out.until = date[2] ?? '';
      continue;
    }
    const id = resolveRule(token);
    if (id) {
      if (!out.ids.includes(id)) out.ids.push(id);
    } else if (ID_LIKE.test(token) || SLUG_LIKE.test(token)) {
      if (stray.length) stray.push(token);
      else out.unknown.push(token);
    } else stray.push(token);
  }
  if (stray.length) {
    out.error ??= `expected ": reason" after the rule ids (found "${stray.join(' ')}")`;
  } else if (!out.ids.length && !out.unknown.length) {
    out.error ??= `names no rule (write: pgwarden-ignore${scope === 'file' ? '-file' : ''} PGW201: reason)`;
  }
  return out;
}

/** Whether a reason says something: at least one letter or digit. */
export function hasReason(reason: string | undefined): boolean {
  return !!reason && /[\p{L}\p{N}]/u.test(reason);
}
