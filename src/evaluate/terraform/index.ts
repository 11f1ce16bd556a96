/**
 * Terraform / OpenTofu evaluation: module folders (with `.tofu` shadowing and override files), variable values
 * in Terraform's precedence order, locals, functions, local modules, resource references, count/for_each and
 * dynamic blocks. Unknown stays unknown, with a reason; nothing here throws on bad input.
 *
 * Choices worth knowing:
 * - `count` / `for_each`: a resource (or module call) is evaluated once, for its first instance (`count.index =
 *   0`, the first `for_each` key in lexical order), and every value says so in its chain. `count = 0` or an empty
 *   `for_each` creates nothing; an unknown count or collection makes `count.index` / `each.*` unknown.
 * - `docker_image.x.image_id`, `.repo_digest`, `.latest` and `.id` stand for the image's `name` (the reference
 *   being pulled); `.latest` is an attribute, never the `latest` tag. `docker_network.x.id` stands for its name.
 * - Remote modules are not fetched; their outputs are unknown, their inputs are evaluated.
 * - `file()`, `templatefile()` and `fileexists()` read only files of the scanned tree.
 */
import { liveLoc, locOf, type Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import { ConfigParser, dirOf, literalString, loadModuleConfig, type ModuleConfig } from './config.js';
import { joinPath, ModuleInstance, type ModuleWorld } from './module.js';
import { str, type TfValue } from './values.js';
import { finalAssignments, rootAssignments, type CliVar, type VarAssignment } from './variables.js';
import type { TypeSpec } from './types.js';

export { ModuleInstance, EvaluatedBody, isLiteralExpr, type RemoteModule, type VariableDecl } from './module.js';
export type { BlockView, AttrView } from './view.js';
export * from './values.js';
export { evaluate, rangeLoc, walkExpressionWithUnwrap, type EvalContext, type Resolver } from './expressions.js';
export { SUPPORTED_FUNCTIONS, jsonEncode } from './functions.js';
export type { CliVar, VarAssignment } from './variables.js';
export type { ModuleConfig, RawBlock, RawAttr, RawBody } from './config.js';

export interface EvalProblem {
  file: string;
  kind: 'parse-error' | 'skipped';
  message: string;
  loc?: Loc;
}

export interface TerraformEvalOptions {
  /** Every scanned file (functions such as file() may read them). */
  files: Map<string, SourceFile>;
  /** The configuration files (`*.tf`, `*.tofu`, `*.tf.json`, `*.tofu.json`). */
  configFiles: SourceFile[];
  environment?: Record<string, string | undefined>;
  /** `--var` / `--var-file` in the order given. */
  cli?: CliVar[];
  /** Reads an explicitly named `--var-file` outside the scanned tree. */
  readOutside?: (path: string) => SourceFile | undefined;
}

export interface RootModule {
  dir: string;
  instance: ModuleInstance;
  /** Every assignment in precedence order (later wins). */
  assignments: VarAssignment[];
}

export interface TerraformEvaluation {
  roots: RootModule[];
  /** Every module instance: roots and the local modules they call. */
  instances: ModuleInstance[];
  problems: EvalProblem[];
  configs: Map<string, ModuleConfig>;
  parser: ConfigParser;
  workspace: TfValue;
}

export function evaluateTerraform(options: TerraformEvalOptions): TerraformEvaluation {
  const parser = new ConfigParser();
  const problems: EvalProblem[] = [];
  const seenProblems = new Set<string>();
  const problem = (p: EvalProblem) => {
    const key = `${p.file}|${p.kind}|${p.message}|${p.loc?.start.offset ?? ''}`;
    if (seenProblems.has(key)) return;
    seenProblems.add(key);
    problems.push(p);
  };
  const env = options.environment ?? {};
  const byDir = new Map<string, SourceFile[]>();
  for (const f of options.configFiles) byDir.set(dirOf(f.rel), [...(byDir.get(dirOf(f.rel)) ?? []), f]);

  const configs = new Map<string, ModuleConfig>();
  const configOf = (dir: string): ModuleConfig | undefined => {
    const have = configs.get(dir);
    if (have) return have;
    const files = byDir.get(dir);
    if (!files?.length) return undefined;
    const config = loadModuleConfig(dir, files, parser);
    for (const f of config.files) {
      for (const d of parser.parse(f).diagnostics) {
        if (d.severity !== 'error') continue;
        problem({
          file: f.rel,
          kind: 'parse-error',
          message: `HCL: ${d.message}${d.detail ? ` — ${d.detail}` : ''}`,
          loc: locOf(f, d.range.start.offset, d.range.end.offset),
        });
      }
    }
    configs.set(dir, config);
    return config;
  };

  const tfWorkspace = env['TF_WORKSPACE'];
  const workspace: TfValue = tfWorkspace
    ? str(tfWorkspace, {
        loc: liveLoc('environment', 'TF_WORKSPACE'),
        via: [{ loc: liveLoc('environment', 'TF_WORKSPACE'), message: 'terraform.workspace from TF_WORKSPACE' }],
      })
    : str('default', { via: [] });
  const world: ModuleWorld = { workspace, problem, config: configOf };

  // A folder called as a local module by another folder is not a root module of its own.
  const dirs = [...byDir.keys()].sort();
  const called = new Set<string>();
  for (const dir of dirs) {
    const config = configOf(dir);
    for (const call of config?.moduleCalls.values() ?? []) {
      const source = literalString(call.body.attrs.get('source'));
      if (source && /^\.\.?(\/|$)/.test(source)) {
        const target = joinPath(dir, source);
        if (target !== dir) called.add(target);
      }
    }
  }
  const roots: RootModule[] = [];
  const instances: ModuleInstance[] = [];
  const reached = new Set<string>();
  const addRoot = (dir: string) => {
    const config = configOf(dir);
    if (!config) return;
    const types = new Map<string, TypeSpec>();
    const scratch = new ModuleInstance(world, config, dir, options.files, undefined, new Map(), [dir]);
    for (const name of config.variables.keys()) types.set(name, scratch.declaration(name)?.type ?? { t: 'any' });
    const varProblems: Array<{ file: string; message: string; loc?: Loc }> = [];
    const assignments = rootAssignments(
      { dir, files: options.files, environment: env, cli: options.cli ?? [], types, readOutside: options.readOutside },
      varProblems,
    );
    for (const p of varProblems) problem({ file: p.file, kind: 'parse-error', message: p.message, loc: p.loc });
    const instance = new ModuleInstance(world, config, dir, options.files, undefined, finalAssignments(assignments), [
      dir,
    ]);
    roots.push({ dir, instance, assignments });
    for (const i of instance.descendants()) {
      instances.push(i);
      reached.add(i.config.dir);
    }
  };
  for (const dir of dirs) if (!called.has(dir)) addRoot(dir);
  // folders only reachable through a cycle, or called from nowhere we evaluated: judge them on their own
  for (const dir of dirs) if (!reached.has(dir)) addRoot(dir);
  return { roots, instances, problems, configs, parser, workspace };
}
