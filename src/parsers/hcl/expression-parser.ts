import type {
  BinaryOperator,
  Expression,
  ForExpr,
  FunctionCallExpr,
  Identifier,
  ObjectItem,
  Range,
  ScopeTraversalExpr,
  TraversalStep,
} from './ast.js';
import { ParserBase } from './parser-base.js';
import { parseHeredocTemplate, parseQuotedTemplate } from './template-parser.js';
import { Tok } from './tokens.js';

/** Nesting beyond this is reported instead of recursed into, so hostile input cannot overflow the stack. */
const MAX_NESTING = 400;

/** Binary operator precedence by token type (spec levels 1–6); 0 = not a binary operator. */
const PRECEDENCE = new Uint8Array(64);
PRECEDENCE[Tok.Or] = 1;
PRECEDENCE[Tok.And] = 2;
PRECEDENCE[Tok.EqualOp] = 3;
PRECEDENCE[Tok.NotEqual] = 3;
PRECEDENCE[Tok.Less] = 4;
PRECEDENCE[Tok.LessEqual] = 4;
PRECEDENCE[Tok.Greater] = 4;
PRECEDENCE[Tok.GreaterEqual] = 4;
PRECEDENCE[Tok.Plus] = 5;
PRECEDENCE[Tok.Minus] = 5;
PRECEDENCE[Tok.Star] = 6;
PRECEDENCE[Tok.Slash] = 6;
PRECEDENCE[Tok.Percent] = 6;

const OPERATORS: Partial<Record<Tok, BinaryOperator>> = {
  [Tok.Or]: '||',
  [Tok.And]: '&&',
  [Tok.EqualOp]: '==',
  [Tok.NotEqual]: '!=',
  [Tok.Less]: '<',
  [Tok.LessEqual]: '<=',
  [Tok.Greater]: '>',
  [Tok.GreaterEqual]: '>=',
  [Tok.Plus]: '+',
  [Tok.Minus]: '-',
  [Tok.Star]: '*',
  [Tok.Slash]: '/',
  [Tok.Percent]: '%',
};

/** Expression parser: precedence climbing over the shared token stream. */
export class ExpressionParser extends ParserBase {
  /** End offset of the steps the last `parseSteps` call returned. */
  private stepsEnd = 0;

  protected endOffset(node: { range: Range }): number {
    return this.scanEnd(node.range);
  }

  parseExpression(): Expression {
    if (++this.depth > MAX_NESTING) {
      this.depth--;
      const i = this.peek() === Tok.EOF ? this.peekIndex : this.next();
      this.error(
        'Expression too deeply nested',
        `Expressions may nest at most ${MAX_NESTING} levels deep.`,
        this.starts[i]!,
        this.ends[i]!,
      );
      return this.invalid(this.starts[i]!, this.ends[i]!);
    }
    const expr = this.parseConditional();
    this.depth--;
    return expr;
  }

  private parseConditional(): Expression {
    const t = this.peek();
    // An expression starts at its first token (see `parseBinary`).
    const start = this.starts[this.peekIndex]!;
    const condition = this.parseBinary(1, t);
    if (this.peek() !== Tok.Question) return condition;
    this.advance();
    const trueExpr = this.parseExpression();
    if (this.peek() !== Tok.Colon) {
      const i = this.peekIndex;
      this.errorAtToken(
        i,
        'Missing false expression in conditional',
        'The conditional operator (...?...:...) requires a false expression, delimited by a colon.',
      );
      const falseExpr = this.invalid(this.starts[i]!, this.starts[i]!);
      return this.conditional(start, condition, trueExpr, falseExpr);
    }
    this.advance();
    const falseExpr = this.parseExpression();
    return this.conditional(start, condition, trueExpr, falseExpr);
  }

  private conditional(start: number, condition: Expression, trueExpr: Expression, falseExpr: Expression): Expression {
    const end = this.endOffset(falseExpr);
    return { kind: 'Conditional', range: this.range(start, end), condition, trueExpr, falseExpr };
  }

