import type {
  Expression,
  Identifier,
  TemplateExpr,
  TemplateFor,
  TemplateIf,
  TemplateInterpolation,
  TemplateLiteral,
  TemplatePart,
} from './ast.js';
import { isUnicodeSpace, trimLeftSpace, trimRightSpace } from './chars.js';
import type { ExpressionParser } from './expression-parser.js';
import { decodeQuotedLiteral, decodeTemplateLiteral } from './template-literal.js';
import { Tok } from './tokens.js';

/**
 * Templates are parsed in two passes, as HCL does: first a flat list of literals,
 * interpolations and directive markers (where strip markers and `<<-` indentation are applied),
 * then the `if`/`for` nesting is built from the markers. Interpolations, and the literals of
 * quoted strings, go into the flat list as their final nodes; a template without directives
 * (the common case) skips the second pass.
 */

/** A heredoc or standalone-template literal: its value and start may still change (indentation, melding). */
interface FlatLiteral {
  kind: 'lit';
  value: string;
  start: number;
  end: number;
}

interface FlatIf {
  kind: 'if';
  condition: Expression;
  start: number;
  end: number;
  stripRight: boolean;
}

interface FlatFor {
  kind: 'for';
  keyVar: Identifier | undefined;
  valueVar: Identifier;
  collection: Expression;
  start: number;
  end: number;
  stripRight: boolean;
}

interface FlatMarker {
  kind: 'else' | 'endif' | 'endfor';
  start: number;
  end: number;
  stripRight: boolean;
}

type FlatDirective = FlatIf | FlatFor | FlatMarker;
type FlatPart = FlatLiteral | TemplateLiteral | TemplateInterpolation | FlatDirective;

type TemplateForm = TemplateExpr['form'];

/** What `collectFlatParts` found besides the parts themselves. */
const enum FlatShape {
  /** Only literals and interpolations, no two literals adjacent. */
  Simple = 0,
  HasDirectives = 1,
  HasAdjacentLiterals = 2,
}

/** `"..."`: the cursor is on the opening quote. */
export function parseQuotedTemplate(p: ExpressionParser): TemplateExpr {
  const open = p.next();
  // Fast path for the common case, a plain string: `""` or `"text"`.
  const types = p.types;
  const litEnd = types[open + 1] === Tok.QuotedLit ? open + 2 : open + 1;
  if (types[litEnd] === Tok.CQuote) {
    const contentStart = p.ends[open]!;
    const contentEnd = p.starts[litEnd]!;
    const value = decodeQuotedLiteral(p.text, contentStart, contentEnd, p.diagnostics);
    p.pos = litEnd + 1;
    return {
      kind: 'Template',
      range: p.range(p.starts[open]!, p.ends[litEnd]!),
      form: 'quoted',
      parts: [{ kind: 'TemplateLiteral', range: p.range(contentStart, contentEnd), value }],
      literalValue: value,
    };
  }
  return finishTemplate(p, open, Tok.CQuote, 'quoted', false, undefined);
}

/** `<<EOT ... EOT` or `<<-EOT ... EOT`: the cursor is on the introducer. */
export function parseHeredocTemplate(p: ExpressionParser): TemplateExpr {
  const open = p.next();
  const start = p.starts[open]!;
  const indented = p.text.charCodeAt(start + 2) === 45;
  let markerEnd = p.ends[open]! - 1; // before the newline
  if (p.text.charCodeAt(markerEnd - 1) === 13) markerEnd--;
  const marker = p.text.slice(start + (indented ? 3 : 2), markerEnd);
  return finishTemplate(p, open, Tok.CHeredoc, 'heredoc', indented, { marker, indented });
}

/** A whole token stream scanned in template mode (standalone templates, JSON strings). */
export function parseStandaloneTemplate(p: ExpressionParser, form: 'json' | 'standalone'): TemplateExpr {
  return finishTemplate(p, -1, Tok.EOF, form, false, undefined);
}

