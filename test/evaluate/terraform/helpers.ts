import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSourceFile, type SourceFile } from '../../../src/core/source.js';
import {
  evaluate,
  evaluateTerraform,
  toJS,
  type CliVar,
  type ModuleInstance,
  type TerraformEvaluation,
  type TfValue,
} from '../../../src/evaluate/terraform/index.js';
import { parseExpression } from '../../../src/parsers/hcl/index.js';

export function sourceMap(files: Record<string, string>): Map<string, SourceFile> {
  return new Map(Object.entries(files).map(([rel, text]) => [rel, makeSourceFile(rel, `/virtual/${rel}`, text)]));
}

const CONFIG = /\.(tf|tofu)(\.json)?$/;

/** Evaluates in-memory files as one scanned tree. */
export function evaluateFiles(
  files: Record<string, string>,
  options: { environment?: Record<string, string>; cli?: CliVar[] } = {},
): TerraformEvaluation {
  const map = sourceMap(files);
  return evaluateTerraform({
    files: map,
    configFiles: [...map.values()].filter((f) => CONFIG.test(f.rel)),
    environment: options.environment ?? {},
    cli: options.cli ?? [],
  });
}

export function root(ev: TerraformEvaluation, dir = ''): ModuleInstance {
  const r = ev.roots.find((x) => x.dir === dir);
  if (!r) throw new Error(`no root module in "${dir}" (have ${ev.roots.map((x) => JSON.stringify(x.dir)).join(', ')})`);
  return r.instance;
}

/** Evaluates one expression in the root module of a one-file configuration. */
export function evalIn(config: string, expr: string, extra: Record<string, string> = {}): TfValue {
  const ev = evaluateFiles({ 'main.tf': config, ...extra });
  const inst = ev.roots[0]?.instance;
  if (!inst) throw new Error('no root module');
  const parsed = parseExpression(expr);
  const file = makeSourceFile('expr.tf', '/virtual/expr.tf', expr);
  return evaluate(parsed.expr, inst.context(file));
}

export function js(v: TfValue): unknown {
  return toJS(v);
}

/** `file:line:column` of a location's start. */
export function at(loc: { file: string; start: { line: number; column: number } } | undefined): string {
  return loc ? `${loc.file}:${loc.start.line}:${loc.start.column}` : '(none)';
}

/** Repository root, from the sources or from dist/. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found');
    dir = parent;
  }
  return dir;
}

export function fixture(...parts: string[]): string {
  return path.join(repoRoot(), 'test', 'fixtures', 'terraform', ...parts);
}

/** Every file under a fixture folder, relative to it. */
export function readFixtureTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('');
  return out;
}
