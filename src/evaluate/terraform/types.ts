import type { Expression } from '../../parsers/hcl/index.js';
import {
  asBool,
  asNumber,
  asString,
  errorValue,
  list,
  nul,
  num,
  obj,
  str,
  bool,
  type TfValue,
  typeName,
  marksOf,
} from './values.js';

/** A Terraform type constraint: `string`, `list(number)`, `object({ a = optional(string, "x") })`, … */
export type TypeSpec =
  | { t: 'string' | 'number' | 'bool' | 'any' }
  | { t: 'list' | 'set' | 'map'; elem: TypeSpec }
  | { t: 'tuple'; elems: TypeSpec[] }
  | { t: 'object'; attrs: Map<string, { type: TypeSpec; optional: boolean; defaultExpr?: Expression }> };

const ANY: TypeSpec = { t: 'any' };

/** Reads a type constraint expression; anything it does not understand is `any`. */
export function parseTypeExpr(e: Expression | undefined): TypeSpec {
  if (!e) return ANY;
  if (e.kind === 'ScopeTraversal' && e.steps.length === 0) {
    if (e.root === 'string' || e.root === 'number' || e.root === 'bool' || e.root === 'any') return { t: e.root };
    // legacy `list`/`map` without element type
    if (e.root === 'list' || e.root === 'map' || e.root === 'set') return { t: e.root, elem: ANY };
    return ANY;
  }
  if (e.kind === 'Template' && e.literalValue !== undefined) {
    // legacy quoted types: type = "string"
    const v = e.literalValue;
    if (v === 'string') return { t: 'string' };
    if (v === 'list' || v === 'map') return { t: v, elem: ANY };
    return ANY;
  }
  if (e.kind === 'FunctionCall') {
    const arg = e.args[0];
    switch (e.name) {
      case 'list':
      case 'set':
      case 'map':
        return { t: e.name, elem: parseTypeExpr(arg) };
      case 'tuple':
        return { t: 'tuple', elems: arg?.kind === 'Tuple' ? arg.items.map(parseTypeExpr) : [] };
      case 'object': {
        const attrs = new Map<string, { type: TypeSpec; optional: boolean; defaultExpr?: Expression }>();
        if (arg?.kind === 'Object') {
          for (const item of arg.items) {
            const key = item.keyIdentifier ?? (item.key.kind === 'Template' ? item.key.literalValue : undefined);
            if (key === undefined) continue;
            const v = item.value;
            if (v.kind === 'FunctionCall' && v.name === 'optional') {
              attrs.set(key, { type: parseTypeExpr(v.args[0]), optional: true, defaultExpr: v.args[1] });
            } else attrs.set(key, { type: parseTypeExpr(v), optional: false });
          }
        }
        return { t: 'object', attrs };
      }
      default:
        return ANY;
    }
  }
  return ANY;
}

export function typeToString(t: TypeSpec): string {
  switch (t.t) {
    case 'list':
    case 'set':
    case 'map':
      return `${t.t}(${typeToString(t.elem)})`;
    case 'tuple':
      return `tuple([${t.elems.map(typeToString).join(', ')}])`;
    case 'object':
      return `object({${[...t.attrs].map(([k, a]) => `${k}=${typeToString(a.type)}`).join(', ')}})`;
    default:
      return t.t;
  }
}

/**
 * Converts a value to a type constraint as Terraform does for variable values. Unknowns stay unknown; a value
 * that cannot convert becomes an error value whose reason says why.
 */
export function convert(v: TfValue, t: TypeSpec, evalDefault?: (e: Expression) => TfValue): TfValue {
  if (v.kind === 'unknown' || t.t === 'any') return v;
  if (v.kind === 'null') return v;
  const marks = marksOf(v);
  const fail = (): TfValue => errorValue(`a ${typeName(v)} cannot be converted to ${typeToString(t)}`, marks);
  switch (t.t) {
    case 'string': {
      const s = asString(v);
      return s === undefined ? fail() : str(s, marksOf(v));
    }
    case 'number': {
      const n = asNumber(v);
      return n === undefined ? fail() : num(n, marksOf(v));
    }
    case 'bool': {
      const b = asBool(v);
      return b === undefined ? fail() : bool(b, marksOf(v));
    }
    case 'list':
    case 'set': {
      if (v.kind !== 'list') return fail();
      const items = v.items.map((i) => convert(i, t.elem, evalDefault));
      return list(t.t === 'set' ? dedupe(items) : items, marksOf(v), t.t === 'set');
    }
    case 'tuple': {
      if (v.kind !== 'list') return fail();
      return list(
        v.items.map((i, n) => convert(i, t.elems[n] ?? ANY, evalDefault)),
        marksOf(v),
      );
    }
    case 'map': {
      if (v.kind !== 'object') return fail();
      return obj(new Map([...v.attrs].map(([k, i]) => [k, convert(i, t.elem, evalDefault)])), marksOf(v));
    }
    case 'object': {
      if (v.kind !== 'object') return fail();
      const out = new Map<string, TfValue>();
      for (const [k, spec] of t.attrs) {
        const have = v.attrs.get(k);
        if (have && have.kind !== 'null') out.set(k, convert(have, spec.type, evalDefault));
        else if (spec.optional) {
          out.set(
            k,
            spec.defaultExpr && evalDefault ? convert(evalDefault(spec.defaultExpr), spec.type, evalDefault) : nul(),
          );
        } else if (have) out.set(k, have);
        else return errorValue(`attribute "${k}" is required by ${typeToString(t)}`, marks);
      }
      return obj(out, marksOf(v));
    }
  }
}

function dedupe(items: TfValue[]): TfValue[] {
  const seen = new Set<string>();
  const out: TfValue[] = [];
  for (const i of items) {
    const key = JSON.stringify(keyOf(i));
    if (seen.has(key) && i.kind !== 'unknown') continue;
    seen.add(key);
    out.push(i);
  }
  return out;
}

function keyOf(v: TfValue): unknown {
  switch (v.kind) {
    case 'list':
      return v.items.map(keyOf);
    case 'object':
      return [...v.attrs].map(([k, i]) => [k, keyOf(i)]);
    case 'unknown':
      return { unknown: v.reason };
    case 'null':
      return null;
    default:
      return [v.kind, v.value];
  }
}
