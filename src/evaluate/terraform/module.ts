import type { Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import { parseExpression, type Expression, type TraversalStep } from '../../parsers/hcl/index.js';
import {
  isJsonBlockAttr,
  literalString,
  nestedBlocks,
  type ModuleConfig,
  type RawAttr,
  type RawBlock,
  type RawBody,
} from './config.js';
import { evaluate, iterate, rangeLoc, type EvalContext, type Resolver } from './expressions.js';
import type { FunctionHost } from './functions.js';
import { convert, parseTypeExpr, type TypeSpec } from './types.js';
import {
  asBool,
  asNumber,
  asString,
  bool,
  deepWithMarks,
  errorValue,
  list,
  num,
  obj,
  str,
  unknownValue,
  withMarks,
  type TfValue,
  type Via,
} from './values.js';
import type { VarAssignment } from './variables.js';
import type { AttrView, BlockView } from './view.js';

/** What a module instance needs from the whole evaluation. */
export interface ModuleWorld {
  workspace: TfValue;
  /** Reports a problem once (module not found, remote module, cycle). */
  problem(p: { file: string; kind: 'parse-error' | 'skipped'; message: string; loc?: Loc }): void;
  /** The configuration of a module folder, or undefined when no configuration file is there. */
  config(dir: string): ModuleConfig | undefined;
}

export interface ModuleCallInfo {
  parent: ModuleInstance;
  name: string;
  block: RawBlock;
}

export interface RemoteModule {
  kind: 'remote' | 'missing' | 'cycle';
  name: string;
  block: RawBlock;
  source: string;
  reason: string;
}

/** Declared properties of a variable. */
export interface VariableDecl {
  name: string;
  block: RawBlock;
  type: TypeSpec;
  sensitive?: { value: boolean; loc: Loc };
  ephemeral: boolean;
  nullable: boolean;
  defaultAttr?: RawAttr;
}

/** Instance variables of a resource or module call with `count`/`for_each`: the first instance stands for all. */
interface InstanceInfo {
  vars: Map<string, TfValue>;
  /** Set when `count = 0` or an empty `for_each`: the block creates nothing. */
  absent?: string;
  note?: Via;
}

/** Docker provider attributes that stand for another attribute of the same resource, for image/network purposes. */
const STANDS_FOR: Record<string, Record<string, string>> = {
  'resource.docker_image': { image_id: 'name', repo_digest: 'name', latest: 'name', id: 'name' },
  'data.docker_image': { repo_digest: 'name', id: 'name' },
  'resource.docker_network': { id: 'name' },
  'data.docker_network': { id: 'name' },
  'resource.docker_volume': { id: 'name' },
  'resource.docker_secret': { id: 'name' },
  'resource.docker_config': { id: 'name' },
};

/** Computed attributes that providers mark sensitive (the secret-store and generator outputs). */
function sensitiveComputed(type: string, attr: string): boolean {
  if (type === 'random_password' && (attr === 'result' || attr === 'bcrypt_hash')) return true;
  if (/^(vault_|aws_secretsmanager|azurerm_key_vault_secret|google_secret_manager|aws_ssm_parameter)/.test(type)) {
    return ['data', 'data_json', 'secret_string', 'secret_binary', 'value', 'secret_data'].includes(attr);
  }
  return /password|secret|private_key|token/.test(attr);
}

const META_ARGS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

export function isLiteralExpr(e: Expression): boolean {
  switch (e.kind) {
    case 'Literal':
      return true;
    case 'Template':
      return e.literalValue !== undefined;
    case 'Tuple':
      return e.items.every(isLiteralExpr);
    case 'Object':
      return e.items.every((i) => (i.keyIdentifier !== undefined || isLiteralExpr(i.key)) && isLiteralExpr(i.value));
    case 'Parenthesized':
      return isLiteralExpr(e.expr);
    case 'UnaryOp':
      return e.operator === '-' && e.operand.kind === 'Literal';
    default:
      return false;
  }
}

function normalizePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else out.push('..');
    } else out.push(part);
  }
  return out.join('/');
}

