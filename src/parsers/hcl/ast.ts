/**
 * Typed AST for HCL2 (native syntax and JSON syntax).
 *
 * Every node has a `kind` discriminant and a `range`. Offsets are 0-based UTF-16 offsets into `HclFile.text`
 * (so `text.slice(range.start.offset, range.end.offset)` is the node's source), lines and
 * columns are 1-based, and columns count characters (a surrogate pair is one column, a tab is one).
 * Ranges are half-open: `end` is the position just after the node.
 */

export interface Pos {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export interface Range {
  readonly start: Pos;
  readonly end: Pos;
}

export interface Comment {
  readonly range: Range;
  /**
   * Full source text of the comment, including its `#`, `//` or `/* *\/` delimiters (no trailing
   * newline). For style `json` (a `"//"` property in JSON syntax) it is the property's source.
   */
  readonly text: string;
  readonly style: 'hash' | 'slash' | 'block' | 'json';
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** One-line summary, e.g. "Missing newline after argument". */
  readonly message: string;
  /** Optional longer explanation. */
  readonly detail?: string;
  readonly range: Range;
}

/** What every parse entry point returns. `text` is the exact input, so fixes can edit spans by offset. */
export interface HclFile {
  readonly fileName: string;
  readonly text: string;
  readonly syntax: 'native' | 'json';
  readonly body: Body;
  readonly comments: Comment[];
  readonly diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------- structure

export interface Body {
  readonly kind: 'Body';
  readonly range: Range;
  /** Attributes and blocks in source order. */
  readonly items: BodyItem[];
  /** The attributes of `items`, in source order. */
  readonly attributes: Attribute[];
  /** The blocks of `items`, in source order. */
  readonly blocks: Block[];
}

export type BodyItem = Attribute | Block;

export interface Attribute {
  readonly kind: 'Attribute';
  /** From the name to the end of the expression. */
  readonly range: Range;
  readonly name: string;
  readonly nameRange: Range;
  /** The `=` (native) or `:` (JSON) between name and value. */
  readonly equalsRange: Range;
  readonly expr: Expression;
}

export interface BlockLabel {
  readonly range: Range;
  /** Decoded label value (escapes resolved for quoted labels). */
  readonly value: string;
  readonly quoted: boolean;
}

export interface Block {
  readonly kind: 'Block';
  /** From the type name to the closing brace (or to the end of the body when unclosed). */
  readonly range: Range;
  /** The block type name, e.g. `resource`. */
  readonly type: string;
  readonly typeRange: Range;
  readonly labels: BlockLabel[];
  readonly body: Body;
  readonly openBraceRange: Range;
  /** Null when the block is not closed (a diagnostic is reported). */
  readonly closeBraceRange: Range | null;
}

// ---------------------------------------------------------------- expressions

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | ScopeTraversalExpr
  | RelativeTraversalExpr
  | TupleExpr
  | ObjectExpr
  | ForExpr
  | FunctionCallExpr
  | ConditionalExpr
  | BinaryOpExpr
  | UnaryOpExpr
  | ParenthesizedExpr
  | InvalidExpr;

export interface LiteralExpr {
  readonly kind: 'Literal';
  readonly range: Range;
  readonly valueType: 'number' | 'bool' | 'null';
  /** JS value; numbers beyond double precision are rounded here, `raw` keeps the exact digits. */
  readonly value: number | boolean | null;
  readonly raw: string;
}

/**
 * Quoted string, heredoc, JSON string (JSON syntax), or standalone template.
 * A template made of exactly one interpolation and nothing else (`"${x}"`) evaluates to the
 * interpolated value itself, unconverted, as in HCL.
 */
export interface TemplateExpr {
  readonly kind: 'Template';
  readonly range: Range;
  readonly form: 'quoted' | 'heredoc' | 'json' | 'standalone';
  readonly parts: TemplatePart[];
  /** Set when the template is a single literal (no interpolation/directive): its decoded value. */
  readonly literalValue: string | undefined;
  /** Heredoc marker details, for `form: 'heredoc'`. */
  readonly heredoc?: { readonly marker: string; readonly indented: boolean };
}

export type TemplatePart = TemplateLiteral | TemplateInterpolation | TemplateIf | TemplateFor;

export interface TemplateLiteral {
  readonly kind: 'TemplateLiteral';
  /** Source span of the literal text (escapes undecoded in the source). */
  readonly range: Range;
  /** Decoded value: escapes resolved, strip markers and `<<-` indentation applied. */
  readonly value: string;
}

/** `${ expr }`; `stripLeft`/`stripRight` are the `~` markers. */
export interface TemplateInterpolation {
  readonly kind: 'TemplateInterpolation';
  readonly range: Range;
  readonly expr: Expression;
  readonly stripLeft: boolean;
  readonly stripRight: boolean;
}

/** `%{ if cond }...%{ else }...%{ endif }`. */
export interface TemplateIf {
  readonly kind: 'TemplateIf';
  /** From `%{ if` to the closing `}` of `%{ endif }`. */
  readonly range: Range;
  readonly condition: Expression;
  readonly thenParts: TemplatePart[];
  readonly elseParts: TemplatePart[] | undefined;
}

/** `%{ for k, v in coll }...%{ endfor }`. */
export interface TemplateFor {
  readonly kind: 'TemplateFor';
  readonly range: Range;
  readonly keyVar: Identifier | undefined;
  readonly valueVar: Identifier;
  readonly collection: Expression;
  readonly bodyParts: TemplatePart[];
}

export interface Identifier {
  readonly name: string;
  readonly range: Range;
}

/**
 * One postfix operation in a traversal chain.
 * Splat semantics (as HCL): steps after a `splat` step apply to each element. For the
 * attribute-only splat (`.*`) the per-element chain ends at the first `index` step, which then
 * indexes the resulting tuple (`a.*.b[0]` = `[for v in a : v.b][0]`); for the full splat (`[*]`)
 * every following step is per element (`a[*].b[0]` = `[for v in a : v.b[0]]`). A further splat
 * step applies to the result of the earlier one.
 */
export type TraversalStep = AttrStep | IndexStep | SplatStep;

/** `.name` */
export interface AttrStep {
  readonly kind: 'attr';
  readonly range: Range;
  readonly name: string;
  readonly nameRange: Range;
}

/** `[key]`, or the legacy `.0` form (`legacy: true`, key is a number literal). */
export interface IndexStep {
  readonly kind: 'index';
  readonly range: Range;
  readonly key: Expression;
  readonly legacy: boolean;
}

/** `.*` (style `attr`) or `[*]` (style `full`). */
export interface SplatStep {
  readonly kind: 'splat';
  readonly range: Range;
  readonly style: 'attr' | 'full';
}

/** A variable reference with its postfix chain: `var.x`, `docker_image.db.image_id`, `a[0]`, `a[*].b`. */
export interface ScopeTraversalExpr {
  readonly kind: 'ScopeTraversal';
  readonly range: Range;
  readonly root: string;
  readonly rootRange: Range;
  /** Empty for a bare variable name. */
  readonly steps: TraversalStep[];
}

/** A postfix chain on an arbitrary expression: `f(x).a`, `[1, 2][0]`, `(a).*.b`. */
export interface RelativeTraversalExpr {
  readonly kind: 'RelativeTraversal';
  readonly range: Range;
  readonly source: Expression;
  /** Never empty. */
  readonly steps: TraversalStep[];
}

export interface TupleExpr {
  readonly kind: 'Tuple';
  readonly range: Range;
  readonly items: Expression[];
}

export interface ObjectItem {
  readonly range: Range;
  readonly key: Expression;
  /** Set when the key is a naked identifier, which HCL reads as a literal name, not a variable. */
  readonly keyIdentifier: string | undefined;
  readonly separator: '=' | ':';
  readonly value: Expression;
}

export interface ObjectExpr {
  readonly kind: 'Object';
  readonly range: Range;
  readonly items: ObjectItem[];
}

/** `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`. */
export interface ForExpr {
  readonly kind: 'For';
  readonly range: Range;
  readonly resultType: 'tuple' | 'object';
  readonly keyVar: Identifier | undefined;
  readonly valueVar: Identifier;
  readonly collection: Expression;
  /** Only for object results: the expression before `=>`. */
  readonly keyExpr: Expression | undefined;
  readonly valueExpr: Expression;
  readonly condition: Expression | undefined;
  /** `...` after the value: group values by key (object results only). */
  readonly grouping: boolean;
}

export interface FunctionCallExpr {
  readonly kind: 'FunctionCall';
  readonly range: Range;
  /** Full name as written, including any namespace, e.g. `provider::terraform::encode_tfvars`. */
  readonly name: string;
  /** Namespace segments before the function's own name (`['provider', 'terraform']`), empty if none. */
  readonly namespace: string[];
  readonly nameRange: Range;
  readonly args: Expression[];
  /** The last argument is followed by `...` and expands into several arguments. */
  readonly expandFinal: boolean;
  readonly openParenRange: Range;
  readonly closeParenRange: Range;
}

export interface ConditionalExpr {
  readonly kind: 'Conditional';
  readonly range: Range;
  readonly condition: Expression;
  readonly trueExpr: Expression;
  readonly falseExpr: Expression;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryOpExpr {
  readonly kind: 'BinaryOp';
  readonly range: Range;
  readonly operator: BinaryOperator;
  readonly operatorRange: Range;
  readonly left: Expression;
  readonly right: Expression;
}

export interface UnaryOpExpr {
  readonly kind: 'UnaryOp';
  readonly range: Range;
  readonly operator: '-' | '!';
  readonly operatorRange: Range;
  readonly operand: Expression;
}

export interface ParenthesizedExpr {
  readonly kind: 'Parenthesized';
  /** Includes the parentheses. */
  readonly range: Range;
  readonly expr: Expression;
}

/** Placeholder where an expression could not be parsed; a diagnostic covers it. */
export interface InvalidExpr {
  readonly kind: 'Invalid';
  readonly range: Range;
}
