import type { Loc } from '../../core/location.js';

/** One step of a value's provenance: a variable default, a tfvars line, `TF_VAR_x`, a module call, a local. */
export interface Via {
  loc: Loc;
  message: string;
}

/**
 * What travels with every evaluated value: where it is written, the chain it came through, whether it is
 * sensitive, and which sources (variables, resources, data sources) it is derived from.
 */
export interface Marks {
  /** The expression that produced this value (for a literal: where the literal is written). */
  loc?: Loc;
  /** True when the value is exactly a literal written at `loc` (no reference, no function, no interpolation). */
  literal?: boolean;
  via?: Via[];
  /** Marked sensitive: a sensitive variable, `sensitive()`, a provider-sensitive attribute. */
  sensitive?: boolean;
  /** Set by `nonsensitive()`: a sensitive value was deliberately unwrapped. */
  unwrapped?: boolean;
  /**
   * For a string built by a template (`"KEY=${var.x}"`): its literal text and interpolated values in order, so
   * an adapter can follow the part after `KEY=` to its own origin wherever the template is written.
   */
  pieces?: Array<string | TfValue>;
  /**
   * Qualified addresses of the sources this value is derived from: `var.x` / `module.db.var.x`,
   * `local.x`, `docker_image.db`, `data.vault_kv_secret_v2.pg`, `ephemeral.random_password.pg`, `count.index`.
   */
  deps?: string[];
}

export type TfValue = Marks &
  (
    | { kind: 'string'; value: string }
    | { kind: 'number'; value: number }
    | { kind: 'bool'; value: boolean }
    | { kind: 'null' }
    /** list, set and tuple; `set` keeps the set semantics for `toset` and docs. */
    | { kind: 'list'; items: TfValue[]; set?: boolean }
    /** map and object. */
    | { kind: 'object'; attrs: Map<string, TfValue> }
    /**
     * A value the scan cannot know: an unset variable, a computed attribute, an unknown function. `error` marks
     * evaluation errors (a missing attribute, a type mismatch), which `try()` and `can()` see as failures.
     */
    | { kind: 'unknown'; reason: string; error?: boolean }
  );

export type KnownKind = Exclude<TfValue['kind'], 'unknown'>;

export function str(value: string, marks: Marks = {}): TfValue {
  return { kind: 'string', value, ...marks };
}
export function num(value: number, marks: Marks = {}): TfValue {
  return { kind: 'number', value, ...marks };
}
export function bool(value: boolean, marks: Marks = {}): TfValue {
  return { kind: 'bool', value, ...marks };
}
export function nul(marks: Marks = {}): TfValue {
  return { kind: 'null', ...marks };
}
export function list(items: TfValue[], marks: Marks = {}, set = false): TfValue {
  return set ? { kind: 'list', items, set: true, ...marks } : { kind: 'list', items, ...marks };
}
export function obj(attrs: Map<string, TfValue> | Record<string, TfValue>, marks: Marks = {}): TfValue {
  return { kind: 'object', attrs: attrs instanceof Map ? attrs : new Map(Object.entries(attrs)), ...marks };
}
export function unknownValue(reason: string, marks: Marks = {}): TfValue {
  return { kind: 'unknown', reason, ...marks };
}
export function errorValue(reason: string, marks: Marks = {}): TfValue {
  return { kind: 'unknown', reason, error: true, ...marks };
}

/** Only the marks of a value (to build a new value of another kind with the same provenance). */
export function marksOf(v: Marks): Marks {
  const m: Marks = {};
  if (v.loc !== undefined) m.loc = v.loc;
  if (v.literal !== undefined) m.literal = v.literal;
  if (v.via !== undefined) m.via = v.via;
  if (v.sensitive) m.sensitive = true;
  if (v.unwrapped) m.unwrapped = true;
  if (v.deps !== undefined) m.deps = v.deps;
  return m;
}

export function isUnknown(v: TfValue): v is Extract<TfValue, { kind: 'unknown' }> {
  return v.kind === 'unknown';
}

/** Whether the value or anything inside it is unknown. */
export function hasUnknown(v: TfValue): boolean {
  if (v.kind === 'unknown') return true;
  if (v.kind === 'list') return v.items.some(hasUnknown);
  if (v.kind === 'object') return [...v.attrs.values()].some(hasUnknown);
  return false;
}