export function joinPath(dir: string, rel: string): string {
  return normalizePath(dir ? `${dir}/${rel}` : rel);
}

/** Relative path from one folder to another, as Terraform shows `path.module`. */
function relativePath(from: string, to: string): string {
  const a = from ? from.split('/') : [];
  const b = to ? to.split('/') : [];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const parts = [...a.slice(i).map(() => '..'), ...b.slice(i)];
  return parts.length ? parts.join('/') : '.';
}

/** One evaluated module: the root module of a folder, or a local module called from another. */
export class ModuleInstance implements Resolver {
  /** `''` for a root module, `module.db`, `module.db.module.net`, … */
  readonly address: string;
  readonly children = new Map<string, ModuleInstance | RemoteModule>();
  readonly host: FunctionHost;
  private readonly values = new Map<string, TfValue>();
  private readonly evaluating = new Set<string>();
  private readonly instanceInfo = new Map<RawBlock, InstanceInfo>();

  constructor(
    readonly world: ModuleWorld,
    readonly config: ModuleConfig,
    readonly rootDir: string,
    readonly files: Map<string, SourceFile>,
    readonly call: ModuleCallInfo | undefined,
    /** Root modules only: the winning value assignment per variable. */
    readonly assignments: Map<string, VarAssignment> | undefined,
    private readonly stack: string[],
  ) {
    this.address = call ? `${call.parent.address ? call.parent.address + '.' : ''}module.${call.name}` : '';
    this.host = {
      readFile: (p) => {
        if (p.startsWith('/') || /^[a-z]:[\\/]/i.test(p) || p.startsWith('~')) {
          return { reason: `file "${p}" is outside the scanned tree` };
        }
        const rel = joinPath(this.rootDir, p);
        const file = this.files.get(rel);
        return file ? { file } : { reason: `file "${p}" is not among the scanned inputs` };
      },
      fileExists: (p) => {
        if (p.startsWith('/')) return undefined;
        return this.files.has(joinPath(this.rootDir, p)) ? true : undefined;
      },
    };
  }

  /** `module.db.` prefix for addresses in this instance. */
  qualify(name: string): string {
    return this.address ? `${this.address}.${name}` : name;
  }

  get isRoot(): boolean {
    return !this.call;
  }

  context(file: SourceFile, vars?: Map<string, TfValue>): EvalContext {
    return { file, resolver: this, host: this.host, vars };
  }

  private memo(key: string, loc: Loc | undefined, compute: () => TfValue): TfValue {
    const have = this.values.get(key);
    if (have) return have;
    if (this.evaluating.has(key)) {
      return errorValue(`${this.qualify(key)} refers to itself (a cycle)`, loc ? { loc } : {});
    }
    this.evaluating.add(key);
    try {
      const v = compute();
      this.values.set(key, v);
      return v;
    } finally {
      this.evaluating.delete(key);
    }
  }

  // ---------------------------------------------------------------- references

