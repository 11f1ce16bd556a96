import type { Attribute, Block, BlockLabel, Body, BodyItem } from './ast.js';
import { ExpressionParser } from './expression-parser.js';
import { decodeQuotedLiteral } from './template-literal.js';
import { Tok } from './tokens.js';

const MAX_BLOCK_NESTING = 200;

/** Structural parser: bodies, attributes, blocks (including one-line blocks). */
export class BodyParser extends ExpressionParser {
  private blockDepth = 0;

  /** The whole file's body. */
  parseFile(): Body {
    const base = this.scratchTop;
    this.parseItems(false);
    return this.makeBody(this.collected<BodyItem>(base), 0, this.text.length);
  }

  private makeBody(items: BodyItem[], start: number, end: number): Body {
    const base = this.scratchTop;
    for (const item of items) if (item.kind === 'Attribute') this.collect(item);
    const attributes = this.collected<Attribute>(base);
    for (const item of items) if (item.kind === 'Block') this.collect(item);
    const blocks = this.collected<Block>(base);
    if (attributes.length > 1) this.checkDuplicateAttributes(attributes);
    return { kind: 'Body', range: this.range(start, end), items, attributes, blocks };
  }

  private checkDuplicateAttributes(attributes: Attribute[]): void {
    // Bodies are small: a quadratic scan beats building a Map for each one.
    if (attributes.length > 32) {
      const seen = new Map<string, Attribute>();
      for (const attr of attributes) {
        const first = seen.get(attr.name);
        if (first === undefined) seen.set(attr.name, attr);
        else this.reportDuplicate(first, attr);
      }
      return;
    }
    for (let i = 1; i < attributes.length; i++) {
      const attr = attributes[i]!;
      const name = attr.name;
      for (let j = 0; j < i; j++) {
        const other = attributes[j]!.name;
        // Comparing lengths first skips most string comparisons.
        if (other.length === name.length && other === name) {
          this.reportDuplicate(attributes[j]!, attr);
          break;
        }
      }
    }
  }

  private reportDuplicate(first: Attribute, again: Attribute): void {
    const at = first.nameRange.start;
    this.diagnostics.push({
      severity: 'error',
      message: 'Attribute redefined',
      detail: `The argument "${again.name}" was already set at line ${at.line}, column ${at.column}. Each argument may be set only once.`,
      start: this.scanStart(again.nameRange),
      end: this.scanEnd(again.nameRange),
    });
  }

  /**
   * Collects (see `collect`) the body items up to end of file, or up to (not including) the `}`
   * closing a block body.
   */
  private parseItems(inBlock: boolean): void {
    const types = this.types;
    for (;;) {
      const i = this.pos;
      const t = types[i] as Tok;
      if (t === Tok.Newline) {
        this.pos++;
        continue;
      }
      if (t === Tok.EOF) return;
      if (t === Tok.CBrace) {
        if (inBlock) return;
        this.errorAtToken(
          i,
          'Argument or block definition required',
          'Unexpected "}": there is no open block to close here.',
        );
        this.pos++;
        continue;
      }
      if (t === Tok.Ident) {
        this.parseItem(inBlock);
        continue;
      }
      if (t === Tok.OQuote) {
        this.errorAtToken(i, 'Invalid argument name', 'Argument names must not be quoted.');
      } else {
        this.errorAtToken(
          i,
          'Argument or block definition required',
          'An argument or block definition is required here.',
        );
      }
      this.recoverAfterBodyItem(inBlock);
    }
  }

  private parseItem(inBlock: boolean): void {
    const nameIndex = this.next();
    const t = this.peek();
    if (t === Tok.Equal) {
      const attr = this.parseAttribute(nameIndex);
      this.collect(attr);
      // After an invalid expression the leftovers are part of the same mistake: skip them quietly.
      const quiet = attr.expr.kind === 'Invalid';
      this.expectEndOfLine(
        inBlock,
        'Missing newline after argument',
        'An argument definition must end with a newline.',
        quiet,
      );
      return;
    }
    if (t === Tok.OQuote || t === Tok.Ident || t === Tok.OBrace) {
      const block = this.parseBlock(nameIndex, inBlock);
      if (block !== null) this.collect(block);
      return;
    }
    this.errorAtToken(
      this.peekIndex,
      'Argument or block definition required',
      'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
    );
    this.recoverAfterBodyItem(inBlock);
  }

  private parseAttribute(nameIndex: number): Attribute {
    const equals = this.next();
    const expr = this.parseExpression();
    const start = this.starts[nameIndex]!;
    return {
      kind: 'Attribute',
      range: this.range(start, this.endOffset(expr)),
      name: this.tokenText(nameIndex),
      nameRange: this.tokenRange(nameIndex),
      equalsRange: this.tokenRange(equals),
      expr,
    };
  }

  /** After an attribute or block: a newline (or end of file) must follow. */
  private expectEndOfLine(inBlock: boolean, message: string, detail: string, quiet = false): void {
    const t = this.types[this.pos] as Tok;
    if (t === Tok.Newline) {
      this.pos++;
      return;
    }
    if (t === Tok.EOF) return;
    if (t === Tok.Comma) {
      message = 'Unexpected comma after argument';
      detail = 'Argument definitions must be separated by newlines, not commas. ' + detail;
    }
    if (!quiet) this.errorAtToken(this.pos, message, detail);
    this.recoverAfterBodyItem(inBlock);
  }