  /**
   * Binary operators of at least `minPrecedence`. Like `parseUnary` and `parseTerm`, it is called
   * right after a `peek` that returned `first`, the type of the expression's first token.
   */
  private parseBinary(minPrecedence: number, first: Tok): Expression {
    // Every expression starts at the start of the first token its parse looks at (also when it
    // is invalid), so the start offset is known without reading it back from the node.
    const start = this.starts[this.peekIndex]!;
    let left = this.parseUnary(first);
    for (;;) {
      const t = this.peek();
      const precedence = PRECEDENCE[t]!;
      if (precedence === 0 || precedence < minPrecedence) return left;
      const opIndex = this.advance();
      const right = this.parseBinary(precedence + 1, this.peek());
      const end = this.endOffset(right);
      left = {
        kind: 'BinaryOp',
        range: this.range(start, end),
        operator: OPERATORS[t]!,
        operatorRange: this.tokenRange(opIndex),
        left,
        right,
      };
    }
  }

  private parseUnary(t: Tok): Expression {
    if (t === Tok.Ident) return this.parseIdentTerm();
    if (t !== Tok.Minus && t !== Tok.Bang) {
      const start = this.starts[this.peekIndex]!;
      return this.parsePostfix(this.parseTerm(t), start);
    }
    const opIndex = this.advance();
    if (++this.depth > MAX_NESTING) {
      this.depth--;
      this.error(
        'Expression too deeply nested',
        'Too many unary operators in a row.',
        this.starts[opIndex]!,
        this.ends[opIndex]!,
      );
      return this.invalid(this.starts[opIndex]!, this.ends[opIndex]!);
    }
    const operand = this.parseUnary(this.peek());
    this.depth--;
    const start = this.starts[opIndex]!;
    const end = this.endOffset(operand);
    return {
      kind: 'UnaryOp',
      range: this.range(start, end),
      operator: t === Tok.Minus ? '-' : '!',
      operatorRange: this.tokenRange(opIndex),
      operand,
    };
  }

  /** Any term but an identifier-led one (`parseUnary` sends those to `parseIdentTerm`). */
  private parseTerm(t: Tok): Expression {
    switch (t) {
      case Tok.Number: {
        const i = this.advance();
        const raw = this.tokenText(i);
        return { kind: 'Literal', range: this.tokenRange(i), valueType: 'number', value: Number(raw), raw };
      }
      case Tok.OQuote: {
        const expr = parseQuotedTemplate(this);
        return expr;
      }
      case Tok.OHeredoc:
        return parseHeredocTemplate(this);
      case Tok.OParen:
        return this.parseParenthesized();
      case Tok.OBrack:
        return this.parseTupleOrFor();
      case Tok.OBrace:
        return this.parseObjectOrFor();
      default: {
        const i = this.peekIndex;
        if (t === Tok.EOF) {
          this.error(
            'Missing expression',
            'Expected the start of an expression, but found the end of the file.',
            this.starts[i]!,
            this.ends[i]!,
          );
        } else {
          this.errorAtToken(
            i,
            'Invalid expression',
            `Expected the start of an expression, but found ${this.describe(i)}.`,
          );
        }
        // Consume only tokens that cannot end the enclosing construct, so callers can resync.
        if (t === Tok.Invalid || t === Tok.Star || t === Tok.Slash || t === Tok.Percent || t === Tok.Dot) this.next();
        return this.invalid(this.starts[i]!, this.ends[i]!);
      }
    }
  }

  invalid(start: number, end: number): Expression {
    return { kind: 'Invalid', range: this.range(start, end) };
  }

