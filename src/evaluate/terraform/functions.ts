import { createHash } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import {
  asBool,
  asNumber,
  asString,
  bool,
  combineMarks,
  deepMarks,
  deepUnmark,
  deepWithMarks,
  errorValue,
  firstUnknown,
  formatNumber,
  fromJS,
  hasUnknown,
  list,
  marksOf,
  nul,
  num,
  obj,
  str,
  toJS,
  typeName,
  unknownValue,
  valuesEqual,
  withMarks,
  type Marks,
  type TfValue,
} from './values.js';

/** What functions may read: only files of the scanned tree, never the network or the rest of the disk. */
export interface FunctionHost {
  /** A file named by `file()`/`templatefile()`, as written (relative to the root module folder). */
  readFile(path: string): { file: SourceFile } | { reason: string };
  /** Whether a file exists; undefined when the scan cannot tell (outside the scanned tree). */
  fileExists(path: string): boolean | undefined;
}

export interface CallInfo {
  loc: Loc;
  host: FunctionHost;
  renderTemplate(text: string, file: SourceFile, vars: Map<string, TfValue>): TfValue;
}

type Impl = (args: TfValue[], call: CallInfo, marks: Marks) => TfValue;

interface FnDef {
  impl: Impl;
  /** Arity: [min, max] (max Infinity for variadic). */
  arity: [number, number];
  /**
   * `deep` (default): any unknown inside any argument makes the result unknown, and the result carries the marks
   * of everything inside the arguments. `shallow`: the function handles element unknowns itself and keeps each
   * element's own marks (collection functions such as concat, so that env elements keep their locations).
   */
  mode?: 'deep' | 'shallow' | 'raw';
}

const fail = (reason: string, marks: Marks): TfValue => errorValue(reason, marks);

function needString(v: TfValue, fn: string, marks: Marks): string | TfValue {
  const s = asString(v);
  return s === undefined ? fail(`${fn}() needs a string, not a ${typeName(v)}`, marks) : s;
}

function needNumber(v: TfValue, fn: string, marks: Marks): number | TfValue {
  const n = asNumber(v);
  return n === undefined ? fail(`${fn}() needs a number, not a ${typeName(v)}`, marks) : n;
}

function strFn(
  fn: string,
  f: (s: string, ...rest: string[]) => string | TfValue,
  arity: [number, number] = [1, 1],
): FnDef {
  return {
    arity,
    impl: (args, _call, marks) => {
      const ss: string[] = [];
      for (const a of args) {
        const s = needString(a, fn, marks);
        if (typeof s !== 'string') return s;
        ss.push(s);
      }
      const r = f(ss[0] ?? '', ...ss.slice(1));
      return typeof r === 'string' ? str(r, marks) : r;
    },
  };
}

