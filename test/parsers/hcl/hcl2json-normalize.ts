/**
 * Maps our AST to the JSON that `@cdktf/hcl2json` produces, mirroring its converter:
 *
 * - Blocks nest by type, then by each label, then an array of bodies; attributes are keys
 *   (an attribute replaces a block of the same name, as hcl2json converts blocks first).
 * - Literals become JSON values; `-`/`!` applied to a literal is folded.
 * - Templates: a pure literal is its decoded value; a lone interpolation (`"${x}"`) is the
 *   interpolated expression converted on its own; otherwise parts are concatenated, literals
 *   as values, directives re-rendered as `%{if c}...%{else}...%{endif}` / `%{for ...}...%{endfor}`,
 *   and other expressions as `${<exact source>}`. hcl2json re-escapes `${`/`%{` in literal text.
 * - Tuples and objects convert item by item; a naked identifier or traversal key is its source.
 * - Every other expression (traversals, calls, operators, for, parentheses, ...) is
 *   `${<exact source of its range>}`.
 *
 * So the comparison checks structure, names, labels, literal values (after escape decoding,
 * strip markers and heredoc indentation) and the exact source span of every other expression.
 * Not comparable, and so not compared: the inner structure of expressions that hcl2json only
 * renders as source text (unit and conformance tests cover those), comments, and ranges other
 * than through those source spans.
 */
import type { Body, Expression, TemplateExpr, TemplatePart } from '../../../src/parsers/hcl/index.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export class Hcl2JsonNormalizer {
  constructor(private readonly text: string) {}

  body(body: Body): JsonObject {
    const out: JsonObject = {};
    for (const block of body.blocks) {
      let target = out;
      let key = block.type;
      for (const label of block.labels) {
        const existing = target[key];
        if (existing === undefined || Array.isArray(existing) || existing === null || typeof existing !== 'object') {
          target[key] = {};
        }
        target = target[key] as JsonObject;
        key = label.value;
      }
      const value = this.body(block.body);
      const current = target[key];
      if (Array.isArray(current)) current.push(value);
      else target[key] = [value];
    }
    for (const attr of body.attributes) out[attr.name] = this.expression(attr.expr);
    return out;
  }

  private source(e: { range: { start: { offset: number }; end: { offset: number } } }): string {
    let end = e.range.end.offset;
    // hcl2json widens a source span that is directly followed by ")" (a workaround in its converter).
    if (this.text[end] === ')') end++;
    return this.text.slice(e.range.start.offset, end);
  }

  private wrap(e: Expression): string {
    return '${' + this.source(e) + '}';
  }

  expression(e: Expression): Json {
    switch (e.kind) {
      case 'Literal':
        return e.value;
      case 'UnaryOp':
        if (e.operand.kind === 'Literal') {
          return e.operator === '-' ? -(e.operand.value as number) : !(e.operand.value as boolean);
        }
        return this.wrap(e);
      case 'Template': {
        const wrapped = loneInterpolation(e);
        return wrapped ? this.expression(wrapped) : this.template(e);
      }
      case 'Tuple':
        return e.items.map((item) => this.expression(item));
      case 'Object': {
        const out: JsonObject = {};
        for (const item of e.items) {
          const key = item.key.kind === 'ScopeTraversal' ? this.source(item.key) : this.stringPart(item.key);
          out[key] = this.expression(item.value);
        }
        return out;
      }
      default:
        return this.wrap(e);
    }
  }

  private template(t: TemplateExpr): string {
    if (t.literalValue !== undefined) return escapeLiteral(t.literalValue);
    return this.parts(t.parts);
  }

  private parts(parts: TemplatePart[]): string {
    let out = '';
    for (const part of parts) {
      switch (part.kind) {
        case 'TemplateLiteral':
          out += escapeLiteral(part.value);
          break;
        case 'TemplateInterpolation':
          out += this.stringPart(part.expr);
          break;
        case 'TemplateIf': {
          const elseText = part.elseParts ? this.parts(part.elseParts) : '';
          out += `%{if ${this.source(part.condition)}}${this.parts(part.thenParts)}`;
          out += `${elseText.length > 0 ? `%{else}${elseText}` : ''}%{endif}`;
          break;
        }
        case 'TemplateFor': {
          const key = part.keyVar ? `${part.keyVar.name}, ` : '';
          out += `%{for ${key}${part.valueVar.name} in ${this.source(part.collection)}}${this.parts(part.bodyParts)}%{endfor}`;
          break;
        }
      }
    }
    return out;
  }

  /** An expression embedded in a string (hcl2json's convertStringPart). */
  private stringPart(e: Expression): string {
    switch (e.kind) {
      case 'Literal':
        return String(e.value);
      case 'Template': {
        const wrapped = loneInterpolation(e);
        return wrapped ? this.stringPart(wrapped) : this.template(e);
      }
      case 'Conditional': {
        const falseText = this.stringPart(e.falseExpr);
        return `%{if ${this.source(e.condition)}}${this.stringPart(e.trueExpr)}${falseText.length > 0 ? `%{else}${falseText}` : ''}%{endif}`;
      }
      default:
        return this.wrap(e);
    }
  }
}

function loneInterpolation(t: TemplateExpr): Expression | undefined {
  const only = t.parts.length === 1 ? t.parts[0] : undefined;
  return only?.kind === 'TemplateInterpolation' && t.form !== 'json' ? only.expr : undefined;
}

function escapeLiteral(s: string): string {
  // A replacer function, because "$$" in a replacement string means "$".
  return s.replace(/[$%]\{/g, (m) => m[0] + m);
}