  /** A function call, `true`/`false`/`null`, or a variable with its traversal steps, and any postfix chain. */
  private parseIdentTerm(): Expression {
    const i = this.advance();
    const start = this.starts[i]!;
    const after = this.peek();
    if (after === Tok.OParen || after === Tok.DoubleColon) return this.parsePostfix(this.parseFunctionCall(i), start);
    const length = this.ends[i]! - start;
    if (length === 4 || length === 5) {
      const keyword = this.literalKeyword(start, length);
      if (keyword !== null) {
        const range = this.tokenRange(i);
        const literal: Expression =
          keyword === 'null'
            ? { kind: 'Literal', range, valueType: 'null', value: null, raw: keyword }
            : { kind: 'Literal', range, valueType: 'bool', value: keyword === 'true', raw: keyword };
        return this.parsePostfix(literal, start);
      }
    }
    const name = this.tokenText(i);
    const range = this.tokenRange(i);
    const steps = after === Tok.Dot || after === Tok.OBrack ? this.parseSteps() : null;
    if (steps === null) {
      const bare: ScopeTraversalExpr = { kind: 'ScopeTraversal', range, root: name, rootRange: range, steps: [] };
      return bare;
    }
    return { kind: 'ScopeTraversal', range: this.range(start, this.stepsEnd), root: name, rootRange: range, steps };
  }

  /** `true`, `false` or `null` if the identifier at `start` is one, else null. */
  private literalKeyword(start: number, length: number): 'true' | 'false' | 'null' | null {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (length === 4) {
      if (c === 116 && text.startsWith('rue', start + 1)) return 'true';
      if (c === 110 && text.startsWith('ull', start + 1)) return 'null';
    } else if (c === 102 && text.startsWith('alse', start + 1)) {
      return 'false';
    }
    return null;
  }

  private parseFunctionCall(nameIndex: number): Expression {
    const namespace: string[] = [];
    let nameEnd = nameIndex;
    while (this.peek() === Tok.DoubleColon) {
      this.next();
      if (this.peek() !== Tok.Ident) {
        const i = this.peekIndex;
        this.errorAtToken(
          i,
          'Missing function name',
          'Function scope resolution symbol :: must be followed by a function name in this scope.',
        );
        return this.invalid(this.starts[nameIndex]!, this.ends[nameEnd]!);
      }
      namespace.push(this.tokenText(nameEnd));
      nameEnd = this.next();
    }
    const start = this.starts[nameIndex]!;
    const nameRange = this.range(start, this.ends[nameEnd]!);
    const name = this.text.slice(start, this.ends[nameEnd]);
    if (this.peek() !== Tok.OParen) {
      const i = this.peekIndex;
      this.errorAtToken(
        i,
        'Missing open parenthesis',
        `Function selector must be followed by an open parenthesis to begin the function call.`,
      );
      return this.invalid(start, this.ends[nameEnd]!);
    }
    const open = this.next();
    this.pushNewlines(false);
    const argsBase = this.scratchTop;
    let expandFinal = false;
    let close = -1;
    for (;;) {
      if (this.peek() === Tok.CParen) {
        close = this.next();
        break;
      }
      if (this.peek() === Tok.EOF) {
        this.errorAtToken(
          this.peekIndex,
          'Unterminated function call',
          'There is no closing parenthesis for this function call before the end of the file.',
        );
        break;
      }
      this.collect(this.parseExpression());
      const t = this.peek();
      if (t === Tok.Comma) {
        this.next();
        continue;
      }
      if (t === Tok.Ellipsis) {
        this.next();
        expandFinal = true;
        if (this.peek() !== Tok.CParen) {
          this.errorAtToken(
            this.peekIndex,
            'Missing closing parenthesis',
            'An expanded function argument (with "...") must be immediately followed by closing parentheses.',
          );
          close = this.recover(Tok.CParen);
        } else {
          close = this.next();
        }
        break;
      }
      if (t === Tok.CParen) {
        close = this.next();
        break;
      }
      this.errorAtToken(
        this.peekIndex,
        'Missing argument separator',
        'A comma is required to separate each function argument from the next.',
      );
      close = this.recover(Tok.CParen);
      break;
    }
    this.popNewlines();
    const args = this.collected<Expression>(argsBase);
    const closeIndex = close >= 0 ? close : this.pos - 1 >= open ? this.pos - 1 : open;
    const end = this.ends[closeIndex]!;
    const call: FunctionCallExpr = {
      kind: 'FunctionCall',
      range: this.range(start, end),
      name,
      namespace,
      nameRange,
      args,
      expandFinal,
      openParenRange: this.tokenRange(open),
      closeParenRange: close >= 0 ? this.tokenRange(close) : this.range(end, end),
    };
    return call;
  }