/** Go's RE2 named groups `(?P<name>…)` in JavaScript syntax. */
function toJsRegex(pattern: string, flags = ''): RegExp {
  let p = pattern.replace(/\(\?P</g, '(?<');
  let f = flags;
  const inline = /^\(\?([imsU]+)\)/.exec(p);
  if (inline?.[1]) {
    p = p.slice(inline[0].length);
    for (const c of inline[1]) if ('ims'.includes(c) && !f.includes(c)) f += c;
  }
  // JavaScript regexes backtrack where Terraform's RE2 does not: a quantified group that itself repeats can take
  // exponential time on crafted input, so such a pattern is not run
  if (/\((?:[^()\\]|\\.)*[+*}]\)\s*[+*{]/.test(p)) throw new Error('pattern with nested repetition is not evaluated');
  return new RegExp(p, f);
}

function regexResult(m: RegExpExecArray, marks: Marks): TfValue {
  if (m.groups && Object.keys(m.groups).length) {
    return obj(new Map(Object.entries(m.groups).map(([k, v]) => [k, v === undefined ? nul() : str(v)])), marks);
  }
  if (m.length > 1)
    return list(
      m.slice(1).map((g) => (g === undefined ? nul() : str(g))),
      marks,
    );
  return str(m[0], marks);
}

/** Terraform's `format` verbs: %s %d %f %g %e %t %v %q %x %o %b %%, with flags, width and precision. */
function formatString(fmt: string, args: TfValue[], marks: Marks): TfValue {
  let argi = 0;
  let out = '';
  const re = /%([-+# 0]*)(\d+|\*)?(?:\.(\d+))?(\[\d+\])?([a-zA-Z%])/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(fmt))) {
    out += fmt.slice(last, m.index);
    last = re.lastIndex;
    const [, flags = '', widthRaw, precRaw, explicit, verb] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (explicit) argi = Number(explicit.slice(1, -1)) - 1;
    const a = args[argi++];
    if (!a) return fail(`format(): not enough arguments for "${fmt}"`, marks);
    if (a.kind === 'null' && verb !== 'v') return fail('format(): null argument', marks);
    let s: string;
    const prec = precRaw === undefined ? undefined : Number(precRaw);
    switch (verb) {
      case 's': {
        const v = asString(a);
        if (v === undefined) return fail(`format(): %s needs a string, not a ${typeName(a)}`, marks);
        s = prec === undefined ? v : v.slice(0, prec);
        break;
      }
      case 'd': {
        const n = asNumber(a);
        if (n === undefined || !Number.isInteger(n)) return fail('format(): %d needs a whole number', marks);
        s = flags.includes('+') && n >= 0 ? `+${n}` : String(n);
        break;
      }
      case 'f':
      case 'e':
      case 'g': {
        const n = asNumber(a);
        if (n === undefined) return fail(`format(): %${verb} needs a number`, marks);
        s = verb === 'f' ? n.toFixed(prec ?? 6) : verb === 'e' ? n.toExponential(prec ?? 6) : String(n);
        break;
      }
      case 'x':
      case 'X':
      case 'o':
      case 'b': {
        const n = asNumber(a);
        const base = verb === 'o' ? 8 : verb === 'b' ? 2 : 16;
        if (n !== undefined && Number.isInteger(n)) s = n.toString(base);
        else {
          const v = asString(a);
          if (v === undefined) return fail(`format(): %${verb} needs a number or string`, marks);
          s = Buffer.from(v, 'utf8').toString('hex');
        }
        if (verb === 'X') s = s.toUpperCase();
        break;
      }
      case 't': {
        const b = asBool(a);
        if (b === undefined) return fail('format(): %t needs a bool', marks);
        s = String(b);
        break;
      }
      case 'q': {
        const v = asString(a);
        if (v === undefined) return fail('format(): %q needs a string', marks);
        s = JSON.stringify(v);
        break;
      }
      case 'v':
        s =
          a.kind === 'list' || a.kind === 'object'
            ? jsonEncode(toJS(a))
            : a.kind === 'null'
              ? 'null'
              : (asString(a) ?? '');
        break;
      default:
        return fail(`format(): unsupported verb %${verb}`, marks);
    }
    const width = widthRaw === undefined || widthRaw === '*' ? 0 : Number(widthRaw);
    if (s.length < width) {
      const pad = flags.includes('0') && !flags.includes('-') ? '0' : ' ';
      s = flags.includes('-') ? s.padEnd(width, ' ') : s.padStart(width, pad);
    }
    out += s;
  }
  out += fmt.slice(last);
  return str(out, marks);
}

/** Terraform's jsonencode escapes <, > and & (as Go's encoding/json does). */
export function jsonEncode(x: unknown): string {
  return JSON.stringify(x ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The list value with the container's provenance passed to an element taken out of it. */
function take(item: TfValue, from: TfValue): TfValue {
  return withMarks(item, { via: from.via, deps: from.deps, sensitive: from.sensitive });
}

function dedupeValues(items: TfValue[]): TfValue[] {
  const out: TfValue[] = [];
  for (const i of items) if (!out.some((o) => valuesEqual(o, i) === true)) out.push(i);
  return out;
}

const unknownIn = (args: TfValue[]): TfValue | undefined => args.find((a) => a.kind === 'unknown');

const FUNCTIONS: Record<string, FnDef> = {
  // ---------------------------------------------------------------- strings
  format: {
    arity: [1, Infinity],
    impl: (args, _c, marks) => {
      const f = needString(args[0] as TfValue, 'format', marks);
      return typeof f === 'string' ? formatString(f, args.slice(1), marks) : f;
    },
  },
  formatlist: {
    arity: [1, Infinity],
    impl: (args, _c, marks) => {
      const f = needString(args[0] as TfValue, 'formatlist', marks);
      if (typeof f !== 'string') return f;
      const rest = args.slice(1);
      const n = Math.max(1, ...rest.map((a) => (a.kind === 'list' ? a.items.length : 1)));
      const out: TfValue[] = [];
      for (let i = 0; i < n; i++) {
        out.push(
          formatString(
            f,
            rest.map((a) => (a.kind === 'list' ? (a.items[i] ?? nul()) : a)),
            marks,
          ),
        );
      }
      return list(out, marks);
    },
  },
  join: {
    arity: [2, Infinity],
    impl: (args, _c, marks) => {
      const sep = needString(args[0] as TfValue, 'join', marks);
      if (typeof sep !== 'string') return sep;
      const parts: string[] = [];
      for (const l of args.slice(1)) {
        if (l.kind !== 'list') return fail(`join() needs lists, not a ${typeName(l)}`, marks);
        for (const i of l.items) {
          const s = needString(i, 'join', marks);
          if (typeof s !== 'string') return s;
          parts.push(s);
        }
      }
      return str(parts.join(sep), marks);
    },
  },
  split: {
    arity: [2, 2],
    impl: (args, _c, marks) => {
      const [sep, s] = args.map((a) => asString(a));
      if (sep === undefined || s === undefined) return fail('split() needs two strings', marks);
      return list(
        (s === '' ? [''] : s.split(sep)).map((p) =>
          str(p, { deps: marks.deps, sensitive: marks.sensitive, via: marks.via }),
        ),
        marks,
      );
    },
  },
  replace: {
    arity: [3, 3],
    impl: (args, _c, marks) => {
      const [s, search, rep] = args.map((a) => asString(a));
      if (s === undefined || search === undefined || rep === undefined)
        return fail('replace() needs three strings', marks);
      if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
        try {
          const re = toJsRegex(search.slice(1, -1), 'g');
          return str(s.replace(re, rep.replace(/\$\{(\w+)\}/g, '$<$1>')), marks);
        } catch {
          return fail(`replace(): invalid regular expression ${search}`, marks);
        }
      }
      return str(s.split(search).join(rep), marks);
    },
  },
  lower: strFn('lower', (s) => s.toLowerCase()),
  upper: strFn('upper', (s) => s.toUpperCase()),
  title: strFn('title', (s) => s.replace(/\b\w/g, (c) => c.toUpperCase())),
  chomp: strFn('chomp', (s) => s.replace(/(\r?\n)+$/, '')),
  trimspace: strFn('trimspace', (s) => s.trim()),
  trim: strFn(
    'trim',
    (s, chars = '') => {
      let a = 0;
      let b = s.length;
      while (a < b && chars.includes(s[a] as string)) a++;
      while (b > a && chars.includes(s[b - 1] as string)) b--;
      return s.slice(a, b);
    },
    [2, 2],
  ),
  trimprefix: strFn('trimprefix', (s, p = '') => (s.startsWith(p) ? s.slice(p.length) : s), [2, 2]),
  trimsuffix: strFn('trimsuffix', (s, p = '') => (p && s.endsWith(p) ? s.slice(0, -p.length) : s), [2, 2]),
  indent: {
    arity: [2, 2],
    impl: (args, _c, marks) => {
      const n = asNumber(args[0] as TfValue);
      const s = asString(args[1] as TfValue);
      if (n === undefined || s === undefined) return fail('indent() needs a number and a string', marks);
      return str(s.replace(/\n/g, '\n' + ' '.repeat(n)), marks);
    },
  },
  substr: {
    arity: [3, 3],
    impl: (args, _c, marks) => {
      const s = asString(args[0] as TfValue);
      const off = asNumber(args[1] as TfValue);
      const len = asNumber(args[2] as TfValue);
      if (s === undefined || off === undefined || len === undefined)
        return fail('substr() needs a string and two numbers', marks);
      const chars = [...s];
      const start = off < 0 ? Math.max(0, chars.length + off) : off;
      if (start > chars.length) return fail('substr(): offset out of range', marks);
      return str(chars.slice(start, len < 0 ? undefined : start + len).join(''), marks);
    },
  },
  regex: {
    arity: [2, 2],
    impl: (args, _c, marks) => {
      const [p, s] = args.map((a) => asString(a));
      if (p === undefined || s === undefined) return fail('regex() needs two strings', marks);
      let m: RegExpExecArray | null;
      try {
        m = toJsRegex(p).exec(s);
      } catch {
        return fail(`regex(): invalid pattern ${JSON.stringify(p)}`, marks);
      }
      return m ? regexResult(m, marks) : fail('regex(): the pattern did not match', marks);
    },
  },
  regexall: {
    arity: [2, 2],
    impl: (args, _c, marks) => {
      const [p, s] = args.map((a) => asString(a));
      if (p === undefined || s === undefined) return fail('regexall() needs two strings', marks);
      try {
        const re = toJsRegex(p, 'g');
        return list(
          [...s.matchAll(re)].map((m) => regexResult(m as RegExpExecArray, {})),
          marks,
        );
      } catch {
        return fail(`regexall(): invalid pattern ${JSON.stringify(p)}`, marks);
      }
    },
  },
  startswith: {
    arity: [2, 2],
    impl: (args, _c, marks) => {
      const [s, p] = args.map((a) => asString(a));
      return s === undefined || p === undefined
        ? fail('startswith() needs two strings', marks)
        : bool(s.startsWith(p), marks);
    },
  },
  endswith: {
    arity: [2, 2],
    impl: (args, _c, marks) => {
      const [s, p] = args.map((a) => asString(a));
      return s === undefined || p === undefined
        ? fail('endswith() needs two strings', marks)
        : bool(s.endsWith(p), marks);
    },
  },
  strcontains: {
    arity: [2, 2],
    impl: (args, _c, marks) => {
      const [s, p] = args.map((a) => asString(a));
      return s === undefined || p === undefined
        ? fail('strcontains() needs two strings', marks)
        : bool(s.includes(p), marks);
    },
  },
  strrev: strFn('strrev', (s) => [...s].reverse().join('')),
  base64encode: strFn('base64encode', (s) => Buffer.from(s, 'utf8').toString('base64')),
  base64decode: strFn('base64decode', (s) => Buffer.from(s, 'base64').toString('utf8')),
  md5: strFn('md5', (s) => createHash('md5').update(s).digest('hex')),
  sha1: strFn('sha1', (s) => createHash('sha1').update(s).digest('hex')),
  sha256: strFn('sha256', (s) => createHash('sha256').update(s).digest('hex')),
  sha512: strFn('sha512', (s) => createHash('sha512').update(s).digest('hex')),
  urlencode: strFn('urlencode', (s) => encodeURIComponent(s)),
  // ---------------------------------------------------------------- collections
  concat: {
    arity: [0, Infinity],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const u = unknownIn(args);
      if (u?.kind === 'unknown') return unknownValue(u.reason, marks);
      const items: TfValue[] = [];
      for (const l of args) {
        if (l.kind !== 'list') return fail(`concat() needs lists, not a ${typeName(l)}`, marks);
        items.push(...l.items.map((i) => take(i, l)));
      }
      return list(items, marks);
    },
  },
  merge: {
    arity: [0, Infinity],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const u = unknownIn(args);
      if (u?.kind === 'unknown') return unknownValue(u.reason, marks);
      const attrs = new Map<string, TfValue>();
      for (const m of args) {
        if (m.kind === 'null') continue;
        if (m.kind !== 'object') return fail(`merge() needs maps or objects, not a ${typeName(m)}`, marks);
        for (const [k, v] of m.attrs) attrs.set(k, take(v, m));
      }
      return obj(attrs, marks);
    },
  },
  lookup: {
    arity: [2, 3],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const [m, k, d] = args as [TfValue, TfValue, TfValue | undefined];
      if (m.kind === 'unknown' || k.kind === 'unknown')
        return unknownValue(firstUnknown(m)?.reason ?? firstUnknown(k)?.reason ?? '', marks);
      const key = asString(k);
      if (m.kind !== 'object' || key === undefined) return fail('lookup() needs a map and a string key', marks);
      const v = m.attrs.get(key);
      if (v) return withMarks(take(v, m), { deps: k.deps });
      if (d) return d;
      return fail(`lookup(): the map has no key "${key}" and no default was given`, marks);
    },
  },
  element: {
    arity: [2, 2],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const [l, i] = args as [TfValue, TfValue];
      if (l.kind === 'unknown' || i.kind === 'unknown')
        return unknownValue(l.kind === 'unknown' ? l.reason : (i as { reason: string }).reason, marks);
      const n = asNumber(i);
      if (l.kind !== 'list' || n === undefined) return fail('element() needs a list and a number', marks);
      if (!l.items.length) return fail('element(): the list is empty', marks);
      const len = l.items.length;
      return withMarks(take(l.items[((Math.floor(n) % len) + len) % len] as TfValue, l), { deps: i.deps });
    },
  },
  index: {
    arity: [2, 2],
    impl: (args, _c, marks) => {
      const [l, v] = args as [TfValue, TfValue];
      if (l.kind !== 'list') return fail('index() needs a list', marks);
      const at = l.items.findIndex((x) => valuesEqual(x, v) === true);
      return at < 0 ? fail('index(): the value is not in the list', marks) : num(at, marks);
    },
  },
  slice: {
    arity: [3, 3],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const [l, a, b] = args as [TfValue, TfValue, TfValue];
      if (l.kind === 'unknown') return unknownValue(l.reason, marks);
      const x = asNumber(a);
      const y = asNumber(b);
      if (l.kind !== 'list' || x === undefined || y === undefined)
        return fail('slice() needs a list and two numbers', marks);
      if (x < 0 || y > l.items.length || x > y) return fail('slice(): index out of range', marks);
      return list(
        l.items.slice(x, y).map((i) => take(i, l)),
        marks,
      );
    },
  },
  reverse: {
    arity: [1, 1],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const l = args[0] as TfValue;
      if (l.kind === 'unknown') return unknownValue(l.reason, marks);
      return l.kind === 'list'
        ? list(
            [...l.items].reverse().map((i) => take(i, l)),
            marks,
          )
        : fail('reverse() needs a list', marks);
    },
  },
  sort: {
    arity: [1, 1],
    impl: (args, _c, marks) => {
      const l = args[0] as TfValue;
      if (l.kind !== 'list') return fail('sort() needs a list', marks);
      const ss = l.items.map((i) => asString(i));
      if (ss.some((s) => s === undefined)) return fail('sort() needs a list of strings', marks);
      return list(
        (ss as string[]).sort().map((s) => str(s)),
        marks,
      );
    },
  },
  flatten: {
    arity: [1, 1],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const l = args[0] as TfValue;
      if (l.kind === 'unknown') return unknownValue(l.reason, marks);
      if (l.kind !== 'list') return fail('flatten() needs a list', marks);
      const out: TfValue[] = [];
      const walk = (v: TfValue, parent: TfValue) => {
        if (v.kind === 'list') for (const i of v.items) walk(i, v);
        else out.push(take(v, parent));
      };
      walk(l, l);
      return list(out, marks);
    },
  },
  keys: {
    arity: [1, 1],
    impl: (args, _c, marks) => {
      const m = args[0] as TfValue;
      return m.kind === 'object'
        ? list(
            [...m.attrs.keys()].sort().map((k) => str(k)),
            marks,
          )
        : fail('keys() needs a map', marks);
    },
  },
  values: {
    arity: [1, 1],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const m = args[0] as TfValue;
      if (m.kind === 'unknown') return unknownValue(m.reason, marks);
      return m.kind === 'object'
        ? list(
            [...m.attrs.keys()].sort().map((k) => take(m.attrs.get(k) as TfValue, m)),
            marks,
          )
        : fail('values() needs a map', marks);
    },
  },
  zipmap: {
    arity: [2, 2],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const [k, v] = args as [TfValue, TfValue];
      if (k.kind === 'unknown' || hasUnknown(k)) return unknownValue(firstUnknown(k)?.reason ?? '', marks);
      if (v.kind === 'unknown') return unknownValue(v.reason, marks);
      if (k.kind !== 'list' || v.kind !== 'list' || k.items.length !== v.items.length) {
        return fail('zipmap() needs two lists of the same length', marks);
      }
      const attrs = new Map<string, TfValue>();
      k.items.forEach((key, i) => attrs.set(asString(key) ?? '', take(v.items[i] as TfValue, v)));
      return obj(attrs, marks);
    },
  },
  coalesce: {
    arity: [1, Infinity],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      for (const a of args) {
        if (a.kind === 'unknown') return unknownValue(a.reason, combineMarks([marks, a]));
        if (a.kind === 'null' || (a.kind === 'string' && a.value === '')) continue;
        return withMarks(a, { deps: marks.deps, via: marks.via });
      }
      return fail('coalesce(): no non-null, non-empty argument', marks);
    },
  },
  coalescelist: {
    arity: [1, Infinity],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      for (const a of args) {
        if (a.kind === 'unknown') return unknownValue(a.reason, marks);
        if (a.kind === 'list' && a.items.length) return a;
      }
      return fail('coalescelist(): every list is empty', marks);
    },
  },
  compact: {
    arity: [1, 1],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const l = args[0] as TfValue;
      if (l.kind === 'unknown') return unknownValue(l.reason, marks);
      if (l.kind !== 'list') return fail('compact() needs a list', marks);
      const u = l.items.find((i) => i.kind === 'unknown');
      if (u?.kind === 'unknown') return unknownValue(u.reason, combineMarks([marks, u]));
      return list(
        l.items.filter((i) => i.kind !== 'null' && !(i.kind === 'string' && i.value === '')).map((i) => take(i, l)),
        marks,
      );
    },
  },
  distinct: {
    arity: [1, 1],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const l = args[0] as TfValue;
      if (l.kind === 'unknown') return unknownValue(l.reason, marks);
      if (l.kind !== 'list') return fail('distinct() needs a list', marks);
      return list(
        dedupeValues(l.items).map((i) => take(i, l)),
        marks,
      );
    },
  },
  contains: {
    arity: [2, 2],
    impl: (args, _c, marks) => {
      const [l, v] = args as [TfValue, TfValue];
      if (l.kind !== 'list') return fail('contains() needs a list', marks);
      return bool(
        l.items.some((i) => valuesEqual(i, v) === true),
        marks,
      );
    },
  },
  length: {
    arity: [1, 1],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const v = args[0] as TfValue;
      if (v.kind === 'unknown') return unknownValue(v.reason, marks);
      if (v.kind === 'list') return num(v.items.length, marks);
      if (v.kind === 'object') return num(v.attrs.size, marks);
      if (v.kind === 'string') return num([...v.value].length, marks);
      return fail(`length() of a ${typeName(v)}`, marks);
    },
  },
  one: {
    arity: [1, 1],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const l = args[0] as TfValue;
      if (l.kind === 'unknown') return unknownValue(l.reason, marks);
      if (l.kind !== 'list' || l.items.length > 1) return fail('one() needs a list of at most one element', marks);
      return l.items[0] ? take(l.items[0], l) : nul(marks);
    },
  },
  range: {
    arity: [1, 3],
    impl: (args, _c, marks) => {
      const ns = args.map((a) => asNumber(a));
      if (ns.some((n) => n === undefined)) return fail('range() needs numbers', marks);
      const [a, b, step] =
        ns.length === 1 ? [0, ns[0] as number, 1] : [ns[0] as number, ns[1] as number, (ns[2] ?? 1) as number];
      if (step === 0) return fail('range(): step cannot be zero', marks);
      const out: TfValue[] = [];
      for (let x = a; step > 0 ? x < b : x > b; x += step) {
        out.push(num(x));
        if (out.length > 1024) return fail('range(): more than 1024 elements', marks);
      }
      return list(out, marks);
    },
  },
  tolist: {
    arity: [1, 1],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const l = args[0] as TfValue;
      if (l.kind === 'unknown') return unknownValue(l.reason, marks);
      return l.kind === 'list'
        ? list(
            l.items.map((i) => take(i, l)),
            marks,
          )
        : fail(`tolist() of a ${typeName(l)}`, marks);
    },
  },
  toset: {
    arity: [1, 1],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const l = args[0] as TfValue;
      if (l.kind === 'unknown') return unknownValue(l.reason, marks);
      if (l.kind !== 'list') return fail(`toset() of a ${typeName(l)}`, marks);
      const items = dedupeValues(l.items).map((i) => take(i, l));
      // a set of strings iterates in lexical order
      if (items.every((i) => i.kind === 'string')) {
        items.sort((a, b) => {
          const x = asString(a) ?? '';
          const y = asString(b) ?? '';
          return x < y ? -1 : x > y ? 1 : 0;
        });
      }
      return list(items, marks, true);
    },
  },
  tomap: {
    arity: [1, 1],
    mode: 'shallow',
    impl: (args, _c, marks) => {
      const m = args[0] as TfValue;
      if (m.kind === 'unknown') return unknownValue(m.reason, marks);
      return m.kind === 'object'
        ? obj(new Map([...m.attrs].map(([k, v]) => [k, take(v, m)])), marks)
        : fail(`tomap() of a ${typeName(m)}`, marks);
    },
  },
  tostring: {
    arity: [1, 1],
    impl: (args, _c, marks) => {
      const v = args[0] as TfValue;
      if (v.kind === 'null') return nul(marks);
      const s = asString(v);
      return s === undefined ? fail(`tostring() of a ${typeName(v)}`, marks) : str(s, marks);
    },
  },
  tonumber: {
    arity: [1, 1],
    impl: (args, _c, marks) => {
      const v = args[0] as TfValue;
      if (v.kind === 'null') return nul(marks);
      const n = asNumber(v);
      return n === undefined
        ? fail(`tonumber(): ${v.kind === 'string' ? JSON.stringify(v.value) : typeName(v)} is not a number`, marks)
        : num(n, marks);
    },
  },
  tobool: {
    arity: [1, 1],
    impl: (args, _c, marks) => {
      const v = args[0] as TfValue;
      if (v.kind === 'null') return nul(marks);
      const b = asBool(v);
      return b === undefined ? fail(`tobool() of a ${typeName(v)}`, marks) : bool(b, marks);
    },
  },
  // ---------------------------------------------------------------- numbers
  max: numFn('max', (ns) => Math.max(...ns)),
  min: numFn('min', (ns) => Math.min(...ns)),
  abs: numFn('abs', (ns) => Math.abs(ns[0] ?? 0)),
  ceil: numFn('ceil', (ns) => Math.ceil(ns[0] ?? 0)),
  floor: numFn('floor', (ns) => Math.floor(ns[0] ?? 0)),
  parseint: {
    arity: [2, 2],
    impl: (args, _c, marks) => {
      const s = asString(args[0] as TfValue);
      const b = asNumber(args[1] as TfValue);
      const n = s === undefined || b === undefined ? NaN : parseInt(s, b);
      return Number.isNaN(n) ? fail('parseint(): not a number in that base', marks) : num(n, marks);
    },
  },
  // ---------------------------------------------------------------- encoding
  jsonencode: {
    arity: [1, 1],
    impl: (args, _c, marks) => str(jsonEncode(toJS(args[0] as TfValue)), marks),
  },
  jsondecode: {
    arity: [1, 1],
    impl: (args, _c, marks) => {
      const s = needString(args[0] as TfValue, 'jsondecode', marks);
      if (typeof s !== 'string') return s;
      try {
        return withMarks(
          fromJS(JSON.parse(s), { deps: marks.deps, sensitive: marks.sensitive, via: marks.via }),
          marks,
        );
      } catch {
        return fail('jsondecode(): the string is not valid JSON', marks);
      }
    },
  },
  yamlencode: {
    arity: [1, 1],
    impl: (args, _c, marks) => str(stringifyYaml(toJS(args[0] as TfValue)), marks),
  },
  yamldecode: {
    arity: [1, 1],
    impl: (args, _c, marks) => {
      const s = needString(args[0] as TfValue, 'yamldecode', marks);
      if (typeof s !== 'string') return s;
      try {
        return withMarks(
          fromJS(parseYaml(s) as unknown, { deps: marks.deps, sensitive: marks.sensitive, via: marks.via }),
          marks,
        );
      } catch {
        return fail('yamldecode(): the string is not valid YAML', marks);
      }
    },
  },
  // ---------------------------------------------------------------- files (scanned tree only)
  file: {
    arity: [1, 1],
    impl: (args, call, marks) => {
      const p = needString(args[0] as TfValue, 'file', marks);
      if (typeof p !== 'string') return p;
      const r = call.host.readFile(p);
      if ('reason' in r) return unknownValue(r.reason, marks);
      return str(r.file.text, {
        ...marks,
        via: [...(marks.via ?? []), { loc: wholeFile(r.file), message: `file("${p}")` }],
      });
    },
  },
  fileexists: {
    arity: [1, 1],
    impl: (args, call, marks) => {
      const p = needString(args[0] as TfValue, 'fileexists', marks);
      if (typeof p !== 'string') return p;
      const r = call.host.fileExists(p);
      return r === undefined
        ? unknownValue(`fileexists("${p}"): the file is outside the scanned inputs`, marks)
        : bool(r, marks);
    },
  },
  templatefile: {
    arity: [2, 2],
    impl: (args, call, marks) => {
      const p = needString(args[0] as TfValue, 'templatefile', marks);
      if (typeof p !== 'string') return p;
      const vars = args[1] as TfValue;
      if (vars.kind !== 'object') return fail('templatefile() needs a map of variables', marks);
      const r = call.host.readFile(p);
      if ('reason' in r) return unknownValue(r.reason, marks);
      const out = call.renderTemplate(r.file.text, r.file, vars.attrs);
      return withMarks(out, {
        ...marks,
        via: [...(marks.via ?? []), { loc: wholeFile(r.file), message: `templatefile("${p}")` }],
      });
    },
  },
  abspath: strFn('abspath', (s) => s),
  dirname: strFn('dirname', (s) => (s.includes('/') ? s.slice(0, s.lastIndexOf('/')) || '/' : '.')),
  basename: strFn('basename', (s) => s.split('/').pop() ?? s),
  pathexpand: strFn('pathexpand', (s) => s),
  // ---------------------------------------------------------------- sensitivity
  sensitive: {
    arity: [1, 1],
    mode: 'raw',
    impl: (args, call) => deepWithMarks(args[0] as TfValue, { sensitive: true, loc: call.loc }),
  },
  nonsensitive: {
    arity: [1, 1],
    mode: 'raw',
    impl: (args) => deepUnmark(args[0] as TfValue),
  },
  issensitive: {
    arity: [1, 1],
    mode: 'raw',
    impl: (args, call) =>
      bool(!!deepMarks(args[0] as TfValue).sensitive, { loc: call.loc, deps: deepMarks(args[0] as TfValue).deps }),
  },
  ephemeralasnull: {
    arity: [1, 1],
    mode: 'raw',
    impl: (args) => args[0] as TfValue,
  },
  type: {
    arity: [1, 1],
    impl: (args, _c, marks) => str(typeName(args[0] as TfValue), marks),
  },
};