function finishTemplate(
  p: ExpressionParser,
  open: number,
  end: Tok,
  form: TemplateForm,
  flush: boolean,
  heredoc: TemplateExpr['heredoc'],
): TemplateExpr {
  const contentStart = open >= 0 ? p.ends[open]! : p.starts[p.pos]!;
  const flat: FlatPart[] = [];
  const shape = collectFlatParts(p, open, end, form, flat);
  const close = p.templateClose;
  if (flush) flushHeredocIndentation(flat);
  if ((shape & FlatShape.HasAdjacentLiterals) !== 0) meldLiterals(p, flat);
  let parts: TemplatePart[];
  if ((shape & FlatShape.HasDirectives) !== 0) {
    parts = new TreeBuilder(p, flat).build();
  } else {
    // Only literals and interpolations: turn the literals into final nodes in place (quoted
    // strings' already are).
    if (form !== 'quoted') {
      for (let i = 0; i < flat.length; i++) {
        const f = flat[i] as FlatLiteral | TemplateInterpolation;
        if (f.kind === 'lit') flat[i] = { kind: 'TemplateLiteral', range: p.range(f.start, f.end), value: f.value };
      }
    }
    parts = flat as (TemplateLiteral | TemplateInterpolation)[];
  }
  if (parts.length === 0) {
    parts.push({ kind: 'TemplateLiteral', range: p.range(contentStart, contentStart), value: '' });
  }
  const start = open >= 0 ? p.starts[open]! : contentStart;
  const endOffset = close >= 0 ? p.ends[close]! : open >= 0 ? p.lastEnd(open) : p.starts[p.pos]!;
  const only = parts.length === 1 ? parts[0]! : undefined;
  const literalValue = only !== undefined && only.kind === 'TemplateLiteral' ? only.value : undefined;
  const range = p.range(start, endOffset);
  if (heredoc !== undefined) return { kind: 'Template', range, form, parts, literalValue, heredoc };
  return { kind: 'Template', range, form, parts, literalValue };
}

/**
 * First pass: appends the flat parts to `flat` and leaves the closing token's index (or -1) in
 * `p.templateClose`. Returns a `FlatShape` bit set.
 */
function collectFlatParts(p: ExpressionParser, open: number, end: Tok, form: TemplateForm, flat: FlatPart[]): number {
  const types = p.types;
  const quoted = form === 'quoted';
  let shape: number = FlatShape.Simple;
  let close = -1;
  let ltrimNext = false;
  let nextCanTrimPrev = false;
  /** The last part pushed is a literal. */
  let lastIsLiteral = false;
  p.pushNewlines(true);
  for (;;) {
    const i = p.pos;
    const t = types[i] as Tok;
    if (t === end) {
      if (t !== Tok.EOF) {
        p.pos++;
        close = i;
      }
      break;
    }
    const ltrim = ltrimNext;
    ltrimNext = false;
    const canTrimPrev = nextCanTrimPrev;
    nextCanTrimPrev = false;

    if (t === Tok.QuotedLit || t === Tok.HeredocLit) {
      p.pos++;
      const start = p.starts[i]!;
      const stop = p.ends[i]!;
      let value = quoted
        ? decodeQuotedLiteral(p.text, start, stop, p.diagnostics)
        : decodeTemplateLiteral(p.text, start, stop);
      if (ltrim) value = trimLeftSpace(value);
      if (quoted) {
        const lit: TemplateLiteral = { kind: 'TemplateLiteral', range: p.range(start, stop), value };
        flat.push(lit);
      } else {
        const lit: FlatLiteral = { kind: 'lit', value, start, end: stop };
        flat.push(lit);
      }
      if (lastIsLiteral) shape |= FlatShape.HasAdjacentLiterals;
      lastIsLiteral = true;
      nextCanTrimPrev = true;
      continue;
    }

    if (t === Tok.TemplateInterp || t === Tok.TemplateControl) {
      p.pos++;
      const stripLeft = p.ends[i]! - p.starts[i]! === 3;
      if (stripLeft && canTrimPrev) {
        // The previous token was a literal, so the last flat part is that literal.
        const last = flat.length - 1;
        const prev = flat[last] as FlatLiteral | TemplateLiteral;
        if (prev.kind === 'lit') {
          prev.value = trimRightSpace(prev.value);
        } else {
          const trimmed: TemplateLiteral = {
            kind: 'TemplateLiteral',
            range: prev.range,
            value: trimRightSpace(prev.value),
          };
          flat[last] = trimmed;
        }
      }
      p.pushNewlines(false);
      const part: FlatPart | null =
        t === Tok.TemplateInterp ? parseInterpolation(p, i, stripLeft, quoted) : parseDirective(p, i);
      p.popNewlines();
      if (part !== null) {
        if (part.stripRight) ltrimNext = true;
        if (part.kind !== 'TemplateInterpolation') shape |= FlatShape.HasDirectives;
        flat.push(part);
        lastIsLiteral = false;
      }
      // Recovery ran to the end of the input: the unclosed sequence was already reported.
      if (p.types[p.pos] === Tok.EOF && end !== Tok.EOF) break;
      continue;
    }
    // Anything else means the template ended without its closer.
    if (form === 'heredoc') {
      const opener = open >= 0 ? open : i;
      p.error(
        'Unterminated heredoc',
        'There is no line containing only the heredoc marker to close this heredoc before the end of the file.',
        p.starts[opener]!,
        p.ends[opener]! - 1,
      );
    } else {
      p.errorAtToken(
        i,
        'Unterminated template string',
        t === Tok.Newline
          ? 'A quoted string must be closed on the line where it starts. To include a newline, use the \\n escape or a heredoc (<<EOT).'
          : 'No closing marker was found for the string.',
      );
    }
    break;
  }
  p.popNewlines();
  p.templateClose = close;
  return shape;
}