/** The first unknown inside a value (for its reason). */
export function firstUnknown(v: TfValue): Extract<TfValue, { kind: 'unknown' }> | undefined {
  if (v.kind === 'unknown') return v;
  if (v.kind === 'list')
    for (const i of v.items) {
      const u = firstUnknown(i);
      if (u) return u;
    }
  if (v.kind === 'object')
    for (const i of v.attrs.values()) {
      const u = firstUnknown(i);
      if (u) return u;
    }
  return undefined;
}

function mergeDeps(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a?.length) return b?.length ? b : undefined;
  if (!b?.length) return a;
  const out = [...a];
  for (const d of b) if (!out.includes(d)) out.push(d);
  return out;
}

function mergeVia(a: Via[] | undefined, b: Via[] | undefined): Via[] | undefined {
  if (!a?.length) return b?.length ? b : undefined;
  if (!b?.length) return a;
  const out = [...a];
  for (const v of b) {
    if (
      !out.some(
        (o) => o.message === v.message && o.loc.file === v.loc.file && o.loc.start.offset === v.loc.start.offset,
      )
    ) {
      out.push(v);
    }
  }
  return out;
}

/** The marks of several inputs combined for a value computed from them (never literal). */
export function combineMarks(inputs: Array<Marks | undefined>, loc?: Loc): Marks {
  const m: Marks = {};
  if (loc) m.loc = loc;
  for (const i of inputs) {
    if (!i) continue;
    if (i.sensitive) m.sensitive = true;
    if (i.unwrapped) m.unwrapped = true;
    const deps = mergeDeps(m.deps, i.deps);
    if (deps) m.deps = deps;
    const via = mergeVia(m.via, i.via);
    if (via) m.via = via;
  }
  return m;
}

/** Marks of a whole value tree (for a collection used as a scalar, e.g. in a template). */
export function deepMarks(v: TfValue): Marks {
  const parts: Marks[] = [v];
  if (v.kind === 'list') for (const i of v.items) parts.push(deepMarks(i));
  if (v.kind === 'object') for (const i of v.attrs.values()) parts.push(deepMarks(i));
  return combineMarks(parts);
}

/** A copy of the value with marks added (via appended at the front, deps merged, sensitive or-ed). */
export function withMarks(v: TfValue, extra: Marks): TfValue {
  const out: TfValue = { ...v };
  if (extra.loc !== undefined) out.loc = extra.loc;
  if (extra.literal !== undefined) out.literal = extra.literal;
  if (extra.sensitive) out.sensitive = true;
  if (extra.unwrapped) out.unwrapped = true;
  const deps = mergeDeps(extra.deps, v.deps);
  if (deps) out.deps = deps;
  const via = mergeVia(extra.via, v.via);
  if (via) out.via = via;
  return out;
}

/** Applies marks to a value and every value inside it (a sensitive variable marks all of its elements). */
export function deepWithMarks(v: TfValue, extra: Marks): TfValue {
  const top = withMarks(v, extra);
  const inner: Marks = { ...extra, loc: undefined, literal: undefined };
  delete inner.loc;
  delete inner.literal;
  if (top.kind === 'list') return { ...top, items: top.items.map((i) => deepWithMarks(i, inner)) };
  if (top.kind === 'object') {
    return { ...top, attrs: new Map([...top.attrs].map(([k, i]) => [k, deepWithMarks(i, inner)])) };
  }
  return top;
}

/** Gives a value and everything inside it one location (values read from the environment or the command line). */
export function deepSetLoc(v: TfValue, loc: Loc, literal: boolean): TfValue {
  const top: TfValue = { ...v, loc, literal };
  if (top.kind === 'list') return { ...top, items: top.items.map((i) => deepSetLoc(i, loc, literal)) };
  if (top.kind === 'object')
    return { ...top, attrs: new Map([...top.attrs].map(([k, i]) => [k, deepSetLoc(i, loc, literal)])) };
  return top;
}

/** Removes the `sensitive` mark everywhere (nonsensitive()). */
export function deepUnmark(v: TfValue): TfValue {
  const wasSensitive = !!deepMarks(v).sensitive;
  const top: TfValue = { ...v, sensitive: false, unwrapped: v.unwrapped || wasSensitive };
  if (top.kind === 'list') return { ...top, items: top.items.map(deepUnmark) };
  if (top.kind === 'object') return { ...top, attrs: new Map([...top.attrs].map(([k, i]) => [k, deepUnmark(i)])) };
  return top;
}

