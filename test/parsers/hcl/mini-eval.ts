/**
 * Test-only evaluator and hcldec interpreter: just enough of HCL's semantics to check the spec
 * suite's expected results against our AST. The real evaluator lives elsewhere in the project.
 */
import type { Block, Body, Expression, Range, TemplatePart } from '../../../src/parsers/hcl/index.js';

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export interface DecodeProblem {
  message: string;
  range: Range;
}

export function evaluate(expr: Expression, vars: Record<string, Value>): Value {
  switch (expr.kind) {
    case 'Literal':
      return expr.value;
    case 'Template': {
      const only = expr.parts.length === 1 ? expr.parts[0]! : undefined;
      if (only?.kind === 'TemplateInterpolation') return evaluate(only.expr, vars);
      return renderParts(expr.parts, vars);
    }
    case 'ScopeTraversal': {
      if (!(expr.root in vars)) throw new Error(`unknown variable ${expr.root}`);
      let value: Value = vars[expr.root]!;
      for (const step of expr.steps) {
        if (step.kind === 'splat') throw new Error('splat not supported here');
        const key = step.kind === 'attr' ? step.name : evaluate(step.key, vars);
        value = index(value, key);
      }
      return value;
    }
    case 'Tuple':
      return expr.items.map((item) => evaluate(item, vars));
    case 'Object': {
      const out: { [key: string]: Value } = {};
      for (const item of expr.items) {
        out[item.keyIdentifier ?? String(evaluate(item.key, vars))] = evaluate(item.value, vars);
      }
      return out;
    }
    case 'UnaryOp': {
      const v = evaluate(expr.operand, vars);
      return expr.operator === '-' ? -(v as number) : !(v as boolean);
    }
    case 'BinaryOp': {
      const l = evaluate(expr.left, vars);
      const r = evaluate(expr.right, vars);
      switch (expr.operator) {
        case '+':
          return (l as number) + (r as number);
        case '-':
          return (l as number) - (r as number);
        case '*':
          return (l as number) * (r as number);
        case '/':
          return (l as number) / (r as number);
        case '%':
          return (l as number) % (r as number);
        case '<':
          return (l as number) < (r as number);
        case '<=':
          return (l as number) <= (r as number);
        case '>':
          return (l as number) > (r as number);
        case '>=':
          return (l as number) >= (r as number);
        case '==':
          return JSON.stringify(l) === JSON.stringify(r);
        case '!=':
          return JSON.stringify(l) !== JSON.stringify(r);
        case '&&':
          return (l as boolean) && (r as boolean);
        case '||':
          return (l as boolean) || (r as boolean);
      }
      break;
    }
    case 'Conditional':
      return evaluate(expr.condition, vars) ? evaluate(expr.trueExpr, vars) : evaluate(expr.falseExpr, vars);
    case 'Parenthesized':
      return evaluate(expr.expr, vars);
    default:
      break;
  }
  throw new Error(`cannot evaluate ${expr.kind} in tests`);
}

function index(value: Value, key: Value): Value {
  if (Array.isArray(value)) return value[key as number] ?? null;
  if (value !== null && typeof value === 'object') return value[String(key)] ?? null;
  throw new Error('cannot index a primitive');
}

function renderParts(parts: TemplatePart[], vars: Record<string, Value>): string {
  let out = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'TemplateLiteral':
        out += part.value;
        break;
      case 'TemplateInterpolation':
        out += String(evaluate(part.expr, vars));
        break;
      case 'TemplateIf':
        out += evaluate(part.condition, vars)
          ? renderParts(part.thenParts, vars)
          : renderParts(part.elseParts ?? [], vars);
        break;
      case 'TemplateFor': {
        const coll = evaluate(part.collection, vars);
        const entries: [Value, Value][] = Array.isArray(coll)
          ? coll.map((v, i) => [i, v])
          : Object.entries(coll as Record<string, Value>);
        for (const [k, v] of entries) {
          const scope = { ...vars, [part.valueVar.name]: v };
          if (part.keyVar) scope[part.keyVar.name] = k;
          out += renderParts(part.bodyParts, scope);
        }
        break;
      }
    }
  }
  return out;
}

/** Decodes `body` with an hcldec spec file's body (supports the spec kinds the suite uses). */
export function decodeWithSpec(specBody: Body, body: Body): { value: Value; problems: DecodeProblem[] } {
  const vars: Record<string, Value> = {};
  const problems: DecodeProblem[] = [];
  let root: Block | undefined;
  for (const block of specBody.blocks) {
    if (block.type === 'variables') {
      for (const attr of block.body.attributes) vars[attr.name] = evaluate(attr.expr, {});
    } else {
      root = block;
    }
  }
  if (!root) throw new Error('spec has no root');
  const value = decodeSpec(root, body, vars, problems);
  return { value, problems };
}

function specName(spec: Block, attrName: string): string {
  const label = spec.labels[0]?.value;
  if (label !== undefined) return label;
  const attr = spec.body.attributes.find((a) => a.name === attrName);
  if (!attr) throw new Error(`spec ${spec.type} has no name`);
  return String(evaluate(attr.expr, {}));
}

function innerSpec(spec: Block): Block {
  const inner = spec.body.blocks[0];
  if (!inner) throw new Error(`spec ${spec.type} has no nested spec`);
  return inner;
}

function decodeSpec(spec: Block, body: Body, vars: Record<string, Value>, problems: DecodeProblem[]): Value {
  switch (spec.type) {
    case 'literal':
      return evaluate(spec.body.attributes.find((a) => a.name === 'value')!.expr, vars);
    case 'attr': {
      const name = specName(spec, 'name');
      const attr = body.attributes.find((a) => a.name === name);
      return attr ? evaluate(attr.expr, vars) : null;
    }
    case 'object': {
      const out: { [key: string]: Value } = {};
      const attrNames = new Set<string>();
      const blockTypes = new Set<string>();
      for (const child of spec.body.blocks) {
        const name = specName(child, child.type === 'attr' ? 'name' : 'block_type');
        (child.type === 'attr' ? attrNames : blockTypes).add(name);
        out[name] = decodeSpec(child, body, vars, problems);
      }
      for (const attr of body.attributes) {
        if (!attrNames.has(attr.name))
          problems.push({ message: `Unsupported argument "${attr.name}"`, range: attr.nameRange });
      }
      for (const block of body.blocks) {
        if (!blockTypes.has(block.type))
          problems.push({ message: `Unsupported block "${block.type}"`, range: block.typeRange });
      }
      return out;
    }
    case 'block': {
      const type = specName(spec, 'block_type');
      const block = body.blocks.find((b) => b.type === type);
      return block ? decodeSpec(innerSpec(spec), block.body, vars, problems) : null;
    }
    case 'block_list': {
      const type = specName(spec, 'block_type');
      return body.blocks.filter((b) => b.type === type).map((b) => decodeSpec(innerSpec(spec), b.body, vars, problems));
    }
    case 'block_map': {
      const type = specName(spec, 'block_type');
      const out: { [key: string]: Value } = {};
      for (const block of body.blocks.filter((b) => b.type === type)) {
        out[block.labels[0]?.value ?? ''] = decodeSpec(innerSpec(spec), block.body, vars, problems);
      }
      return out;
    }
    default:
      throw new Error(`unsupported hcldec spec ${spec.type}`);
  }
}

/** Deep equality where numbers match to 12 significant digits (the suite uses arbitrary precision). */
export function sameValue(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]!));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.join('\0') === kb.join('\0') && ka.every((k) => sameValue(a[k]!, b[k]!));
  }
  return a === b;
}