  resolve(
    root: string,
    steps: readonly TraversalStep[],
    _ctx: EvalContext,
    loc: Loc,
  ): { value: TfValue; consumed: number } {
    const attrName = (i: number) => {
      const s = steps[i];
      return s?.kind === 'attr' ? s.name : undefined;
    };
    switch (root) {
      case 'var': {
        const name = attrName(0);
        if (!name) return { value: errorValue('"var" must be followed by a variable name', { loc }), consumed: 0 };
        return { value: this.variable(name, loc), consumed: 1 };
      }
      case 'local': {
        const name = attrName(0);
        if (!name) return { value: errorValue('"local" must be followed by a name', { loc }), consumed: 0 };
        return { value: this.local(name, loc), consumed: 1 };
      }
      case 'module': {
        const name = attrName(0);
        if (!name) return { value: errorValue('"module" must be followed by a module name', { loc }), consumed: 0 };
        let i = 1;
        if (steps[1]?.kind === 'index') i = 2;
        const output = attrName(i);
        if (!output) return { value: this.moduleObject(name, loc), consumed: i };
        return { value: this.moduleOutput(name, output, loc), consumed: i + 1 };
      }
      case 'path': {
        const which = attrName(0);
        const dir = this.config.dir;
        const value =
          which === 'module' ? relativePath(this.rootDir, dir) : which === 'root' || which === 'cwd' ? '.' : undefined;
        if (value === undefined)
          return { value: errorValue(`unknown attribute path.${which ?? ''}`, { loc }), consumed: 1 };
        return { value: str(value, { loc }), consumed: 1 };
      }
      case 'terraform':
      case 'tofu': {
        const which = attrName(0);
        if (which === 'workspace')
          return { value: withMarks(this.world.workspace, { deps: ['terraform.workspace'] }), consumed: 1 };
        if (which === 'applying') return { value: bool(false, { loc }), consumed: 1 };
        return { value: errorValue(`unknown attribute ${root}.${which ?? ''}`, { loc }), consumed: 1 };
      }
      case 'count':
      case 'each':
      case 'self':
        return { value: errorValue(`"${root}" is only available inside a block that uses it`, { loc }), consumed: 0 };
      case 'data':
      case 'ephemeral': {
        const type = attrName(0);
        const name = attrName(1);
        if (!type || !name) return { value: errorValue(`incomplete reference to ${root}`, { loc }), consumed: 0 };
        const r = this.resourceRef(root, type, name, steps.slice(2), loc);
        return { value: r.value, consumed: 2 + r.consumed };
      }
      default: {
        const name = attrName(0);
        if (name && this.config.resources.has(`${root}.${name}`)) {
          const r = this.resourceRef('resource', root, name, steps.slice(1), loc);
          return { value: r.value, consumed: 1 + r.consumed };
        }
        return {
          value: errorValue(name ? `reference to undeclared resource ${root}.${name}` : `unknown name "${root}"`, {
            loc,
          }),
          consumed: 0,
        };
      }
    }
  }

  // ---------------------------------------------------------------- variables

  declaration(name: string): VariableDecl | undefined {
    const block = this.config.variables.get(name);
    if (!block) return undefined;
    const attrs = block.body.attrs;
    const typeAttr = attrs.get('type');
    let sensitive: VariableDecl['sensitive'];
    const sAttr = attrs.get('sensitive');
    if (sAttr) {
      const v = evaluate(sAttr.expr, this.context(sAttr.file));
      sensitive = { value: asBool(v) === true, loc: rangeLoc(sAttr.file, sAttr.range) };
    }
    const flag = (k: string, dflt: boolean) => {
      const a = attrs.get(k);
      if (!a) return dflt;
      return asBool(evaluate(a.expr, this.context(a.file))) ?? dflt;
    };
    let type = parseTypeExpr(typeAttr?.expr);
    if (typeAttr && typeAttr.expr.kind === 'Template' && typeAttr.expr.literalValue !== undefined && block.body.json) {
      type = parseTypeFromString(typeAttr.expr.literalValue);
    }
    return {
      name,
      block,
      type,
      sensitive,
      ephemeral: flag('ephemeral', false),
      nullable: flag('nullable', true),
      defaultAttr: attrs.get('default'),
    };
  }