function numFn(fn: string, f: (ns: number[]) => number): FnDef {
  return {
    arity: [1, Infinity],
    impl: (args, _c, marks) => {
      const ns: number[] = [];
      for (const a of args) {
        const n = needNumber(a, fn, marks);
        if (typeof n !== 'number') return n;
        ns.push(n);
      }
      return num(f(ns), marks);
    },
  };
}

function wholeFile(file: SourceFile): Loc {
  const origin = { offset: 0, line: 1, column: 1 };
  return { file: file.rel, start: origin, end: origin };
}

/** Functions that read the clock or generate values: their results are known only at apply time. */
const APPLY_TIME = new Set([
  'timestamp',
  'uuid',
  'uuidv5',
  'bcrypt',
  'plantimestamp',
  'rsadecrypt',
  'filebase64sha256',
  'filesha256',
  'filemd5',
  'filebase64',
]);

/** Names of the functions this evaluator implements (for docs and tests). */
export const SUPPORTED_FUNCTIONS: readonly string[] = [...Object.keys(FUNCTIONS), 'try', 'can'].sort();

/** Calls a Terraform function. Unknown functions and unknown inputs give unknown values with a reason. */
export function callFunction(name: string, args: TfValue[], call: CallInfo): TfValue {
  const result = callUnbounded(name, args, call);
  if (sizeOf(result) > MAX_VALUE_SIZE) {
    return errorValue(`${name}() produced a value larger than the scan evaluates`, { loc: call.loc });
  }
  return result;
}

