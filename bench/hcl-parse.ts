/**
 * HCL parser throughput: our parser vs tree-sitter-hcl (native) on the same deterministic
 * corpus of generated Terraform, plus `terraform fmt -check` when a terraform binary is on PATH.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseHCL, walkBody, type Body } from '../src/parsers/hcl/index.js';
import { generateCorpus } from '../test/parsers/hcl/terraform-generator.js';

const CORPUS_SEED = 20240501;
const CORPUS_BYTES = 4_000_000;
const TARGET_RATIO = 10;

interface TreeSitterParser {
  setLanguage(language: unknown): void;
  parse(input: string, oldTree?: null, options?: { bufferSize?: number }): { rootNode: { hasError: boolean } };
}

/** Best-of-N wall time in ms of `run`, after one warm-up run. */
function timeBest(rounds: number, run: () => void): number {
  run();
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    run();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (ms < best) best = ms;
  }
  return best;
}

function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

/** Touches every node range so positions are really computed (they are lazy). */
function resolveRanges(body: Body): void {
  for (const item of body.items) {
    void item.range.start.line;
    void item.range.end.column;
    if (item.kind === 'Block') resolveRanges(item.body);
  }
  walkBody(body, (e) => {
    void e.range.start.column;
    void e.range.end.line;
  });
}

function loadTreeSitter(): TreeSitterParser | string {
  try {
    const require = createRequire(import.meta.url);
    const Parser = require('tree-sitter') as new () => TreeSitterParser;
    const hcl: unknown = require('@tree-sitter-grammars/tree-sitter-hcl');
    const parser = new Parser();
    parser.setLanguage(hcl);
    return parser;
  } catch (err) {
    return `tree-sitter unavailable: ${(err as Error).message}`;
  }
}

function terraformFmt(files: { name: string; text: string }[], bytes: number): string {
  const probe = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'terraform fmt: skipped (no terraform binary on PATH)';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgwarden-hcl-bench-'));
  try {
    for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.text);
    const start = process.hrtime.bigint();
    const run = spawnSync('terraform', ['fmt', '-check', '-recursive', dir], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    // Exit code 3 only means some files are not canonically formatted.
    const status = run.status === 0 || run.status === 3 ? 'ok' : `exit ${run.status}`;
    return `terraform fmt -check: ${ms.toFixed(0)} ms (${mbPerSecond(bytes, ms).toFixed(1)} MB/s incl. process start, ${status})`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchHcl(): Promise<string> {
  const files = generateCorpus(CORPUS_SEED, CORPUS_BYTES);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const lines: string[] = [`HCL parse benchmark: ${files.length} generated .tf files, ${(bytes / 1e6).toFixed(2)} MB`];

  let errors = 0;
  for (const f of files) errors += parseHCL(f.text, f.name).diagnostics.length;
  if (errors > 0) lines.push(`warning: our parser reported ${errors} diagnostics on the corpus`);

  const oursMs = timeBest(5, () => {
    for (const f of files) parseHCL(f.text, f.name);
  });
  const oursMbs = mbPerSecond(bytes, oursMs);
  lines.push(`pgwarden parseHCL:           ${oursMs.toFixed(0)} ms, ${oursMbs.toFixed(1)} MB/s`);

  const withRangesMs = timeBest(3, () => {
    for (const f of files) resolveRanges(parseHCL(f.text, f.name).body);
  });
  lines.push(
    `pgwarden parseHCL + ranges:  ${withRangesMs.toFixed(0)} ms, ${mbPerSecond(bytes, withRangesMs).toFixed(1)} MB/s (every node's line/column resolved)`,
  );

  const treeSitter = loadTreeSitter();
  if (typeof treeSitter === 'string') {
    lines.push(treeSitter);
  } else {
    let tsErrors = 0;
    const tsMs = timeBest(3, () => {
      tsErrors = 0;
      for (const f of files) {
        const tree = treeSitter.parse(f.text, null, { bufferSize: f.text.length * 2 + 1024 });
        if (tree.rootNode.hasError) tsErrors++;
      }
    });
    const tsMbs = mbPerSecond(bytes, tsMs);
    const ratio = oursMbs / tsMbs;
    lines.push(
      `tree-sitter-hcl (native):    ${tsMs.toFixed(0)} ms, ${tsMbs.toFixed(1)} MB/s${tsErrors ? ` (${tsErrors} trees with errors)` : ''}`,
    );
    lines.push(
      `ratio: ${ratio.toFixed(1)}x tree-sitter (target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
    );
  }
  lines.push(terraformFmt(files, bytes));
  return lines.join('\n');
}