  /** The value of a variable of this module, with its provenance and marks. */
  variable(name: string, loc?: Loc): TfValue {
    return this.memo(`var.${name}`, loc, () => {
      const decl = this.declaration(name);
      if (!decl) return errorValue(`undeclared variable "${name}"`, loc ? { loc } : {});
      let raw: TfValue | undefined;
      let via: Via[] = [];
      if (this.assignments) {
        const a = this.assignments.get(name);
        if (a) {
          raw = a.value;
          via = [a.via];
        }
      } else if (this.call) {
        const arg = this.call.block.body.attrs.get(name);
        if (arg) {
          const info = this.call.parent.instance(this.call.block);
          raw = evaluate(arg.expr, this.call.parent.context(arg.file, info.vars));
          via = [{ loc: rangeLoc(arg.file, arg.range), message: `input "${name}" of module "${this.call.name}"` }];
        }
      }
      if ((!raw || (raw.kind === 'null' && !decl.nullable)) && decl.defaultAttr) {
        const d = decl.defaultAttr;
        raw = evaluate(d.expr, this.context(d.file));
        via = [{ loc: rangeLoc(d.file, d.expr.range), message: `default of variable "${name}"` }];
      }
      if (!raw) {
        via = [{ loc: decl.block.header, message: `variable "${name}" has no value` }];
        raw = unknownValue(
          this.call
            ? `module "${this.call.name}" does not set input "${name}" and the variable has no default`
            : `variable "${name}" has no value in the scan (no default, tfvars, TF_VAR_${name} or --var)`,
          { loc: decl.block.header },
        );
      }
      let value = convert(raw, decl.type, (e) => evaluate(e, this.context(decl.block.file)));
      if (decl.sensitive?.value) value = deepWithMarks(value, { sensitive: true });
      return withMarks(value, { via, deps: [this.qualify(`var.${name}`)] });
    });
  }

  /** Variable names declared by this module. */
  variableNames(): string[] {
    return [...this.config.variables.keys()];
  }

  local(name: string, loc?: Loc): TfValue {
    return this.memo(`local.${name}`, loc, () => {
      const a = this.config.locals.get(name);
      if (!a) return errorValue(`undeclared local value "${name}"`, loc ? { loc } : {});
      const v = evaluate(a.expr, this.context(a.file));
      const via: Via[] = [{ loc: rangeLoc(a.file, a.range), message: `local value "${name}"` }];
      if (a.overriddenIn) via.push({ loc: a.overriddenIn, message: 'from an override file' });
      return withMarks(v, { via, deps: [this.qualify(`local.${name}`)] });
    });
  }

  output(name: string, loc?: Loc): TfValue {
    return this.memo(`output.${name}`, loc, () => {
      const b = this.config.outputs.get(name);
      const a = b?.body.attrs.get('value');
      if (!b || !a) return errorValue(`module has no output "${name}"`, loc ? { loc } : {});
      const v = evaluate(a.expr, this.context(a.file));
      let marked = v;
      const s = b.body.attrs.get('sensitive');
      if (s && asBool(evaluate(s.expr, this.context(s.file))) === true) marked = deepWithMarks(v, { sensitive: true });
      return withMarks(marked, {
        via: [
          {
            loc: rangeLoc(a.file, a.range),
            message: `output "${name}"${this.call ? ` of module "${this.call.name}"` : ''}`,
          },
        ],
      });
    });
  }

  // ---------------------------------------------------------------- modules

  child(name: string): ModuleInstance | RemoteModule | undefined {
    const have = this.children.get(name);
    if (have) return have;
    const block = this.config.moduleCalls.get(name);
    if (!block) return undefined;
    const sourceAttr = block.body.attrs.get('source');
    const source = literalString(sourceAttr) ?? '';
    const where = `module "${name}" (${block.file.rel}:${block.header.start.line})`;
    let result: ModuleInstance | RemoteModule;
    if (!/^\.\.?(\/|$)/.test(source)) {
      const reason = `${where}: source "${source}" is a remote module; it is not fetched, so its resources are not checked (its inputs are)`;
      this.world.problem({ file: block.file.rel, kind: 'skipped', message: reason, loc: block.header });
      result = { kind: 'remote', name, block, source, reason };
    } else {
      const dir = joinPath(this.config.dir, source);
      const config = this.world.config(dir);
      if (this.stack.includes(dir)) {
        const chain = [...this.stack.slice(this.stack.indexOf(dir)), dir].map((d) => d || '.').join(' → ');
        const reason = `${where}: module cycle ${chain}; the nested call is not evaluated`;
        this.world.problem({ file: block.file.rel, kind: 'skipped', message: reason, loc: block.header });
        result = { kind: 'cycle', name, block, source, reason };
      } else if (!config) {
        const reason = `${where}: source "${source}" has no configuration files in the scanned tree`;
        this.world.problem({ file: block.file.rel, kind: 'skipped', message: reason, loc: block.header });
        result = { kind: 'missing', name, block, source, reason };
      } else {
        result = new ModuleInstance(
          this.world,
          config,
          this.rootDir,
          this.files,
          { parent: this, name, block },
          undefined,
          [...this.stack, dir],
        );
      }
    }
    this.children.set(name, result);
    return result;
  }