/** Values past this size (list elements or string characters) are not built: a doubling `concat` ends here. */
const MAX_VALUE_SIZE = 1_000_000;
function sizeOf(v: TfValue): number {
  if (v.kind === 'list') return v.items.length;
  if (v.kind === 'string') return v.value.length;
  return 0;
}

function callUnbounded(name: string, args: TfValue[], call: CallInfo): TfValue {
  const def = FUNCTIONS[name];
  const deep = combineMarks(args.map(deepMarks), call.loc);
  if (!def) {
    const why = APPLY_TIME.has(name)
      ? `${name}() is known only at apply time`
      : `function ${name}() is not evaluated by the scan`;
    return unknownValue(why, deep);
  }
  const [min, max] = def.arity;
  if (args.length < min || args.length > max) {
    return errorValue(
      `${name}() takes ${min === max ? min : `${min} to ${max === Infinity ? 'any number of' : max}`} arguments, ${args.length} given`,
      deep,
    );
  }
  const mode = def.mode ?? 'deep';
  if (mode === 'raw') return def.impl(args, call, deep);
  if (mode === 'deep') {
    const u = args.map(firstUnknown).find((x) => x);
    if (u) return u.error ? errorValue(u.reason, deep) : unknownValue(u.reason, deep);
    return def.impl(args, call, deep);
  }
  return def.impl(args, call, combineMarks(args.map(marksOf), call.loc));
}

export { formatNumber };
