import { liveLoc, locOf, type Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import { parseExpression, parseHCL, parseHCLJSON, type Diagnostic } from '../../parsers/hcl/index.js';
import { baseOf, dirOf } from './config.js';
import { evaluate, type EvalContext, type Resolver } from './expressions.js';
import type { FunctionHost } from './functions.js';
import type { TypeSpec } from './types.js';
import { deepSetLoc, errorValue, str, type TfValue, type Via } from './values.js';

/** Where a root variable's value came from, in Terraform's precedence order (later wins). */
export type AssignmentSource = 'environment' | 'tfvars' | 'tfvars-json' | 'auto-tfvars' | 'cli-var' | 'cli-var-file';

export interface VarAssignment {
  name: string;
  value: TfValue;
  source: AssignmentSource;
  via: Via;
}

export interface VarFileProblem {
  file: string;
  message: string;
  loc?: Loc;
}

export type CliVar = { kind: 'var'; name: string; value: string } | { kind: 'var-file'; path: string };

export interface AssignmentInputs {
  /** The root module folder, relative to the scan root. */
  dir: string;
  /** Every scanned file. */
  files: Map<string, SourceFile>;
  environment: Record<string, string | undefined>;
  cli: CliVar[];
  /** Declared type of each variable (decides how TF_VAR_ and --var strings are read). */
  types: Map<string, TypeSpec>;
  /** Reads a `--var-file` that is not among the scanned files (it was named explicitly). */
  readOutside?: (path: string) => SourceFile | undefined;
}

const noFunctions: FunctionHost = {
  readFile: () => ({ reason: 'functions are not allowed in variable definitions files' }),
  fileExists: () => undefined,
};

const noReferences: Resolver = {
  resolve: (root, _steps, _ctx, loc) => ({
    value: errorValue(`variables are not allowed in a variable definitions file (found "${root}")`, { loc }),
    consumed: 0,
  }),
};

function isComplex(t: TypeSpec | undefined): boolean {
  return !!t && t.t !== 'string' && t.t !== 'number' && t.t !== 'bool' && t.t !== 'any';
}

/** A raw string value (TF_VAR_x, --var x=…): a string for primitive types, an HCL expression for collections. */
function rawValue(name: string, raw: string, types: Map<string, TypeSpec>, loc: Loc): TfValue {
  if (!isComplex(types.get(name))) return str(raw, { loc, literal: true });
  const parsed = parseExpression(raw);
  const err = parsed.diagnostics.find((d) => d.severity === 'error');
  if (err) return errorValue(`the value for "${name}" is not a valid expression: ${err.message}`, { loc });
  const v = evaluate(parsed.expr, {
    file: { rel: loc.file, abs: loc.file, text: raw, lineStarts: [0] },
    resolver: noReferences,
    host: noFunctions,
  });
  return deepSetLoc(v, loc, true);
}

/** Reads a `.tfvars` or `.tfvars.json` file into assignments. */
export function readVarFile(file: SourceFile, source: AssignmentSource, problems: VarFileProblem[]): VarAssignment[] {
  const parsed = file.rel.toLowerCase().endsWith('.json')
    ? parseHCLJSON(file.text, file.rel)
    : parseHCL(file.text, file.rel);
  for (const d of parsed.diagnostics.filter((x: Diagnostic) => x.severity === 'error')) {
    problems.push({
      file: file.rel,
      message: `HCL: ${d.message}${d.detail ? ` — ${d.detail}` : ''}`,
      loc: locOf(file, d.range.start.offset, d.range.end.offset),
    });
  }
  const out: VarAssignment[] = [];
  const ctx: EvalContext = { file, resolver: noReferences, host: noFunctions };
  for (const a of parsed.body.attributes) {
    const value = evaluate(a.expr, ctx);
    const where = locOf(file, a.range.start.offset, a.range.end.offset);
    out.push({
      name: a.name,
      value,
      source,
      via: { loc: where, message: `variable "${a.name}" set in ${baseOf(file.rel)}` },
    });
  }
  for (const b of parsed.body.blocks) {
    problems.push({
      file: file.rel,
      message: `a variable definitions file holds only assignments; block "${b.type}" is ignored`,
      loc: locOf(file, b.range.start.offset, b.openBraceRange.end.offset),
    });
  }
  return out;
}

/**
 * Every value assignment for the root module in `dir`, in Terraform's precedence order: `TF_VAR_*`,
 * `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` in lexical order, then `--var` and
 * `--var-file` in the order given. The last assignment of a name wins.
 */
export function rootAssignments(inputs: AssignmentInputs, problems: VarFileProblem[]): VarAssignment[] {
  const out: VarAssignment[] = [];
  for (const [key, raw] of Object.entries(inputs.environment)) {
    if (!key.startsWith('TF_VAR_') || raw === undefined) continue;
    const name = key.slice('TF_VAR_'.length);
    if (!inputs.types.has(name)) continue; // env vars for undeclared variables are ignored
    const loc = liveLoc('environment', key);
    out.push({
      name,
      value: rawValue(name, raw, inputs.types, loc),
      source: 'environment',
      via: { loc, message: `variable "${name}" set by ${key}` },
    });
  }
  const inDir = [...inputs.files.values()].filter((f) => dirOf(f.rel) === inputs.dir);
  const named = (n: string) => inDir.find((f) => baseOf(f.rel) === n);
  const tfvars = named('terraform.tfvars');
  if (tfvars) out.push(...readVarFile(tfvars, 'tfvars', problems));
  const tfvarsJson = named('terraform.tfvars.json');
  if (tfvarsJson) out.push(...readVarFile(tfvarsJson, 'tfvars-json', problems));
  const auto = inDir
    .filter((f) => /\.auto\.tfvars(\.json)?$/.test(baseOf(f.rel)))
    .sort((a, b) => (baseOf(a.rel) < baseOf(b.rel) ? -1 : baseOf(a.rel) > baseOf(b.rel) ? 1 : 0));
  for (const f of auto) out.push(...readVarFile(f, 'auto-tfvars', problems));
  for (const c of inputs.cli) {
    if (c.kind === 'var') {
      const loc = liveLoc('command line', `--var ${c.name}`);
      out.push({
        name: c.name,
        value: rawValue(c.name, c.value, inputs.types, loc),
        source: 'cli-var',
        via: { loc, message: `variable "${c.name}" set by --var` },
      });
      continue;
    }
    const file =
      [...inputs.files.values()].find((f) => f.abs === c.path || f.rel === c.path) ?? inputs.readOutside?.(c.path);
    if (!file) {
      problems.push({ file: c.path, message: `--var-file ${c.path} could not be read` });
      continue;
    }
    out.push(...readVarFile(file, 'cli-var-file', problems));
  }
  return out;
}

/** The winning assignment per variable name. */
export function finalAssignments(all: VarAssignment[]): Map<string, VarAssignment> {
  const m = new Map<string, VarAssignment>();
  for (const a of all) m.set(a.name, a);
  return m;
}
