import type { Body, Expression, TemplatePart, TraversalStep } from './ast.js';

/**
 * Calls `visit` for `expr` and every expression nested in it, parents first.
 * Returning `false` from `visit` skips that expression's children.
 */
export function walkExpression(expr: Expression, visit: (e: Expression) => boolean | void): void {
  if (visit(expr) === false) return;
  switch (expr.kind) {
    case 'Literal':
    case 'Invalid':
      return;
    case 'Template':
      walkParts(expr.parts, visit);
      return;
    case 'ScopeTraversal':
      walkSteps(expr.steps, visit);
      return;
    case 'RelativeTraversal':
      walkExpression(expr.source, visit);
      walkSteps(expr.steps, visit);
      return;
    case 'Tuple':
      for (const item of expr.items) walkExpression(item, visit);
      return;
    case 'Object':
      for (const item of expr.items) {
        walkExpression(item.key, visit);
        walkExpression(item.value, visit);
      }
      return;
    case 'For':
      walkExpression(expr.collection, visit);
      if (expr.keyExpr) walkExpression(expr.keyExpr, visit);
      walkExpression(expr.valueExpr, visit);
      if (expr.condition) walkExpression(expr.condition, visit);
      return;
    case 'FunctionCall':
      for (const arg of expr.args) walkExpression(arg, visit);
      return;
    case 'Conditional':
      walkExpression(expr.condition, visit);
      walkExpression(expr.trueExpr, visit);
      walkExpression(expr.falseExpr, visit);
      return;
    case 'BinaryOp':
      walkExpression(expr.left, visit);
      walkExpression(expr.right, visit);
      return;
    case 'UnaryOp':
      walkExpression(expr.operand, visit);
      return;
    case 'Parenthesized':
      walkExpression(expr.expr, visit);
      return;
  }
}

function walkSteps(steps: TraversalStep[], visit: (e: Expression) => boolean | void): void {
  for (const step of steps) if (step.kind === 'index') walkExpression(step.key, visit);
}

function walkParts(parts: TemplatePart[], visit: (e: Expression) => boolean | void): void {
  for (const part of parts) {
    switch (part.kind) {
      case 'TemplateLiteral':
        break;
      case 'TemplateInterpolation':
        walkExpression(part.expr, visit);
        break;
      case 'TemplateIf':
        walkExpression(part.condition, visit);
        walkParts(part.thenParts, visit);
        if (part.elseParts) walkParts(part.elseParts, visit);
        break;
      case 'TemplateFor':
        walkExpression(part.collection, visit);
        walkParts(part.bodyParts, visit);
        break;
    }
  }
}

/** Visits every attribute expression of `body` and of all nested blocks, in source order. */
export function walkBody(body: Body, visit: (e: Expression) => boolean | void): void {
  for (const item of body.items) {
    if (item.kind === 'Attribute') walkExpression(item.expr, visit);
    else walkBody(item.body, visit);
  }
}