  /** Evaluated inputs of a module call (local or remote), with locations. */
  moduleInputs(name: string): AttrView[] {
    const block = this.config.moduleCalls.get(name);
    if (!block) return [];
    return new EvaluatedBody(this, block.body, this.instance(block).vars, block.header)
      .attributes()
      .filter((a) => !META_ARGS.has(a.name));
  }

  private moduleOutput(name: string, output: string, loc: Loc): TfValue {
    const c = this.child(name);
    if (!c) return errorValue(`reference to undeclared module "${name}"`, { loc });
    if (!(c instanceof ModuleInstance))
      return unknownValue(`module.${name}.${output}: ${c.reason}`, { loc, deps: [this.qualify(`module.${name}`)] });
    const v = c.output(output, loc);
    return withMarks(v, { deps: [this.qualify(`module.${name}.${output}`)] });
  }

  private moduleObject(name: string, loc: Loc): TfValue {
    const c = this.child(name);
    if (!c) return errorValue(`reference to undeclared module "${name}"`, { loc });
    if (!(c instanceof ModuleInstance)) return unknownValue(`module.${name}: ${c.reason}`, { loc });
    return obj(new Map([...c.config.outputs.keys()].map((o) => [o, c.output(o, loc)])), { loc });
  }

  // ---------------------------------------------------------------- resources

  private resourceRef(
    mode: 'resource' | 'data' | 'ephemeral',
    type: string,
    name: string,
    rest: readonly TraversalStep[],
    loc: Loc,
  ): { value: TfValue; consumed: number } {
    const map =
      mode === 'resource' ? this.config.resources : mode === 'data' ? this.config.dataSources : this.config.ephemerals;
    const block = map.get(`${type}.${name}`);
    const addr = this.qualify(mode === 'resource' ? `${type}.${name}` : `${mode}.${type}.${name}`);
    if (!block) return { value: errorValue(`reference to undeclared ${addr}`, { loc }), consumed: 0 };
    let i = 0;
    let splat = false;
    if (rest[0]?.kind === 'index') i = 1;
    else if (rest[0]?.kind === 'splat') {
      splat = true;
      i = 1;
    }
    const step = rest[i];
    let value: TfValue;
    let consumed = i;
    if (step?.kind === 'attr') {
      value = this.resourceAttr(mode, block, addr, step.name, loc);
      consumed = i + 1;
    } else {
      value = this.resourceObject(mode, block, addr, loc);
    }
    return { value: splat ? list([value], { loc }) : value, consumed };
  }

  private resourceObject(mode: string, block: RawBlock, addr: string, loc: Loc): TfValue {
    const attrs = new Map<string, TfValue>();
    for (const name of block.body.attrs.keys()) {
      if (META_ARGS.has(name) || name === 'lifecycle') continue;
      attrs.set(name, this.resourceAttr(mode, block, addr, name, loc));
    }
    return obj(attrs, { loc, deps: [addr] });
  }

  private resourceAttr(mode: string, block: RawBlock, addr: string, attr: string, loc: Loc): TfValue {
    const type = block.labels[0] ?? '';
    return this.memo(`${addr}.${attr}`, loc, () => {
      const standsFor = STANDS_FOR[`${mode}.${type}`]?.[attr];
      const target = standsFor ?? attr;
      const a = block.body.attrs.get(target);
      if (a && !(block.body.json && isJsonBlockAttr(a))) {
        const v = evaluate(a.expr, this.context(a.file, this.instance(block).vars));
        const message = standsFor ? `${addr}.${attr} stands for ${addr}.${target}` : `${addr}.${attr}`;
        return withMarks(v, { via: [{ loc: rangeLoc(a.file, a.range), message }], deps: [addr] });
      }
      const nested = nestedBlocks(block.body, attr);
      if (nested.length) {
        const vars = this.instance(block).vars;
        return list(
          nested.map((n) => new EvaluatedBody(this, n.body, vars, n.header).toValue()),
          { loc, deps: [addr] },
        );
      }
      return unknownValue(`${addr}.${attr} is computed by the provider at apply time`, {
        loc,
        deps: [addr],
        sensitive: sensitiveComputed(type, attr),
      });
    });
  }