  private parseParenthesized(): Expression {
    const open = this.next();
    this.pushNewlines(false);
    const inner = this.parseExpression();
    let end: number;
    if (this.peek() === Tok.CParen) {
      end = this.ends[this.next()]!;
    } else {
      this.errorAtToken(
        this.peekIndex,
        'Unbalanced parentheses',
        'Expected a closing parenthesis to terminate the expression.',
      );
      const close = this.recover(Tok.CParen);
      end = close >= 0 ? this.ends[close]! : this.endOffset(inner);
    }
    this.popNewlines();
    const start = this.starts[open]!;
    return { kind: 'Parenthesized', range: this.range(start, end), expr: inner };
  }

  /** Postfix chain on `source`, which starts at scanned-text offset `start`. */
  private parsePostfix(source: Expression, start: number): Expression {
    const t = this.peek();
    if (t !== Tok.Dot && t !== Tok.OBrack) return source;
    const steps = this.parseSteps();
    if (steps === null) return source;
    return { kind: 'RelativeTraversal', range: this.range(start, this.stepsEnd), source, steps };
  }

  /**
   * Traversal steps: `.name`, `.0`, `[key]`, `.*`, `[*]`; null if none was parsed. The end offset
   * of the last step is left in `stepsEnd`.
   */
  private parseSteps(): TraversalStep[] | null {
    const base = this.scratchTop;
    let end = 0;
    for (;;) {
      const t = this.peek();
      if (t === Tok.Dot) {
        const dot = this.next();
        const n = this.peek();
        if (n === Tok.Ident) {
          const nameIndex = this.next();
          end = this.ends[nameIndex]!;
          this.collect({
            kind: 'attr',
            range: this.range(this.starts[dot]!, end),
            name: this.tokenText(nameIndex),
            nameRange: this.tokenRange(nameIndex),
          });
        } else if (n === Tok.Number) {
          const numIndex = this.next();
          const raw = this.tokenText(numIndex);
          end = this.ends[numIndex]!;
          if (!isIntegerText(raw)) {
            this.errorAtToken(
              numIndex,
              'Invalid legacy index syntax',
              'When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [1][2].',
            );
          }
          const key = {
            kind: 'Literal' as const,
            range: this.tokenRange(numIndex),
            valueType: 'number' as const,
            value: Number(raw),
            raw,
          };
          this.collect({ kind: 'index', range: this.range(this.starts[dot]!, end), key, legacy: true });
        } else if (n === Tok.Star) {
          end = this.ends[this.next()]!;
          this.collect({ kind: 'splat', range: this.range(this.starts[dot]!, end), style: 'attr' });
        } else {
          this.errorAtToken(this.peekIndex, 'Invalid attribute name', 'An attribute name is required after a dot.');
          end = this.ends[dot]!;
          break;
        }
      } else if (t === Tok.OBrack) {
        const open = this.next();
        this.pushNewlines(false);
        if (this.peek() === Tok.Star) {
          const star = this.peekIndex;
          let k = star + 1;
          while (this.types[k] === Tok.Newline) k++;
          if (this.types[k] === Tok.CBrack) {
            this.pos = k + 1;
            this.popNewlines();
            end = this.ends[k]!;
            this.collect({ kind: 'splat', range: this.range(this.starts[open]!, end), style: 'full' });
            continue;
          }
        }
        const key = this.parseExpression();
        if (this.peek() === Tok.CBrack) {
          end = this.ends[this.next()]!;
        } else {
          this.errorAtToken(
            this.peekIndex,
            'Missing close bracket on index',
            'The index operator must end with a closing bracket ("]").',
          );
          const close = this.recover(Tok.CBrack);
          end = close >= 0 ? this.ends[close]! : this.endOffset(key);
        }
        this.popNewlines();
        this.collect({ kind: 'index', range: this.range(this.starts[open]!, end), key, legacy: false });
      } else {
        break;
      }
    }
    this.stepsEnd = end;
    return this.scratchTop === base ? null : this.collected<TraversalStep>(base);
  }

