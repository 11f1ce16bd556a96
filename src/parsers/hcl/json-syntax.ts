/**
 * HCL JSON syntax (`*.tf.json`): JSON with ranges, mapped onto the same AST as the native syntax.
 *
 * Without a schema, which JSON objects are blocks is decided by a table of Terraform's block
 * types and their label counts (resource/data: 2, variable/output/module/provider: 1, ...);
 * everything else is an attribute. Strings are templates: `${...}` inside a JSON string is
 * parsed with ranges pointing into the JSON text, through JSON escapes.
 */
import type {
  Attribute,
  Block,
  BlockLabel,
  Body,
  BodyItem,
  Comment,
  Expression,
  HclFile,
  ObjectItem,
  Range,
  TemplateExpr,
} from './ast.js';
import { ExpressionParser } from './expression-parser.js';
import {
  decodeJsonString,
  JsonReader,
  type JsonObject,
  type JsonProperty,
  type JsonString,
  type JsonValue,
} from './json-reader.js';
import { toComments, toDiagnostics } from './results.js';
import { ScanStart, releaseTokens, scanNative, type RawComment, type RawDiagnostic } from './scanner.js';
import { LineIndex, SourceRange } from './source-text.js';
import { parseStandaloneTemplate } from './template-parser.js';

/** Label counts of block types, per enclosing block type ('' is the file's top level). */
const BLOCK_LABELS: Record<string, Record<string, number>> = {
  '': {
    resource: 2,
    data: 2,
    ephemeral: 2,
    variable: 1,
    output: 1,
    module: 1,
    provider: 1,
    check: 1,
    locals: 0,
    terraform: 0,
    moved: 0,
    import: 0,
    removed: 0,
  },
  resource: { lifecycle: 0, provisioner: 1, connection: 0, dynamic: 1 },
  data: { lifecycle: 0, dynamic: 1 },
  ephemeral: { lifecycle: 0, dynamic: 1 },
  provisioner: { connection: 0 },
  dynamic: { content: 0 },
  content: { dynamic: 1 },
  terraform: { backend: 1, required_providers: 0, cloud: 0, provider_meta: 1 },
  cloud: { workspaces: 0 },
  variable: { validation: 0 },
  output: { precondition: 0 },
  lifecycle: { precondition: 0, postcondition: 0 },
  check: { data: 2, assert: 0 },
  provider: { dynamic: 1 },
};

export function parseJsonSyntax(text: string, fileName: string): HclFile {
  const lines = new LineIndex(text);
  const reader = new JsonReader(text);
  reader.skipSpace();
  if (reader.pos < text.length && text.charCodeAt(reader.pos) === 0xfeff) {
    reader.pos++;
    reader.skipSpace();
  }
  const root = reader.pos < text.length ? reader.value(0) : null;
  reader.skipSpace();
  if (root !== null && reader.pos < text.length) {
    reader.report(
      'Extra characters after JSON value',
      'Only one JSON value may appear in the file.',
      reader.pos,
      reader.pos + 1,
    );
  }
  const mapper = new JsonMapper(text, lines, reader.diagnostics, reader.comments);
  let body: Body;
  if (root === null) {
    body = mapper.body([], 0, text.length);
  } else if (root.t !== 'object') {
    reader.report(
      'Root value must be object',
      'The root value in a JSON-based configuration must be an object.',
      root.start,
      root.end,
    );
    body = mapper.body([], 0, text.length);
  } else {
    body = mapper.body(mapper.bodyItems(root, ''), 0, text.length);
  }
  return {
    fileName,
    text,
    syntax: 'json',
    body,
    comments: mapper.comments(),
    diagnostics: toDiagnostics(lines, reader.diagnostics),
  };
}

