import { locOf, type Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import type {
  Expression,
  ForExpr,
  FunctionCallExpr,
  Range,
  TemplatePart,
  TraversalStep,
} from '../../parsers/hcl/index.js';
import { parseTemplate, walkExpression } from '../../parsers/hcl/index.js';
import { callFunction, type FunctionHost } from './functions.js';
import {
  asBool,
  asNumber,
  asString,
  bool,
  combineMarks,
  deepMarks,
  errorValue,
  firstUnknown,
  list,
  marksOf,
  nul,
  num,
  obj,
  str,
  typeName,
  unknownValue,
  valuesEqual,
  withMarks,
  type Marks,
  type TfValue,
} from './values.js';

/** Resolves the module-level names of a traversal (`var`, `local`, `module`, resources, `path`, `terraform`, …). */
export interface Resolver {
  /**
   * Returns the value of `root` with as many of `steps` applied as the resolver needs (a resource reference
   * consumes its name and attribute), and how many steps it consumed.
   */
  resolve(
    root: string,
    steps: readonly TraversalStep[],
    ctx: EvalContext,
    loc: Loc,
  ): { value: TfValue; consumed: number };
}

export interface EvalContext {
  /** The file the expression is written in (for locations). */
  file: SourceFile;
  resolver: Resolver;
  /** Names bound locally: `for` iterators, `each`, `count`, `self`, dynamic block iterators, template variables. */
  vars?: Map<string, TfValue>;
  host: FunctionHost;
}

export function rangeLoc(file: SourceFile, range: Range): Loc {
  return locOf(file, range.start.offset, range.end.offset);
}

/** Evaluates an HCL expression. Never throws: what cannot be known is an unknown value with a reason. */
export function evaluate(e: Expression, ctx: EvalContext): TfValue {
  if (nesting++ === 0) steps = 0;
  try {
    return evalExpr(e, ctx, 0);
  } catch (error) {
    return errorValue(`evaluation failed: ${error instanceof Error ? error.message : String(error)}`, {
      loc: rangeLoc(ctx.file, e.range),
    });
  } finally {
    nesting--;
  }
}

const MAX_DEPTH = 200;
/**
 * A hostile configuration (nested `for` over large ranges, doubling `concat`) must not hang or exhaust memory:
 * one top-level evaluation may take this many steps, then its value is unknown.
 */
const MAX_STEPS = 500_000;
let steps = 0;
let nesting = 0;

function evalExpr(e: Expression, ctx: EvalContext, depth: number): TfValue {
  if (depth > MAX_DEPTH) return errorValue('expression nested too deeply');
  if (++steps > MAX_STEPS) throw new Error(`more than ${MAX_STEPS} evaluation steps: the value is treated as unknown`);
  const loc = rangeLoc(ctx.file, e.range);
  const sub = (x: Expression) => evalExpr(x, ctx, depth + 1);
  switch (e.kind) {
    case 'Literal':
      if (e.valueType === 'null') return nul({ loc, literal: true });
      if (e.valueType === 'bool') return bool(e.value === true, { loc, literal: true });
      return num(typeof e.value === 'number' ? e.value : Number(e.raw), { loc, literal: true });
    case 'Template': {
      if (e.literalValue !== undefined) return str(e.literalValue, { loc, literal: true });
      const only = e.parts.length === 1 ? e.parts[0] : undefined;
      if (only?.kind === 'TemplateInterpolation') return sub(only.expr);
      return evalTemplateParts(e.parts, ctx, depth, loc);
    }
    case 'ScopeTraversal': {
      const bound = ctx.vars?.get(e.root);
      if (bound) return applySteps(bound, e.steps, ctx, depth, loc);
      const rootLoc = rangeLoc(ctx.file, e.range);
      const r = ctx.resolver.resolve(e.root, e.steps, ctx, rootLoc);
      return applySteps(r.value, e.steps.slice(r.consumed), ctx, depth, loc);
    }
    case 'RelativeTraversal':
      return applySteps(sub(e.source), e.steps, ctx, depth, loc);
    case 'Tuple':
      return list(e.items.map(sub), { loc, literal: e.items.length === 0 });
    case 'Object': {
      const attrs = new Map<string, TfValue>();
      const keyMarks: Marks[] = [];
      for (const item of e.items) {
        let key = item.keyIdentifier;
        if (key === undefined) {
          const k = sub(item.key);
          if (k.kind === 'unknown')
            return unknownValue(`an object key is unknown: ${k.reason}`, combineMarks([k], loc));
          key = asString(k);
          if (key === undefined) return errorValue(`an object key must be a string, not a ${typeName(k)}`, { loc });
          if (!k.literal) keyMarks.push(k);
        }
        attrs.set(key, sub(item.value));
      }
      return obj(attrs, keyMarks.length ? combineMarks(keyMarks, loc) : { loc, literal: e.items.length === 0 });
    }
    case 'For':
      return evalFor(e, ctx, depth, loc);
    case 'FunctionCall':
      return evalCall(e, ctx, depth, loc);
    case 'Conditional': {
      const c = sub(e.condition);
      if (c.kind === 'unknown') {
        const a = sub(e.trueExpr);
        const b = sub(e.falseExpr);
        if (valuesEqual(a, b) === true) return withMarks(a, combineMarks([c, b]));
        return unknownValue(
          `the condition is unknown (${c.reason})`,
          combineMarks([c, deepMarks(a), deepMarks(b)], loc),
        );
      }
      const cb = asBool(c);
      if (cb === undefined)
        return errorValue(`a condition must be a bool, not a ${typeName(c)}`, combineMarks([c], loc));
      const chosen = sub(cb ? e.trueExpr : e.falseExpr);
      return withMarks(chosen, { deps: c.deps, sensitive: c.sensitive, via: c.via });
    }
    case 'BinaryOp':
      return evalBinary(e.operator, sub(e.left), sub(e.right), loc);
    case 'UnaryOp': {
      const v = sub(e.operand);
      if (v.kind === 'unknown') return withMarks(v, { loc });
      const m = combineMarks([v], loc);
      if (e.operator === '!') {
        const b = asBool(v);
        return b === undefined ? errorValue(`"!" needs a bool, not a ${typeName(v)}`, m) : bool(!b, m);
      }
      const n = asNumber(v);
      return n === undefined ? errorValue(`"-" needs a number, not a ${typeName(v)}`, m) : num(-n, m);
    }
    case 'Parenthesized':
      return sub(e.expr);
    case 'Invalid':
      return errorValue('the expression could not be parsed', { loc });
  }
}

function evalTemplateParts(parts: TemplatePart[], ctx: EvalContext, depth: number, loc: Loc): TfValue {
  const inputs: Marks[] = [];
  let unknown: TfValue | undefined;
  let out = '';
  const pieces: Array<string | TfValue> = [];
  const walk = (ps: TemplatePart[]): TfValue | undefined => {
    for (const p of ps) {
      switch (p.kind) {
        case 'TemplateLiteral':
          out += p.value;
          pieces.push(p.value);
          break;
        case 'TemplateInterpolation': {
          const v = evalExpr(p.expr, ctx, depth + 1);
          pieces.push(v);
          inputs.push(deepMarks(v));
          if (v.kind === 'unknown') {
            unknown ??= v;
            break;
          }
          const s = asString(v);
          if (s === undefined) {
            return errorValue(
              v.kind === 'null'
                ? 'a template interpolates a null value'
                : `a template cannot interpolate a ${typeName(v)}`,
              { loc },
            );
          }
          out += s;
          break;
        }
        case 'TemplateIf': {
          const c = evalExpr(p.condition, ctx, depth + 1);
          inputs.push(c);
          if (c.kind === 'unknown') {
            unknown ??= c;
            break;
          }
          const b = asBool(c);
          if (b === undefined) return errorValue('a template if-condition must be a bool', { loc });
          const r = walk(b ? p.thenParts : (p.elseParts ?? []));
          if (r) return r;
          break;
        }
        case 'TemplateFor': {
          const coll = evalExpr(p.collection, ctx, depth + 1);
          inputs.push(coll);
          if (coll.kind === 'unknown') {
            unknown ??= coll;
            break;
          }
          const entries = iterate(coll);
          if (!entries) return errorValue(`a template for-loop cannot iterate a ${typeName(coll)}`, { loc });
          for (const [k, v] of entries) {
            const vars = new Map(ctx.vars ?? []);
            if (p.keyVar) vars.set(p.keyVar.name, k);
            vars.set(p.valueVar.name, v);
            const inner = evalTemplateParts(p.bodyParts, { ...ctx, vars }, depth + 1, loc);
            inputs.push(inner);
            if (inner.kind === 'unknown') {
              unknown ??= inner;
              continue;
            }
            out += asString(inner) ?? '';
          }
          break;
        }
      }
    }
    return undefined;
  };
  const failed = walk(parts);
  if (failed) return failed;
  const marks = combineMarks(inputs, loc);
  if (parts.every((p) => p.kind === 'TemplateLiteral' || p.kind === 'TemplateInterpolation')) marks.pieces = pieces;
  if (unknown && unknown.kind === 'unknown') {
    return { kind: 'unknown', reason: unknown.reason, ...(unknown.error ? { error: true } : {}), ...marks };
  }
  return str(out, marks);
}

/** Key/value pairs of a collection in Terraform's iteration order (lists by index, maps by key). */
export function iterate(coll: TfValue): Array<[TfValue, TfValue]> | undefined {
  if (coll.kind === 'list') return coll.items.map((v, i) => [coll.set ? v : num(i), v]);
  if (coll.kind === 'object') {
    return [...coll.attrs.keys()].sort().map((k) => [str(k), coll.attrs.get(k) as TfValue]);
  }
  return undefined;
}

function evalFor(e: ForExpr, ctx: EvalContext, depth: number, loc: Loc): TfValue {
  const coll = evalExpr(e.collection, ctx, depth + 1);
  if (coll.kind === 'unknown') return withMarks(coll, { loc });
  const entries = iterate(coll);
  if (!entries) return errorValue(`a for expression cannot iterate a ${typeName(coll)}`, combineMarks([coll], loc));
  const items: TfValue[] = [];
  const attrs = new Map<string, TfValue>();
  const groups = new Map<string, TfValue[]>();
  const inputs: Marks[] = [marksOf(coll)];
  for (const [k, v] of entries) {
    const vars = new Map(ctx.vars ?? []);
    if (e.keyVar) vars.set(e.keyVar.name, k);
    vars.set(e.valueVar.name, v);
    const inner: EvalContext = { ...ctx, vars };
    if (e.condition) {
      const c = evalExpr(e.condition, inner, depth + 1);
      if (c.kind === 'unknown')
        return unknownValue(`a for expression's condition is unknown: ${c.reason}`, combineMarks([coll, c], loc));
      const cb = asBool(c);
      if (cb === undefined) return errorValue('a for expression condition must be a bool', { loc });
      if (!cb) continue;
    }
    const value = evalExpr(e.valueExpr, inner, depth + 1);
    if (e.resultType === 'tuple') {
      items.push(value);
      continue;
    }
    const key = e.keyExpr ? evalExpr(e.keyExpr, inner, depth + 1) : k;
    if (key.kind === 'unknown')
      return unknownValue(`a for expression key is unknown: ${key.reason}`, combineMarks([coll, key], loc));
    const ks = asString(key);
    if (ks === undefined) return errorValue('a for expression key must be a string', { loc });
    inputs.push(marksOf(key));
    if (e.grouping) groups.set(ks, [...(groups.get(ks) ?? []), value]);
    else if (attrs.has(ks)) return errorValue(`duplicate key "${ks}" in a for expression (use ... to group)`, { loc });
    else attrs.set(ks, value);
  }
  const marks = combineMarks(inputs, loc);
  if (e.resultType === 'tuple') return list(items, marks);
  if (e.grouping) for (const [k, vs] of groups) attrs.set(k, list(vs));
  return obj(attrs, marks);
}

function evalCall(e: FunctionCallExpr, ctx: EvalContext, depth: number, loc: Loc): TfValue {
  const name = e.name;
  if (e.namespace.length) return unknownValue(`provider function ${name}() is not evaluated by the scan`, { loc });
  if (name === 'try') {
    let last: TfValue | undefined;
    for (const a of e.args) {
      const v = evalExpr(a, ctx, depth + 1);
      const u = firstUnknown(v);
      if (u?.error) {
        last = v;
        continue;
      }
      return v;
    }
    return errorValue(`no argument of try() could be evaluated${last?.kind === 'unknown' ? `: ${last.reason}` : ''}`, {
      loc,
    });
  }
  if (name === 'can') {
    const arg = e.args[0];
    if (!arg) return errorValue('can() needs one argument', { loc });
    const v = evalExpr(arg, ctx, depth + 1);
    const u = firstUnknown(v);
    if (u?.error) return bool(false, { loc });
    if (u) return unknownValue(`can() of an unknown value: ${u.reason}`, combineMarks([deepMarks(v)], loc));
    return bool(true, combineMarks([deepMarks(v)], loc));
  }
  let args = e.args.map((a) => evalExpr(a, ctx, depth + 1));
  if (e.expandFinal && args.length) {
    const last = args[args.length - 1] as TfValue;
    if (last.kind === 'unknown')
      return unknownValue(`the expanded argument of ${name}() is unknown: ${last.reason}`, combineMarks([last], loc));
    if (last.kind !== 'list')
      return errorValue(`the argument expanded with ... must be a list, not a ${typeName(last)}`, { loc });
    args = [
      ...args.slice(0, -1),
      ...last.items.map((i) => withMarks(i, { deps: last.deps, via: last.via, sensitive: last.sensitive })),
    ];
  }
  return callFunction(name, args, {
    loc,
    host: ctx.host,
    renderTemplate: (text, file, vars) => renderTemplate(text, file, vars, ctx.host),
  });
}

/** `templatefile()`: the template sees only the variables it is given. */
function renderTemplate(text: string, file: SourceFile, vars: Map<string, TfValue>, host: FunctionHost): TfValue {
  const parsed = parseTemplate(text);
  const firstError = parsed.diagnostics.find((d) => d.severity === 'error');
  if (firstError) return errorValue(`template ${file.rel}:${firstError.range.start.line}: ${firstError.message}`);
  const noRefs: Resolver = {
    resolve: (root, _steps, _ctx, loc) => ({
      value: errorValue(`templatefile: "${root}" is not among the template's variables`, { loc }),
      consumed: 0,
    }),
  };
  const result = evaluate(parsed.expr, { file, resolver: noRefs, vars, host });
  if (result.kind !== 'unknown' && result.kind !== 'string') {
    const s = asString(result);
    return s === undefined ? result : str(s, marksOf(result));
  }
  return result;
}

function evalBinary(op: string, a: TfValue, b: TfValue, loc: Loc): TfValue {
  const marks = combineMarks([deepMarks(a), deepMarks(b)], loc);
  if (op === '&&' || op === '||') {
    const x = a.kind === 'unknown' ? undefined : asBool(a);
    const y = b.kind === 'unknown' ? undefined : asBool(b);
    if (op === '&&' && (x === false || y === false)) return bool(false, marks);
    if (op === '||' && (x === true || y === true)) return bool(true, marks);
    if (a.kind === 'unknown' || b.kind === 'unknown') return unknownValue(reasonOf(a, b), marks);
    if (x === undefined || y === undefined) return errorValue(`"${op}" needs bool operands`, marks);
    return bool(op === '&&' ? x && y : x || y, marks);
  }
  if (op === '==' || op === '!=') {
    const eq = valuesEqualLoose(a, b);
    if (eq === undefined) return unknownValue(reasonOf(a, b), marks);
    return bool(op === '==' ? eq : !eq, marks);
  }
  if (a.kind === 'unknown' || b.kind === 'unknown') return unknownValue(reasonOf(a, b), marks);
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === undefined || y === undefined) return errorValue(`"${op}" needs number operands`, marks);
  switch (op) {
    case '+':
      return num(x + y, marks);
    case '-':
      return num(x - y, marks);
    case '*':
      return num(x * y, marks);
    case '/':
      return y === 0 ? errorValue('division by zero', marks) : num(x / y, marks);
    case '%':
      return y === 0 ? errorValue('modulo by zero', marks) : num(x % y, marks);
    case '<':
      return bool(x < y, marks);
    case '<=':
      return bool(x <= y, marks);
    case '>':
      return bool(x > y, marks);
    case '>=':
      return bool(x >= y, marks);
    default:
      return errorValue(`unsupported operator ${op}`, marks);
  }
}