  private parseTupleOrFor(): Expression {
    const open = this.next();
    this.pushNewlines(false);
    if (this.peekKeyword('for')) {
      const expr = this.parseFor(open, 'tuple');
      this.popNewlines();
      return expr;
    }
    const itemsBase = this.scratchTop;
    let close = -1;
    for (;;) {
      const t = this.peek();
      if (t === Tok.CBrack) {
        close = this.next();
        break;
      }
      if (t === Tok.EOF) {
        this.error(
          'Unterminated tuple',
          'There is no closing bracket for this tuple before the end of the file.',
          this.starts[open]!,
          this.ends[open]!,
        );
        break;
      }
      this.collect(this.parseExpression());
      const n = this.peek();
      if (n === Tok.Comma) {
        this.next();
      } else if (n !== Tok.CBrack) {
        this.errorAtToken(
          this.peekIndex,
          'Missing item separator',
          'Expected a comma to mark the beginning of the next item.',
        );
        close = this.recover(Tok.CBrack);
        break;
      }
    }
    this.popNewlines();
    const items = this.collected<Expression>(itemsBase);
    const start = this.starts[open]!;
    const end = close >= 0 ? this.ends[close]! : this.lastEnd(open);
    return { kind: 'Tuple', range: this.range(start, end), items };
  }

  /** End offset of the last consumed token (at least `floor`'s end), for unterminated constructs. */
  lastEnd(floor: number): number {
    const last = this.pos - 1;
    return this.ends[last > floor ? last : floor]!;
  }

  private parseObjectOrFor(): Expression {
    const open = this.next();
    let k = this.pos;
    while (this.types[k] === Tok.Newline) k++;
    if (
      this.types[k] === Tok.Ident &&
      this.ends[k]! - this.starts[k]! === 3 &&
      this.text.startsWith('for', this.starts[k]!)
    ) {
      this.pos = k;
      this.pushNewlines(false);
      const expr = this.parseFor(open, 'object');
      this.popNewlines();
      return expr;
    }
    this.pushNewlines(true);
    const itemsBase = this.scratchTop;
    let close = -1;
    for (;;) {
      const t = this.peek();
      if (t === Tok.Newline) {
        this.next();
        continue;
      }
      if (t === Tok.CBrace) {
        close = this.next();
        break;
      }
      if (t === Tok.EOF) {
        this.error(
          'Unterminated object constructor',
          'There is no closing brace for this object before the end of the file.',
          this.starts[open]!,
          this.ends[open]!,
        );
        break;
      }
      const itemStart = this.starts[this.peekIndex]!;
      const key = this.parseExpression();
      const sep = this.peek();
      if (sep !== Tok.Equal && sep !== Tok.Colon) {
        const hint =
          key.kind === 'ScopeTraversal' && key.steps.length > 0
            ? ' If you intended to give an attribute name containing periods or spaces, write the name in quotes to create a string literal.'
            : '';
        this.errorAtToken(
          this.peekIndex,
          'Missing key/value separator',
          `Expected an equals sign ("=") to mark the beginning of the attribute value.${hint}`,
        );
        close = this.recover(Tok.CBrace);
        break;
      }
      this.next();
      const value = this.parseExpression();
      const itemEnd = this.endOffset(value);
      const item: ObjectItem = {
        range: this.range(itemStart, itemEnd),
        key,
        keyIdentifier: key.kind === 'ScopeTraversal' && key.steps.length === 0 ? key.root : undefined,
        separator: sep === Tok.Equal ? '=' : ':',
        value,
      };
      this.collect(item);
      const n = this.peek();
      if (n === Tok.Comma || n === Tok.Newline) {
        this.next();
      } else if (n !== Tok.CBrace) {
        this.errorAtToken(
          this.peekIndex,
          'Missing attribute separator',
          'Expected a newline or comma to mark the beginning of the next attribute.',
        );
        close = this.recover(Tok.CBrace);
        break;
      }
    }
    this.popNewlines();
    const items = this.collected<ObjectItem>(itemsBase);
    const start = this.starts[open]!;
    const end = close >= 0 ? this.ends[close]! : this.lastEnd(open);
    return { kind: 'Object', range: this.range(start, end), items };
  }