/** Maps the JSON value tree onto HCL bodies, blocks, attributes and expressions. */
class JsonMapper {
  private readonly jsonComments: RawComment[] = [];

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly diagnostics: RawDiagnostic[],
    private readonly rawComments: RawComment[],
  ) {}

  private range(start: number, end: number): SourceRange {
    return new SourceRange(this.lines, start, end);
  }

  comments(): Comment[] {
    const all = this.rawComments.concat(this.jsonComments).sort((a, b) => a.start - b.start);
    return toComments(this.text, this.lines, all);
  }

  body(items: BodyItem[], start: number, end: number): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (const item of items) {
      if (item.kind === 'Attribute') attributes.push(item);
      else blocks.push(item);
    }
    return { kind: 'Body', range: this.range(start, end), items, attributes, blocks };
  }

  /** Items of a body object; `blockType` selects which properties are nested blocks. */
  bodyItems(obj: JsonObject, blockType: string): BodyItem[] {
    const items: BodyItem[] = [];
    const nested = BLOCK_LABELS[blockType];
    for (const prop of obj.props) {
      const name = prop.key.value;
      if (name === '//') {
        // HCL JSON: a "//" property is a comment.
        this.jsonComments.push({ start: prop.key.start, end: prop.value.end, style: 'json' });
        continue;
      }
      const labelCount = nested?.[name];
      if (labelCount !== undefined && (prop.value.t === 'object' || prop.value.t === 'array')) {
        this.expandBlocks(prop, prop.value, labelCount, [], items);
        continue;
      }
      items.push({
        kind: 'Attribute',
        range: this.range(prop.key.start, prop.value.end),
        name,
        nameRange: this.range(prop.key.start, prop.key.end),
        equalsRange: this.range(prop.colon, prop.colon + 1),
        expr: this.expression(prop.value),
      });
    }
    return items;
  }

  /** Descends `labelsLeft` levels of label objects, then makes one block per body object. */
  private expandBlocks(
    prop: JsonProperty,
    value: JsonValue,
    labelsLeft: number,
    labels: BlockLabel[],
    out: BodyItem[],
  ): void {
    if (value.t === 'array') {
      for (const item of value.items) this.expandBlocks(prop, item, labelsLeft, labels, out);
      return;
    }
    if (value.t !== 'object') {
      this.diagnostics.push({
        severity: 'error',
        message: 'Incorrect JSON value type',
        detail: `A JSON object is required here, ${labelsLeft > 0 ? 'whose property names are block labels' : 'setting the arguments of this block'}.`,
        start: value.start,
        end: value.end,
      });
      return;
    }
    if (labelsLeft > 0) {
      for (const labelProp of value.props) {
        if (labelProp.key.value === '//') continue;
        const label: BlockLabel = {
          range: this.range(labelProp.key.start, labelProp.key.end),
          value: labelProp.key.value,
          quoted: true,
        };
        this.expandBlocks(prop, labelProp.value, labelsLeft - 1, [...labels, label], out);
      }
      return;
    }
    const type = prop.key.value;
    out.push({
      kind: 'Block',
      range: this.range(prop.key.start, value.end),
      type,
      typeRange: this.range(prop.key.start, prop.key.end),
      labels,
      body: this.body(this.bodyItems(value, type), value.start, value.end),
      openBraceRange: this.range(value.start, value.start + 1),
      closeBraceRange: value.close >= 0 ? this.range(value.close, value.close + 1) : null,
    });
  }

  expression(value: JsonValue): Expression {
    const range = this.range(value.start, value.end);
    switch (value.t) {
      case 'string':
        return this.template(value);
      case 'number': {
        const raw = this.text.slice(value.start, value.end);
        return { kind: 'Literal', range, valueType: 'number', value: Number(raw), raw };
      }
      case 'true':
      case 'false':
        return { kind: 'Literal', range, valueType: 'bool', value: value.t === 'true', raw: value.t };
      case 'null':
        return { kind: 'Literal', range, valueType: 'null', value: null, raw: 'null' };
      case 'array':
        return { kind: 'Tuple', range, items: value.items.map((item) => this.expression(item)) };
      case 'object': {
        const items: ObjectItem[] = [];
        for (const prop of value.props) {
          items.push({
            range: this.range(prop.key.start, prop.value.end),
            key: this.template(prop.key),
            keyIdentifier: undefined,
            separator: ':',
            value: this.expression(prop.value),
          });
        }
        return { kind: 'Object', range, items };
      }
      case 'invalid':
        return { kind: 'Invalid', range };
    }
  }

  /** A JSON string as an HCL template; interpolations get ranges inside the JSON string. */
  private template(str: JsonString): TemplateExpr {
    const range = this.range(str.start, str.end);
    const value = str.value;
    const contentStart = str.start + 1;
    const closed = str.end - 1 > str.start && this.text.charCodeAt(str.end - 1) === 34;
    const contentEnd = closed ? str.end - 1 : str.end;
    if (value.indexOf('${') < 0 && value.indexOf('%{') < 0) {
      const literalRange: Range = this.range(contentStart, contentEnd);
      return {
        kind: 'Template',
        range,
        form: 'json',
        parts: [{ kind: 'TemplateLiteral', range: literalRange, value }],
        literalValue: value,
      };
    }
    let parsed: TemplateExpr;
    if (!str.hasEscapes) {
      // The decoded text is the source text: scan the JSON text in place.
      const scan = scanNative(this.text, contentStart, contentEnd, ScanStart.Template);
      const parser = new ExpressionParser(this.text, this.lines, scan.tokens, this.diagnostics);
      this.diagnostics.push(...scan.diagnostics);
      parsed = parseStandaloneTemplate(parser, 'json');
      releaseTokens(scan.tokens);
    } else {
      const map: number[] = [];
      const decoded = decodeJsonString(this.text, contentStart, contentEnd, map, null);
      const offsetMap = Int32Array.from(map);
      const scan = scanNative(decoded, 0, decoded.length, ScanStart.Template);
      for (const d of scan.diagnostics) {
        this.diagnostics.push({ ...d, start: offsetMap[d.start]!, end: offsetMap[d.end]! });
      }
      const parser = new ExpressionParser(decoded, this.lines, scan.tokens, this.diagnostics, offsetMap);
      parsed = parseStandaloneTemplate(parser, 'json');
      releaseTokens(scan.tokens);
    }
    return { ...parsed, range };
  }
}