/** `==` compares values of the same type; Terraform does not convert "1" == 1 (false). */
function valuesEqualLoose(a: TfValue, b: TfValue): boolean | undefined {
  return valuesEqual(a, b);
}

function reasonOf(a: TfValue, b: TfValue): string {
  const u = a.kind === 'unknown' ? a : b.kind === 'unknown' ? b : undefined;
  return u?.kind === 'unknown' ? u.reason : 'an operand is unknown';
}

/** Applies `.attr`, `[index]` and splats to a value; the parent's provenance carries over to the part taken. */
export function applySteps(
  start: TfValue,
  steps: readonly TraversalStep[],
  ctx: EvalContext,
  depth: number,
  loc: Loc,
): TfValue {
  let v = start;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as TraversalStep;
    if (step.kind === 'splat') {
      const rest = steps.slice(i + 1);
      let perItem: readonly TraversalStep[] = rest;
      let after: readonly TraversalStep[] = [];
      if (step.style === 'attr') {
        const stop = rest.findIndex((s) => s.kind !== 'attr');
        if (stop >= 0) {
          perItem = rest.slice(0, stop);
          after = rest.slice(stop);
        }
      }
      if (v.kind === 'unknown') return v;
      const items = v.kind === 'null' ? [] : v.kind === 'list' ? v.items : [v];
      const mapped = list(
        items.map((item) => applySteps(inherit(item, v), perItem, ctx, depth, loc)),
        marksOf(v),
      );
      return applySteps(mapped, after, ctx, depth, loc);
    }
    if (v.kind === 'unknown') return v;
    if (step.kind === 'attr') {
      if (v.kind === 'object') {
        const a = v.attrs.get(step.name);
        if (!a) return errorValue(`this object has no attribute "${step.name}"`, combineMarks([v], loc));
        v = inherit(a, v);
        continue;
      }
      if (v.kind === 'null') return errorValue(`attribute "${step.name}" of a null value`, combineMarks([v], loc));
      return errorValue(`a ${typeName(v)} has no attribute "${step.name}"`, combineMarks([v], loc));
    }
    // index
    const key = evalExpr(step.key, ctx, depth + 1);
    if (key.kind === 'unknown') return unknownValue(`an index is unknown: ${key.reason}`, combineMarks([v, key], loc));
    if (v.kind === 'list') {
      const n = asNumber(key);
      if (n === undefined || !Number.isInteger(n)) return errorValue('a list index must be a whole number', { loc });
      const item = v.items[n];
      if (!item) return errorValue(`index ${n} is out of range (${v.items.length} items)`, combineMarks([v], loc));
      v = inherit(item, v, key);
      continue;
    }
    if (v.kind === 'object') {
      const k = asString(key);
      if (k === undefined) return errorValue('a map key must be a string', { loc });
      const item = v.attrs.get(k);
      if (!item) return errorValue(`the map has no element "${k}"`, combineMarks([v], loc));
      v = inherit(item, v, key);
      continue;
    }
    return errorValue(`a ${typeName(v)} cannot be indexed`, combineMarks([v], loc));
  }
  return v;
}

function inherit(child: TfValue, parent: TfValue, key?: TfValue): TfValue {
  return withMarks(child, {
    via: parent.via,
    deps: [...(parent.deps ?? []), ...(key?.deps ?? [])],
    sensitive: parent.sensitive || key?.sensitive,
  });
}

/** Visits every expression inside `e`, telling whether it sits inside a `nonsensitive()` call. */
export function walkExpressionWithUnwrap(
  e: Expression,
  visit: (e: Expression, unwrapped: boolean) => void,
  unwrapped = false,
): void {
  walkExpression(e, (x) => {
    if (x.kind === 'FunctionCall' && x.name === 'nonsensitive' && !x.namespace.length) {
      for (const a of x.args) walkExpressionWithUnwrap(a, visit, true);
      return false;
    }
    visit(x, unwrapped);
    return undefined;
  });
}