  /** count / for_each of a resource or module call: the first instance stands for all of them. */
  instance(block: RawBlock): InstanceInfo {
    const have = this.instanceInfo.get(block);
    if (have) return have;
    const info: InstanceInfo = { vars: new Map() };
    this.instanceInfo.set(block, info);
    const count = block.body.attrs.get('count');
    const forEach = block.body.attrs.get('for_each');
    if (count) {
      const v = evaluate(count.expr, this.context(count.file));
      const n = asNumber(v);
      const at = rangeLoc(count.file, count.range);
      if (v.kind === 'unknown') {
        info.vars.set(
          'count',
          obj({ index: unknownValue(`count is unknown (${v.reason})`, { deps: ['count.index'] }) }),
        );
        info.note = { loc: at, message: 'count is unknown' };
      } else if (n === 0) {
        info.absent = `count = 0 at ${count.file.rel}:${at.start.line}`;
      } else {
        info.note = { loc: at, message: `count = ${n ?? '?'}: evaluated for the first instance (count.index = 0)` };
        info.vars.set('count', obj({ index: num(0, { deps: ['count.index'], via: [info.note] }) }));
      }
    } else if (forEach) {
      const v = evaluate(forEach.expr, this.context(forEach.file));
      const at = rangeLoc(forEach.file, forEach.range);
      if (v.kind === 'unknown') {
        const u = unknownValue(`for_each is unknown (${v.reason})`, { deps: ['each'] });
        info.vars.set('each', obj({ key: u, value: u }));
        info.note = { loc: at, message: 'for_each is unknown' };
      } else {
        const entries = iterate(v) ?? [];
        const first = entries[0];
        if (!first) info.absent = `for_each is empty at ${forEach.file.rel}:${at.start.line}`;
        else {
          const key = v.kind === 'list' ? first[1] : first[0];
          info.note = {
            loc: at,
            message: `for_each: evaluated for the first instance (each.key = ${JSON.stringify(asString(key) ?? '?')})`,
          };
          info.vars.set(
            'each',
            obj({ key: withMarks(key, { via: [info.note] }), value: withMarks(first[1], { via: [info.note] }) }),
          );
        }
      }
    }
    return info;
  }

  /** Managed resources of a type in this module, evaluated (absent ones, `count = 0`, are left out). */
  resources(
    type: string,
    mode: 'resource' | 'data' = 'resource',
  ): Array<{ address: string; block: RawBlock; body: EvaluatedBody; note?: Via }> {
    const map = mode === 'resource' ? this.config.resources : this.config.dataSources;
    const out: Array<{ address: string; block: RawBlock; body: EvaluatedBody; note?: Via }> = [];
    for (const [key, block] of map) {
      if (block.labels[0] !== type) continue;
      const info = this.instance(block);
      if (info.absent) continue;
      const address = this.qualify(mode === 'resource' ? key : `data.${key}`);
      out.push({
        address,
        block,
        body: new EvaluatedBody(this, block.body, info.vars, block.header, info.note ? [info.note] : undefined),
        note: info.note,
      });
    }
    return out;
  }

  /** This instance and every local module instance below it. */
  descendants(): ModuleInstance[] {
    const out: ModuleInstance[] = [this];
    for (const name of this.config.moduleCalls.keys()) {
      const c = this.child(name);
      if (c instanceof ModuleInstance) out.push(...c.descendants());
    }
    return out;
  }
}

/** JSON-syntax type strings: `"list(string)"`. */
function parseTypeFromString(s: string): TypeSpec {
  return parseTypeExpr(parseExpressionSafe(s));
}