function parseInterpolation(
  p: ExpressionParser,
  open: number,
  stripLeft: boolean,
  quoted: boolean,
): TemplateInterpolation {
  const expr = p.parseExpression();
  let stripRight = false;
  let end: number;
  if (p.peek() === Tok.TemplateSeqEnd) {
    const close = p.next();
    stripRight = p.ends[close]! - p.starts[close]! === 2;
    end = p.ends[close]!;
  } else {
    const bad = p.peekIndex;
    const t = p.types[bad];
    if (t === Tok.EOF || ((t === Tok.CQuote || t === Tok.OQuote) && quoted)) {
      p.error(
        'Unclosed template interpolation sequence',
        'There is no closing brace for this interpolation sequence before the end of the template. This might be caused by incorrect nesting inside the given expression.',
        p.starts[open]!,
        p.ends[open]!,
      );
    } else {
      p.errorAtToken(
        bad,
        'Extra characters after interpolation expression',
        'Expected a closing brace to end the interpolation expression, but found extra characters. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".',
      );
    }
    const close = p.recover(Tok.TemplateSeqEnd);
    end = close >= 0 ? p.ends[close]! : p.scanEnd(expr.range);
  }
  return {
    kind: 'TemplateInterpolation',
    range: p.range(p.starts[open]!, end),
    expr,
    stripLeft,
    stripRight,
  };
}

