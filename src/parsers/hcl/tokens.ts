/** Token kinds of the native syntax. Numeric so the token stream can live in typed arrays. */
export const enum Tok {
  EOF,
  Newline,
  Ident,
  Number,
  OBrace,
  CBrace,
  OBrack,
  CBrack,
  OParen,
  CParen,
  Comma,
  Dot,
  Ellipsis,
  Colon,
  DoubleColon,
  Question,
  Equal,
  FatArrow,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  And,
  Or,
  Bang,
  EqualOp,
  NotEqual,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  /** `"` opening a quoted template. */
  OQuote,
  /** `"` closing a quoted template. */
  CQuote,
  /** Literal text inside a quoted template (escapes not yet decoded). */
  QuotedLit,
  /** `${` or `${~` */
  TemplateInterp,
  /** `%{` or `%{~` */
  TemplateControl,
  /** `}` or `~}` closing an interpolation or directive. */
  TemplateSeqEnd,
  /** `<<EOT` or `<<-EOT` including the newline that ends the introducer line. */
  OHeredoc,
  /** Literal heredoc text; one token never spans past a newline (it may end with one). */
  HeredocLit,
  /** The closing marker line of a heredoc: leading blanks and the marker, not the newline. */
  CHeredoc,
  /** A character that starts no token; the scanner already reported it. */
  Invalid,
}

/** Human-readable token names for diagnostics. */
export const TOKEN_NAMES: readonly string[] = [
  'end of file',
  'newline',
  'identifier',
  'number',
  '"{"',
  '"}"',
  '"["',
  '"]"',
  '"("',
  '")"',
  '","',
  '"."',
  '"..."',
  '":"',
  '"::"',
  '"?"',
  '"="',
  '"=>"',
  '"+"',
  '"-"',
  '"*"',
  '"/"',
  '"%"',
  '"&&"',
  '"||"',
  '"!"',
  '"=="',
  '"!="',
  '"<"',
  '"<="',
  '">"',
  '">="',
  'opening quote',
  'closing quote',
  'string literal',
  '"${"',
  '"%{"',
  '"}"',
  'heredoc introducer',
  'heredoc text',
  'heredoc end marker',
  'invalid character',
];

/** Struct-of-arrays token stream: no object per token. */
export class TokenStream {
  types: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count = 0;

  constructor(capacity: number) {
    const cap = capacity < 16 ? 16 : capacity;
    this.types = new Uint8Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
  }

  /** Doubles the capacity, keeping the tokens. The scanner writes tokens into the arrays itself. */
  grow(): void {
    const cap = this.types.length * 2;
    const types = new Uint8Array(cap);
    types.set(this.types);
    const starts = new Int32Array(cap);
    starts.set(this.starts);
    const ends = new Int32Array(cap);
    ends.set(this.ends);
    this.types = types;
    this.starts = starts;
    this.ends = ends;
  }
}