  private parseBlock(typeIndex: number, inBlock: boolean): Block | null {
    const labelsBase = this.scratchTop;
    for (;;) {
      const t = this.peek();
      if (t === Tok.OBrace) break;
      if (t === Tok.Ident) {
        const i = this.next();
        const label: BlockLabel = { range: this.tokenRange(i), value: this.tokenText(i), quoted: false };
        this.collect(label);
        continue;
      }
      if (t === Tok.OQuote) {
        const label = this.parseQuotedLabel();
        if (label === null) {
          this.scratchTop = labelsBase;
          this.recoverAfterBodyItem(inBlock);
          return null;
        }
        this.collect(label);
        continue;
      }
      const i = this.peekIndex;
      const detail =
        t === Tok.Equal
          ? 'The equals sign "=" indicates an argument definition, and must not be used when defining a block.'
          : t === Tok.Newline
            ? 'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.'
            : 'Either a quoted string block label or an opening brace ("{") is expected here.';
      this.errorAtToken(i, 'Invalid block definition', detail);
      this.scratchTop = labelsBase;
      this.recoverAfterBodyItem(inBlock);
      return null;
    }
    const labels = this.collected<BlockLabel>(labelsBase);

    const open = this.next();
    const itemsBase = this.scratchTop;
    let close = -1;
    const first = this.types[this.pos] as Tok;
    if (++this.blockDepth > MAX_BLOCK_NESTING) {
      this.errorAtToken(open, 'Blocks nested too deeply', `Blocks may nest at most ${MAX_BLOCK_NESTING} levels deep.`);
      close = this.recover(Tok.CBrace);
    } else if (first === Tok.Newline || first === Tok.EOF || first === Tok.CBrace) {
      this.parseItems(true);
      if (this.types[this.pos] === Tok.CBrace) {
        close = this.pos++;
      } else {
        this.error(
          'Unclosed configuration block',
          'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
          this.starts[open]!,
          this.ends[open]!,
        );
      }
    } else {
      close = this.parseSingleLineBody();
    }
    this.blockDepth--;
    const items = this.collected<BodyItem>(itemsBase);

    const start = this.starts[typeIndex]!;
    const bodyEnd = close >= 0 ? this.ends[close]! : this.lastEnd(open);
    const block: Block = {
      kind: 'Block',
      range: this.range(start, bodyEnd),
      type: this.tokenText(typeIndex),
      typeRange: this.tokenRange(typeIndex),
      labels,
      body: this.makeBody(items, this.starts[open]!, bodyEnd),
      openBraceRange: this.tokenRange(open),
      closeBraceRange: close >= 0 ? this.tokenRange(close) : null,
    };
    if (close >= 0) {
      this.expectEndOfLine(
        inBlock,
        'Missing newline after block definition',
        'A block definition must end with a newline.',
      );
    }
    return block;
  }

  /** `"label"`: a quoted string without interpolation. */
  private parseQuotedLabel(): BlockLabel | null {
    const open = this.next();
    let value = '';
    let end: number;
    for (;;) {
      const i = this.pos;
      const t = this.types[i] as Tok;
      if (t === Tok.CQuote) {
        this.pos++;
        end = this.ends[i]!;
        break;
      }
      if (t === Tok.QuotedLit) {
        this.pos++;
        value += decodeQuotedLiteral(this.text, this.starts[i]!, this.ends[i]!, this.diagnostics);
        continue;
      }
      if (t === Tok.TemplateInterp || t === Tok.TemplateControl) {
        this.errorAtToken(
          i,
          'Invalid string literal',
          'Template sequences are not allowed in this string. To include a literal "$", double it (as "$$") to escape it.',
        );
        this.recover(Tok.CQuote);
        return null;
      }
      this.errorAtToken(i, 'Unterminated template string', 'No closing marker was found for the string.');
      return null;
    }
    return { range: this.range(this.starts[open]!, end), value, quoted: true };
  }

  /**
   * `{ name = expr }` on one line; consumes the closing brace and returns its index (or -1).
   * The attribute, if any, is collected.
   */
  private parseSingleLineBody(): number {
    const i = this.pos;
    if (this.types[i] !== Tok.Ident) {
      this.errorAtToken(
        i,
        'Argument or block definition required',
        'An argument or block definition is required here.',
      );
      return this.recover(Tok.CBrace);
    }
    const nameIndex = this.next();
    const t = this.peek();
    if (t !== Tok.Equal) {
      const next = this.peekIndex;
      if (t === Tok.OQuote || t === Tok.OBrace || t === Tok.Ident) {
        this.error(
          'Argument definition required',
          `A single-line block definition can contain only a single argument. If you meant to define argument "${this.tokenText(nameIndex)}", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`,
          this.starts[nameIndex]!,
          this.ends[next]!,
        );
      } else {
        this.errorAtToken(
          next,
          'Argument or block definition required',
          'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
        );
      }
      return this.recover(Tok.CBrace);
    }
    this.collect(this.parseAttribute(nameIndex));
    if (this.types[this.pos] === Tok.CBrace) return this.pos++;
    this.errorAtToken(
      this.pos,
      'Invalid single-argument block definition',
      'A single-line block definition must end with a closing brace immediately after its single argument definition.',
    );
    return this.recover(Tok.CBrace);
  }
}