function parseDirective(p: ExpressionParser, open: number): FlatDirective | null {
  const start = p.starts[open]!;
  if (p.peek() !== Tok.Ident) {
    p.errorAtToken(
      p.peekIndex,
      'Invalid template directive',
      'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.',
    );
    p.recover(Tok.TemplateSeqEnd);
    return null;
  }
  const kw = p.next();
  const word = p.tokenText(kw);
  let part: FlatDirective;
  switch (word) {
    case 'if': {
      const condition = p.parseExpression();
      part = { kind: 'if', condition, start, end: 0, stripRight: false };
      break;
    }
    case 'else':
    case 'endif':
    case 'endfor':
      part = { kind: word, start, end: 0, stripRight: false };
      break;
    case 'for': {
      const fail = (detail: string): null => {
        p.errorAtToken(p.peekIndex, "Invalid 'for' directive", detail);
        p.recover(Tok.TemplateSeqEnd);
        return null;
      };
      if (p.peek() !== Tok.Ident) return fail("For directive requires variable name after 'for'.");
      let valueVar = p.identifier(p.next());
      let keyVar: Identifier | undefined;
      if (p.peek() === Tok.Comma) {
        p.next();
        if (p.peek() !== Tok.Ident) return fail('For directive requires value variable name after comma.');
        keyVar = valueVar;
        valueVar = p.identifier(p.next());
      }
      if (!p.peekKeyword('in')) return fail("For directive requires 'in' keyword after names.");
      p.next();
      const collection = p.parseExpression();
      part = { kind: 'for', keyVar, valueVar, collection, start, end: 0, stripRight: false };
      break;
    }
    default: {
      const suggestion = suggestKeyword(word);
      p.errorAtToken(
        kw,
        'Invalid template control keyword',
        `"${word}" is not a valid template control keyword.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      );
      p.recover(Tok.TemplateSeqEnd);
      return null;
    }
  }
  if (p.peek() === Tok.TemplateSeqEnd) {
    const close = p.next();
    part.stripRight = p.ends[close]! - p.starts[close]! === 2;
    part.end = p.ends[close]!;
  } else {
    p.errorAtToken(
      p.peekIndex,
      `Extra characters in ${word} marker`,
      'Expected a closing brace to end the sequence, but found extra characters.',
    );
    const close = p.recover(Tok.TemplateSeqEnd);
    part.end = close >= 0 ? p.ends[close]! : p.lastEnd(open);
  }
  return part;
}

function suggestKeyword(word: string): string | undefined {
  const lower = word.toLowerCase();
  for (const kw of ['if', 'for', 'else', 'endif', 'endfor']) {
    if (lower === kw || (lower.length > 2 && (kw.startsWith(lower) || lower.startsWith(kw)))) return kw;
  }
  return undefined;
}

/**
 * `<<-` heredocs: remove the smallest common leading-whitespace count from every line-leading
 * literal. Whitespace-only lines do not count; a line starting with an interpolation counts as 0.
 */
function flushHeredocIndentation(flat: FlatPart[]): void {
  let minSpaces = Number.MAX_SAFE_INTEGER;
  let atLineStart = true;
  const adjust: FlatLiteral[] = [];
  for (const part of flat) {
    if (atLineStart) {
      atLineStart = false;
      let spaces = 0;
      if (part.kind === 'lit') {
        const leading = countLeadingSpaces(part.value);
        if (leading === part.value.length && endsWithNewline(part.value)) {
          spaces = Number.MAX_SAFE_INTEGER;
        } else {
          spaces = leading;
          adjust.push(part);
        }
      }
      if (spaces < minSpaces) minSpaces = spaces;
    }
    if (part.kind === 'lit' && endsWithNewline(part.value)) atLineStart = true;
  }
  if (minSpaces === 0 || minSpaces === Number.MAX_SAFE_INTEGER) return;
  for (const lit of adjust) {
    lit.value = lit.value.slice(minSpaces);
    lit.start += minSpaces;
  }
}

function endsWithNewline(s: string): boolean {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 10;
}

function countLeadingSpaces(s: string): number {
  let i = 0;
  while (i < s.length && isUnicodeSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Merges runs of adjacent literals into one, in place. */
function meldLiterals(p: ExpressionParser, flat: FlatPart[]): void {
  let out = 0;
  for (let i = 0; i < flat.length; i++) {
    const part = flat[i]!;
    const prev = out > 0 ? flat[out - 1]! : undefined;
    if (part.kind === 'lit' && prev !== undefined && prev.kind === 'lit') {
      prev.value += part.value;
      prev.end = part.end;
    } else if (part.kind === 'TemplateLiteral' && prev !== undefined && prev.kind === 'TemplateLiteral') {
      const melded: TemplateLiteral = {
        kind: 'TemplateLiteral',
        range: p.range(p.scanStart(prev.range), p.scanEnd(part.range)),
        value: prev.value + part.value,
      };
      flat[out - 1] = melded;
    } else {
      flat[out++] = part;
    }
  }
  flat.length = out;
}

/** Second pass: nests `if`/`else`/`endif` and `for`/`endfor` markers into directive nodes. */
class TreeBuilder {
  private index = 0;

  constructor(
    private readonly p: ExpressionParser,
    private readonly flat: FlatPart[],
  ) {}

  build(): TemplatePart[] {
    const parts = this.sequence();
    while (this.index < this.flat.length) {
      // `sequence` only stops early at an else/endif/endfor marker.
      const stray = this.flat[this.index++] as FlatMarker;
      this.p.error(
        `Unexpected ${stray.kind} directive`,
        `There is no open ${stray.kind === 'endfor' ? 'for' : 'if'} directive for this ${stray.kind} to close.`,
        stray.start,
        stray.end,
      );
      parts.push(...this.sequence());
    }
    return parts;
  }

  private sequence(): TemplatePart[] {
    const parts: TemplatePart[] = [];
    const p = this.p;
    while (this.index < this.flat.length) {
      const f = this.flat[this.index]!;
      switch (f.kind) {
        case 'else':
        case 'endif':
        case 'endfor':
          return parts;
        case 'lit':
          this.index++;
          parts.push({ kind: 'TemplateLiteral', range: p.range(f.start, f.end), value: f.value });
          break;
        case 'TemplateLiteral':
        case 'TemplateInterpolation':
          this.index++;
          parts.push(f);
          break;
        case 'if':
          this.index++;
          parts.push(this.ifDirective(f));
          break;
        case 'for':
          this.index++;
          parts.push(this.forDirective(f));
          break;
      }
    }
    return parts;
  }

  private where(offset: number): string {
    const pos = this.p.range(offset, offset).start;
    return `line ${pos.line}, column ${pos.column}`;
  }

  private ifDirective(open: FlatIf): TemplateIf {
    const thenParts = this.sequence();
    let elseParts: TemplatePart[] | undefined;
    let end = this.closeDirective(open, 'endif', true);
    if (end === 'else') {
      elseParts = this.sequence();
      end = this.closeDirective(open, 'endif', false);
      while (end === 'else') {
        elseParts.push(...this.sequence());
        end = this.closeDirective(open, 'endif', false);
      }
    }
    return {
      kind: 'TemplateIf',
      range: this.p.range(open.start, end),
      condition: open.condition,
      thenParts,
      elseParts,
    };
  }

  private forDirective(open: FlatFor): TemplateFor {
    const bodyParts = this.sequence();
    let end = this.closeDirective(open, 'endfor', false);
    while (end === 'else') {
      bodyParts.push(...this.sequence());
      end = this.closeDirective(open, 'endfor', false);
    }
    return {
      kind: 'TemplateFor',
      range: this.p.range(open.start, end),
      keyVar: open.keyVar,
      valueVar: open.valueVar,
      collection: open.collection,
      bodyParts,
    };
  }

  /** End offset (in scanned-text coordinates) of a flat part. */
  private endOf(f: FlatPart): number {
    return f.kind === 'TemplateInterpolation' || f.kind === 'TemplateLiteral' ? this.p.scanEnd(f.range) : f.end;
  }

  /**
   * Consumes the marker closing `open`. Returns its end offset, or 'else' when an allowed
   * else follows. Mismatched or missing markers are reported, then treated as the close.
   */
  private closeDirective(open: FlatIf | FlatFor, expected: 'endif' | 'endfor', elseAllowed: boolean): number | 'else' {
    const next = this.flat[this.index] as FlatMarker | undefined;
    const name = expected === 'endif' ? 'if' : 'for';
    if (next === undefined) {
      const last = this.flat[this.flat.length - 1];
      const at = last !== undefined ? this.endOf(last) : open.end;
      this.p.error(
        'Unexpected end of template',
        `The ${name} directive at ${this.where(open.start)} is missing its corresponding ${expected} directive.`,
        open.start,
        open.end,
      );
      return at;
    }
    this.index++;
    if (next.kind === expected) return next.end;
    if (next.kind === 'else') {
      if (elseAllowed) return 'else';
      this.p.error(
        'Unexpected else directive',
        expected === 'endfor'
          ? 'An else clause is not expected for a for directive.'
          : 'An if directive may have only one else clause.',
        next.start,
        next.end,
      );
      return 'else';
    }
    this.p.error(
      `Unexpected ${next.kind} directive`,
      `Expecting an ${expected} directive corresponding to the ${name} directive at ${this.where(open.start)}.`,
      next.start,
      next.end,
    );
    return next.end;
  }
}