  /** `for` expression; the cursor is on the `for` keyword, newlines are already insignificant. */
  private parseFor(open: number, resultType: 'tuple' | 'object'): Expression {
    const closeTok = resultType === 'tuple' ? Tok.CBrack : Tok.CBrace;
    const start = this.starts[open]!;
    const fail = (detail: string): Expression => {
      this.errorAtToken(this.peekIndex, "Invalid 'for' expression", detail);
      const close = this.recover(closeTok);
      const end = close >= 0 ? this.ends[close]! : this.lastEnd(open);
      return this.invalid(start, end);
    };
    this.next(); // for
    if (this.peek() !== Tok.Ident) return fail("For expression requires variable name after 'for'.");
    let valueVar = this.identifier(this.next());
    let keyVar: Identifier | undefined;
    if (this.peek() === Tok.Comma) {
      this.next();
      if (this.peek() !== Tok.Ident) return fail('For expression requires value variable name after comma.');
      keyVar = valueVar;
      valueVar = this.identifier(this.next());
    }
    if (!this.peekKeyword('in')) return fail("For expression requires the 'in' keyword after its name declarations.");
    this.next();
    const collection = this.parseExpression();
    if (this.peek() !== Tok.Colon) return fail('For expression requires a colon after the collection expression.');
    this.next();
    let keyExpr: Expression | undefined;
    if (resultType === 'object') {
      keyExpr = this.parseExpression();
      if (this.peek() !== Tok.FatArrow)
        return fail("Key expression in 'for' expression must be followed by a '=>' symbol.");
      this.next();
    }
    const valueExpr = this.parseExpression();
    let grouping = false;
    if (this.peek() === Tok.Ellipsis) {
      if (resultType === 'tuple') {
        this.errorAtToken(
          this.peekIndex,
          "Invalid 'for' expression",
          'Grouping ellipsis (...) cannot be used when constructing a tuple.',
        );
      } else {
        grouping = true;
      }
      this.next();
    }
    let condition: Expression | undefined;
    if (this.peekKeyword('if')) {
      this.next();
      condition = this.parseExpression();
    }
    if (this.peek() !== closeTok) {
      const detail = `Extra characters after the end of the 'for' expression.`;
      this.errorAtToken(this.peekIndex, "Invalid 'for' expression", detail);
    }
    const close = this.peek() === closeTok ? this.next() : this.recover(closeTok);
    const end = close >= 0 ? this.ends[close]! : this.lastEnd(open);
    const expr: ForExpr = {
      kind: 'For',
      range: this.range(start, end),
      resultType,
      keyVar,
      valueVar,
      collection,
      keyExpr,
      valueExpr,
      condition,
      grouping,
    };
    return expr;
  }

  identifier(i: number): Identifier {
    return { name: this.tokenText(i), range: this.tokenRange(i) };
  }
}

function isIntegerText(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
