/**
 * HCL2 parser: native syntax (`*.tf`, `*.tofu`, `*.tfvars`, `*.hcl`) and JSON syntax
 * (`*.tf.json`, `*.tofu.json`), producing a typed AST with exact source ranges.
 * Never throws on bad input: problems are returned as diagnostics with ranges.
 */
import type { Comment, Diagnostic, Expression, HclFile, TemplateExpr } from './ast.js';
import { BodyParser } from './body-parser.js';
import { ExpressionParser } from './expression-parser.js';
import { parseJsonSyntax } from './json-syntax.js';
import { toComments, toDiagnostics } from './results.js';
import { ScanStart, releaseTokens, scanNative, type RawDiagnostic } from './scanner.js';
import { LineIndex } from './source-text.js';
import { parseStandaloneTemplate } from './template-parser.js';
import { Tok } from './tokens.js';

export type * from './ast.js';
export { LineIndex, SourceRange } from './source-text.js';
export { walkExpression, walkBody } from './walk.js';

/** Result of parsing a standalone expression or template. */
export interface HclExpressionResult<E extends Expression = Expression> {
  readonly text: string;
  readonly expr: E;
  readonly comments: Comment[];
  readonly diagnostics: Diagnostic[];
}

const BOM = 0xfeff;

/** Parses a native-syntax configuration file. */
export function parseHCL(text: string, fileName: string): HclFile {
  const lines = new LineIndex(text);
  const start = skipBom(text);
  const scan = scanNative(text, start, text.length, ScanStart.Normal);
  const parser = new BodyParser(text, lines, scan.tokens, scan.diagnostics);
  const body = parser.parseFile();
  releaseTokens(scan.tokens);
  if (start > 0) scan.diagnostics.push(bomWarning());
  return {
    fileName,
    text,
    syntax: 'native',
    body,
    comments: toComments(text, lines, scan.comments),
    diagnostics: toDiagnostics(lines, scan.diagnostics),
  };
}

/** Parses a JSON-syntax configuration file (`*.tf.json`). */
export function parseHCLJSON(text: string, fileName: string): HclFile {
  return parseJsonSyntax(text, fileName);
}

/**
 * Parses one native-syntax expression, e.g. a `TF_VAR_name` value or a tfvars value.
 * Newlines are allowed around it; anything after it is reported.
 */
export function parseExpression(text: string): HclExpressionResult {
  const lines = new LineIndex(text);
  const start = skipBom(text);
  const scan = scanNative(text, start, text.length, ScanStart.Normal);
  const parser = new ExpressionParser(text, lines, scan.tokens, scan.diagnostics);
  parser.pushNewlines(false);
  const expr = parser.parseExpression();
  if (parser.peek() !== Tok.EOF) {
    const i = parser.peekIndex;
    parser.errorAtToken(
      i,
      'Extra characters after expression',
      'An expression was successfully parsed, but extra characters were found after it.',
    );
  }
  releaseTokens(scan.tokens);
  return {
    text,
    expr,
    comments: toComments(text, lines, scan.comments),
    diagnostics: toDiagnostics(lines, scan.diagnostics),
  };
}

/** Parses a standalone template: literal text with `${...}` interpolations and `%{...}` directives. */
export function parseTemplate(text: string): HclExpressionResult<TemplateExpr> {
  const lines = new LineIndex(text);
  const scan = scanNative(text, 0, text.length, ScanStart.Template);
  const parser = new ExpressionParser(text, lines, scan.tokens, scan.diagnostics);
  const expr = parseStandaloneTemplate(parser, 'standalone');
  releaseTokens(scan.tokens);
  return {
    text,
    expr,
    comments: toComments(text, lines, scan.comments),
    diagnostics: toDiagnostics(lines, scan.diagnostics),
  };
}

function skipBom(text: string): number {
  return text.length > 0 && text.charCodeAt(0) === BOM ? 1 : 0;
}

function bomWarning(): RawDiagnostic {
  return {
    severity: 'warning',
    message: 'Byte order mark',
    detail: 'HCL files should not start with a UTF-8 byte order mark; it was ignored.',
    start: 0,
    end: 1,
  };
}