export function typeName(v: TfValue): string {
  switch (v.kind) {
    case 'list':
      return v.set ? 'set' : 'tuple';
    case 'object':
      return 'object';
    default:
      return v.kind;
  }
}

/** Terraform's number formatting: integers without a decimal point, otherwise the shortest exact form. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
  return String(n);
}

/** Converts a primitive to a string as Terraform does; undefined when it cannot (collections, null). */
export function asString(v: TfValue): string | undefined {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'number':
      return formatNumber(v.value);
    case 'bool':
      return v.value ? 'true' : 'false';
    default:
      return undefined;
  }
}

export function asNumber(v: TfValue): number | undefined {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v.value)) return Number(v.value);
  return undefined;
}

export function asBool(v: TfValue): boolean | undefined {
  if (v.kind === 'bool') return v.value;
  if (v.kind === 'string' && (v.value === 'true' || v.value === 'false')) return v.value === 'true';
  return undefined;
}

/** Plain JavaScript value (unknowns become undefined), for jsonencode and the model. */
export function toJS(v: TfValue): unknown {
  switch (v.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return v.value;
    case 'null':
      return null;
    case 'list':
      return v.items.map(toJS);
    case 'object':
      return Object.fromEntries([...v.attrs].map(([k, i]) => [k, toJS(i)]));
    case 'unknown':
      return undefined;
  }
}

/** A JavaScript value (from JSON, YAML) as a Terraform value, all with the same marks. */
export function fromJS(x: unknown, marks: Marks = {}): TfValue {
  if (x === null || x === undefined) return nul(marks);
  if (typeof x === 'string') return str(x, marks);
  if (typeof x === 'number') return num(x, marks);
  if (typeof x === 'boolean') return bool(x, marks);
  if (Array.isArray(x))
    return list(
      x.map((i) => fromJS(i, stripLoc(marks))),
      marks,
    );
  if (typeof x === 'object') {
    return obj(
      new Map(Object.entries(x as Record<string, unknown>).map(([k, i]) => [k, fromJS(i, stripLoc(marks))])),
      marks,
    );
  }
  return unknownValue(`unsupported value of type ${typeof x}`, marks);
}

function stripLoc(m: Marks): Marks {
  const { loc: _loc, literal: _literal, ...rest } = m;
  return rest;
}

/** Structural equality of known values (marks ignored); undefined when either side has unknowns. */
export function valuesEqual(a: TfValue, b: TfValue): boolean | undefined {
  if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
  if (a.kind !== b.kind) {
    return false;
  }
  switch (a.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return a.value === (b as typeof a).value;
    case 'null':
      return true;
    case 'list': {
      const bi = (b as typeof a).items;
      if (a.items.length !== bi.length) return false;
      let result: boolean | undefined = true;
      a.items.forEach((x, i) => {
        const eq = valuesEqual(x, bi[i] as TfValue);
        if (eq === false) result = false;
        else if (eq === undefined && result) result = undefined;
      });
      return result;
    }
    case 'object': {
      const ba = (b as typeof a).attrs;
      if (a.attrs.size !== ba.size) return false;
      let result: boolean | undefined = true;
      for (const [k, x] of a.attrs) {
        const y = ba.get(k);
        if (!y) return false;
        const eq = valuesEqual(x, y);
        if (eq === false) return false;
        if (eq === undefined) result = undefined;
      }
      return result;
    }
  }
}

/** A short, secret-safe description of a value for messages (strings are quoted; sensitive values hidden). */
export function describe(v: TfValue): string {
  if (v.sensitive) return '(sensitive value)';
  switch (v.kind) {
    case 'string':
      return JSON.stringify(v.value.length > 60 ? v.value.slice(0, 57) + '…' : v.value);
    case 'number':
      return formatNumber(v.value);
    case 'bool':
      return String(v.value);
    case 'null':
      return 'null';
    case 'list':
      return `[${v.items.length} items]`;
    case 'object':
      return `{${[...v.attrs.keys()].slice(0, 5).join(', ')}}`;
    case 'unknown':
      return '(unknown)';
  }
}
