import { locOf, type Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import {
  parseHCL,
  parseHCLJSON,
  type Block,
  type Body,
  type Expression,
  type HclFile,
  type ObjectExpr,
  type Range,
} from '../../parsers/hcl/index.js';

/**
 * The configuration of one module folder, after OpenTofu's `.tofu` shadowing and Terraform's override merge.
 * Bodies are syntax-neutral: JSON-syntax nested blocks (objects in `*.tf.json`) read like native blocks.
 */

export interface RawAttr {
  name: string;
  expr: Expression;
  /** The whole `name = value`. */
  range: Range;
  nameRange: Range;
  file: SourceFile;
  /** Set when an override file replaced the original attribute. */
  overriddenIn?: Loc;
}

export interface RawBlock {
  type: string;
  labels: string[];
  labelRanges: Range[];
  /** The whole block. */
  range: Range;
  /** From the type name to the opening brace: the line a finding about the whole block points at. */
  header: Loc;
  file: SourceFile;
  body: RawBody;
  /** Override files merged into this block. */
  overrides?: Loc[];
}

export interface RawBody {
  attrs: Map<string, RawAttr>;
  blocks: RawBlock[];
  /** JSON syntax: nested blocks are written as objects (or arrays of objects) under attribute names. */
  json: boolean;
  file: SourceFile;
}

export interface ModuleConfig {
  /** Folder relative to the scan root ('' for the root itself). */
  dir: string;
  files: SourceFile[];
  /** Files not used because a `.tofu` file of the same name replaces them (OpenTofu). */
  shadowed: Array<{ file: string; by: string }>;
  overrideFiles: string[];
  variables: Map<string, RawBlock>;
  locals: Map<string, RawAttr>;
  outputs: Map<string, RawBlock>;
  /** `type.name`. */
  resources: Map<string, RawBlock>;
  /** `type.name` (without the `data.` prefix). */
  dataSources: Map<string, RawBlock>;
  ephemerals: Map<string, RawBlock>;
  moduleCalls: Map<string, RawBlock>;
  providers: RawBlock[];
  terraformBlocks: RawBlock[];
}

export function headerLoc(file: SourceFile, block: Block): Loc {
  return locOf(file, block.range.start.offset, block.openBraceRange.end.offset);
}

export function bodyFromAst(body: Body, file: SourceFile, json: boolean): RawBody {
  const attrs = new Map<string, RawAttr>();
  for (const a of body.attributes) {
    attrs.set(a.name, { name: a.name, expr: a.expr, range: a.range, nameRange: a.nameRange, file });
  }
  return { attrs, blocks: body.blocks.map((b) => blockFromAst(b, file, json)), json, file };
}

export function blockFromAst(b: Block, file: SourceFile, json: boolean): RawBlock {
  return {
    type: b.type,
    labels: b.labels.map((l) => l.value),
    labelRanges: b.labels.map((l) => l.range),
    range: b.range,
    header: headerLoc(file, b),
    file,
    body: bodyFromAst(b.body, file, json),
  };
}

function bodyFromObject(o: ObjectExpr, file: SourceFile): RawBody {
  const attrs = new Map<string, RawAttr>();
  for (const item of o.items) {
    const key = item.keyIdentifier ?? (item.key.kind === 'Template' ? item.key.literalValue : undefined);
    if (key === undefined) continue;
    attrs.set(key, { name: key, expr: item.value, range: item.range, nameRange: item.key.range, file });
  }
  return { attrs, blocks: [], json: true, file };
}

/**
 * The nested blocks of a type: native blocks, plus (JSON syntax) an attribute holding an object or an array
 * of objects. `dynamic` blocks are not expanded here.
 */
export function nestedBlocks(body: RawBody, type: string): RawBlock[] {
  const out = body.blocks.filter((b) => b.type === type);
  if (!body.json) return out;
  const a = body.attrs.get(type);
  if (!a) return out;
  const objects = a.expr.kind === 'Object' ? [a.expr] : a.expr.kind === 'Tuple' ? a.expr.items : [];
  for (const o of objects) {
    if (o.kind !== 'Object') continue;
    out.push({
      type,
      labels: [],
      labelRanges: [],
      range: o.range,
      header: locOf(a.file, a.range.start.offset, o.range.start.offset + 1),
      file: a.file,
      body: bodyFromObject(o, a.file),
    });
  }
  return out;
}

/** In JSON syntax, an attribute that is really a nested block is not an attribute. */
export function isJsonBlockAttr(attr: RawAttr): boolean {
  return (
    attr.expr.kind === 'Object' || (attr.expr.kind === 'Tuple' && attr.expr.items.some((i) => i.kind === 'Object'))
  );
}

/** Parses configuration files once per scan and keeps their diagnostics. */
export class ConfigParser {
  private readonly cache = new Map<string, HclFile>();

  parse(file: SourceFile): HclFile {
    let parsed = this.cache.get(file.rel);
    if (!parsed) {
      parsed = /\.json$/i.test(file.rel) ? parseHCLJSON(file.text, file.rel) : parseHCL(file.text, file.rel);
      this.cache.set(file.rel, parsed);
    }
    return parsed;
  }

  parsedFiles(): HclFile[] {
    return [...this.cache.values()];
  }
}

const CONFIG_FILE = /\.(tf|tofu)(\.json)?$/i;
const OVERRIDE_FILE = /(^|_)override\.(tf|tofu)(\.json)?$/i;

export function dirOf(rel: string): string {
  return rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
}

export function baseOf(rel: string): string {
  return rel.split('/').pop() ?? rel;
}

/**
 * Which files of a folder make its configuration: `x.tofu` replaces `x.tf` and `x.tofu.json` replaces
 * `x.tf.json` (OpenTofu); override files come last, in lexical order.
 */
export function selectModuleFiles(files: SourceFile[]): {
  primary: SourceFile[];
  overrides: SourceFile[];
  shadowed: Array<{ file: string; by: string }>;
} {
  const config = files
    .filter((f) => CONFIG_FILE.test(f.rel))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const shadowed: Array<{ file: string; by: string }> = [];
  const kept = config.filter((f) => {
    const m = /^(.*)\.tf(\.json)?$/i.exec(f.rel);
    if (!m) return true;
    const tofu = config.find((o) => o.rel.toLowerCase() === `${m[1]}.tofu${m[2] ?? ''}`.toLowerCase());
    if (tofu) {
      shadowed.push({ file: f.rel, by: tofu.rel });
      return false;
    }
    return true;
  });
  return {
    primary: kept.filter((f) => !OVERRIDE_FILE.test(baseOf(f.rel))),
    overrides: kept.filter((f) => OVERRIDE_FILE.test(baseOf(f.rel))),
    shadowed,
  };
}

function blockKey(b: RawBlock): string | undefined {
  switch (b.type) {
    case 'resource':
    case 'data':
    case 'ephemeral':
      return `${b.type}.${b.labels[0] ?? ''}.${b.labels[1] ?? ''}`;
    case 'variable':
    case 'output':
    case 'module':
      return `${b.type}.${b.labels[0] ?? ''}`;
    case 'provider': {
      const alias = b.body.attrs.get('alias');
      const a = alias?.expr.kind === 'Template' ? alias.expr.literalValue : undefined;
      return `provider.${b.labels[0] ?? ''}.${a ?? ''}`;
    }
    default:
      return undefined;
  }
}

/** Terraform's override merge: attributes replace; nested blocks of a type replace all blocks of that type. */
export function mergeBody(base: RawBody, over: RawBody, overLoc: Loc): RawBody {
  const attrs = new Map(base.attrs);
  for (const [k, a] of over.attrs) attrs.set(k, { ...a, overriddenIn: overLoc });
  const nestedType = (b: RawBlock) => (b.type === 'dynamic' ? (b.labels[0] ?? '') : b.type);
  const replaced = new Set(over.blocks.map(nestedType));
  if (over.json) for (const [k, a] of over.attrs) if (isJsonBlockAttr(a)) replaced.add(k);
  const blocks = [...base.blocks.filter((b) => !replaced.has(nestedType(b))), ...over.blocks];
  if (base.json && !over.json)
    for (const t of replaced) if (base.attrs.get(t) && isJsonBlockAttr(base.attrs.get(t) as RawAttr)) attrs.delete(t);
  return { attrs, blocks, json: base.json || over.json, file: base.file };
}

/** Reads one module folder into a configuration. Parse diagnostics are reported by the caller, once per file. */
export function loadModuleConfig(dir: string, files: SourceFile[], parser: ConfigParser): ModuleConfig {
  const { primary, overrides, shadowed } = selectModuleFiles(files);
  const config: ModuleConfig = {
    dir,
    files: [...primary, ...overrides],
    shadowed,
    overrideFiles: overrides.map((f) => f.rel),
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: new Map(),
    dataSources: new Map(),
    ephemerals: new Map(),
    moduleCalls: new Map(),
    providers: [],
    terraformBlocks: [],
  };
  const add = (b: RawBlock) => {
    switch (b.type) {
      case 'variable':
        if (b.labels[0]) config.variables.set(b.labels[0], b);
        break;
      case 'output':
        if (b.labels[0]) config.outputs.set(b.labels[0], b);
        break;
      case 'locals':
        for (const [k, a] of b.body.attrs) config.locals.set(k, a);
        break;
      case 'resource':
        if (b.labels.length >= 2) config.resources.set(`${b.labels[0]}.${b.labels[1]}`, b);
        break;
      case 'data':
        if (b.labels.length >= 2) config.dataSources.set(`${b.labels[0]}.${b.labels[1]}`, b);
        break;
      case 'ephemeral':
        if (b.labels.length >= 2) config.ephemerals.set(`${b.labels[0]}.${b.labels[1]}`, b);
        break;
      case 'module':
        if (b.labels[0]) config.moduleCalls.set(b.labels[0], b);
        break;
      case 'provider':
        config.providers.push(b);
        break;
      case 'terraform':
        config.terraformBlocks.push(b);
        break;
    }
  };
  for (const f of primary) {
    const parsed = parser.parse(f);
    for (const b of parsed.body.blocks) add(blockFromAst(b, f, parsed.syntax === 'json'));
  }
  for (const f of overrides) {
    const parsed = parser.parse(f);
    for (const ast of parsed.body.blocks) {
      const b = blockFromAst(ast, f, parsed.syntax === 'json');
      if (b.type === 'locals') {
        for (const [k, a] of b.body.attrs) config.locals.set(k, { ...a, overriddenIn: b.header });
        continue;
      }
      if (b.type === 'terraform') {
        config.terraformBlocks.push(b);
        continue;
      }
      const key = blockKey(b);
      const target = key ? findBlock(config, b, key) : undefined;
      if (!target) {
        add(b);
        continue;
      }
      const merged: RawBlock = {
        ...target.block,
        body: mergeBody(target.block.body, b.body, b.header),
        overrides: [...(target.block.overrides ?? []), b.header],
      };
      target.replace(merged);
    }
  }
  return config;
}

function findBlock(
  config: ModuleConfig,
  b: RawBlock,
  key: string,
): { block: RawBlock; replace: (n: RawBlock) => void } | undefined {
  const map =
    b.type === 'variable'
      ? config.variables
      : b.type === 'output'
        ? config.outputs
        : b.type === 'module'
          ? config.moduleCalls
          : b.type === 'resource'
            ? config.resources
            : b.type === 'data'
              ? config.dataSources
              : b.type === 'ephemeral'
                ? config.ephemerals
                : undefined;
  if (map) {
    const k =
      b.type === 'resource' || b.type === 'data' || b.type === 'ephemeral'
        ? `${b.labels[0]}.${b.labels[1]}`
        : (b.labels[0] ?? '');
    const block = map.get(k);
    return block ? { block, replace: (n) => map.set(k, n) } : undefined;
  }
  if (b.type === 'provider') {
    const i = config.providers.findIndex((p) => blockKey(p) === key);
    const block = config.providers[i];
    return block ? { block, replace: (n) => (config.providers[i] = n) } : undefined;
  }
  return undefined;
}

/** A literal string attribute (no interpolation), e.g. a module `source`. */
export function literalString(attr: RawAttr | undefined): string | undefined {
  if (!attr) return undefined;
  return attr.expr.kind === 'Template' ? attr.expr.literalValue : undefined;
}