function parseExpressionSafe(s: string): Expression | undefined {
  const r = parseExpression(s);
  return r.diagnostics.some((d) => d.severity === 'error') ? undefined : r.expr;
}

/** A block body evaluated in its module, with `count`/`for_each`/dynamic iterators bound. */
export class EvaluatedBody implements BlockView {
  readonly file: string;
  private readonly cache = new Map<string, AttrView | undefined>();

  constructor(
    readonly instance: ModuleInstance,
    readonly raw: RawBody,
    readonly vars: Map<string, TfValue>,
    readonly loc: Loc,
    readonly via?: Via[],
  ) {
    this.file = raw.file.rel;
  }

  attr(name: string): AttrView | undefined {
    if (this.cache.has(name)) return this.cache.get(name);
    const a = this.raw.attrs.get(name);
    let view: AttrView | undefined;
    if (a && !(this.raw.json && isJsonBlockAttr(a) && nestedBlocks(this.raw, name).length)) {
      let value = evaluate(a.expr, this.instance.context(a.file, this.vars));
      if (this.via?.length) value = withMarks(value, { via: this.via });
      view = {
        name,
        value,
        loc: rangeLoc(a.file, a.expr.range),
        attrLoc: rangeLoc(a.file, a.range),
        literal: isLiteralExpr(a.expr),
        overriddenIn: a.overriddenIn,
        expr: a.expr,
        file: a.file,
        evaluatePart: (e) => evaluate(e, this.instance.context(a.file, this.vars)),
      };
    }
    this.cache.set(name, view);
    return view;
  }

  attributes(): AttrView[] {
    return [...this.raw.attrs.keys()].map((k) => this.attr(k)).filter((a): a is AttrView => !!a);
  }

  blocks(type: string): EvaluatedBody[] {
    const out: EvaluatedBody[] = nestedBlocks(this.raw, type).map(
      (b) => new EvaluatedBody(this.instance, b.body, this.vars, b.header, this.via),
    );
    for (const d of this.raw.blocks) {
      if (d.type !== 'dynamic' || d.labels[0] !== type) continue;
      out.push(...this.expandDynamic(d, type));
    }
    return out;
  }

  private expandDynamic(d: RawBlock, type: string): EvaluatedBody[] {
    const content = nestedBlocks(d.body, 'content')[0];
    if (!content) return [];
    const forEach = d.body.attrs.get('for_each');
    const iteratorAttr = d.body.attrs.get('iterator');
    const iterName =
      iteratorAttr?.expr.kind === 'ScopeTraversal' && iteratorAttr.expr.steps.length === 0
        ? iteratorAttr.expr.root
        : (literalString(iteratorAttr) ?? type);
    const at = d.header;
    if (!forEach) return [];
    const coll = evaluate(forEach.expr, this.instance.context(forEach.file, this.vars));
    const bind = (key: TfValue, value: TfValue, message: string) => {
      const vars = new Map(this.vars);
      vars.set(iterName, obj({ key, value }));
      const via: Via[] = [...(this.via ?? []), { loc: d.header, message }];
      return new EvaluatedBody(this.instance, content.body, vars, content.header, via);
    };
    if (coll.kind === 'unknown') {
      const u = unknownValue(`dynamic "${type}" iterates over an unknown collection (${coll.reason})`, {
        loc: at,
        deps: coll.deps,
      });
      return [bind(u, u, `dynamic "${type}" over an unknown collection`)];
    }
    const entries = iterate(coll);
    if (!entries) return [];
    return entries.map(([k, v]) => bind(k, v, `dynamic "${type}" element ${asString(k) ?? ''}`));
  }

  /** The whole body as an object value (for references to nested blocks). */
  toValue(): TfValue {
    const attrs = new Map<string, TfValue>();
    for (const a of this.attributes()) attrs.set(a.name, a.value);
    const types = new Set(this.raw.blocks.map((b) => (b.type === 'dynamic' ? (b.labels[0] ?? '') : b.type)));
    for (const t of types) attrs.set(t, list(this.blocks(t).map((b) => b.toValue())));
    return obj(attrs, { loc: this.loc });
  }
}
