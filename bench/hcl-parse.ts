/**
 * HCL parser throughput: our parser vs tree-sitter-hcl (native) on the same deterministic
 * corpus of generated Terraform, plus `terraform fmt -check` when a terraform binary is on PATH.
 *
 * Fairness: the comparison is only meaningful on input that both parsers accept, because
 * tree-sitter's error recovery is much slower than a clean parse. tree-sitter-hcl rejects
 * exponent literals without a fraction (`1e3`, valid HCL), so the corpus spells them with one
 * (`1.0e3`); the number of trees tree-sitter reports errors in is printed and must be 0.
 * Both parsers are warmed up, then each parses the whole corpus in alternating rounds (so slow
 * phases of a busy machine tend to hit both), and they are compared by their median round times.
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
const WARMUP_ROUNDS = 2;
const TIMED_ROUNDS = 7;

interface TreeSitterParser {
  setLanguage(language: unknown): void;
  parse(input: string, oldTree?: null, options?: { bufferSize?: number }): { rootNode: { hasError: boolean } };
}

interface CorpusFile {
  name: string;
  text: string;
}

/** Wall time in ms of one call of `run`. */
function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

function describeSamples(bytes: number, samples: number[]): string {
  const med = median(samples);
  const min = Math.min(...samples);
  return `${med.toFixed(0)} ms, ${mbPerSecond(bytes, med).toFixed(1)} MB/s (median of ${samples.length}; best ${min.toFixed(0)} ms)`;
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

/**
 * tree-sitter reads a string input through a callback, `bufferSize` UTF-16 units at a time
 * (32 Ki by default): a buffer larger than the file reads it in one call.
 */
function treeSitterParse(parser: TreeSitterParser, f: CorpusFile): { rootNode: { hasError: boolean } } {
  return parser.parse(f.text, null, { bufferSize: f.text.length + 1024 });
}

function terraformFmt(files: CorpusFile[], bytes: number): string {
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
    return `terraform fmt -check: ${ms.toFixed(0)} ms (${mbPerSecond(bytes, ms).toFixed(1)} MB/s incl. process start, ${status}; one run, for reference)`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchHcl(): Promise<string> {
  const files = generateCorpus(CORPUS_SEED, CORPUS_BYTES, { fractionalExponents: true });
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const lines: string[] = [
    `HCL parse benchmark: ${files.length} generated .tf files, ${(bytes / 1e6).toFixed(2)} MB ` +
      `(exponents written as 1.0e3, which tree-sitter-hcl accepts, not 1e3, which it rejects)`,
  ];

  let ourErrors = 0;
  for (const f of files) ourErrors += parseHCL(f.text, f.name).diagnostics.length;
  lines.push(`pgwarden diagnostics on the corpus: ${ourErrors}${ourErrors > 0 ? ' (NOT a clean parse)' : ''}`);

  const parseOurs = (): void => {
    for (const f of files) parseHCL(f.text, f.name);
  };
  const treeSitter = loadTreeSitter();
  if (typeof treeSitter === 'string') {
    lines.push(treeSitter);
    for (let i = 0; i < WARMUP_ROUNDS; i++) parseOurs();
    const ours: number[] = [];
    for (let i = 0; i < TIMED_ROUNDS; i++) ours.push(time(parseOurs));
    lines.push(`pgwarden parseHCL:           ${describeSamples(bytes, ours)}`);
  } else {
    // Checked outside the timed rounds; parsing is deterministic, so the timed runs see the same trees.
    let tsErrors = 0;
    for (const f of files) if (treeSitterParse(treeSitter, f).rootNode.hasError) tsErrors++;

    const parseTreeSitter = (): void => {
      for (const f of files) treeSitterParse(treeSitter, f);
    };
    for (let i = 0; i < WARMUP_ROUNDS; i++) {
      parseOurs();
      parseTreeSitter();
    }
    // Each parser parses the whole corpus on its own, as in a batch of parses (code and data
    // warm in the caches); the rounds alternate between the two.
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < TIMED_ROUNDS; i++) {
      ours.push(time(parseOurs));
      theirs.push(time(parseTreeSitter));
    }
    lines.push(`pgwarden parseHCL:           ${describeSamples(bytes, ours)}`);
    lines.push(`tree-sitter-hcl (native):    ${describeSamples(bytes, theirs)}`);
    lines.push(
      `tree-sitter error trees:     ${tsErrors} of ${files.length}` +
        (tsErrors === 0
          ? ' (tree-sitter parsed every file without errors: fair comparison)'
          : ' (error recovery slows tree-sitter down: the ratio below is NOT a fair comparison)'),
    );
    const ratio = mbPerSecond(bytes, median(ours)) / mbPerSecond(bytes, median(theirs));
    const verdict = tsErrors > 0 || ourErrors > 0 ? 'not verifiable' : ratio >= TARGET_RATIO ? 'met' : 'NOT met';
    lines.push(`ratio: ${ratio.toFixed(1)}x tree-sitter, by median time (target >= ${TARGET_RATIO}x: ${verdict})`);
  }

  const withRanges: number[] = [];
  const parseWithRanges = (): void => {
    for (const f of files) resolveRanges(parseHCL(f.text, f.name).body);
  };
  parseWithRanges();
  for (let i = 0; i < 5; i++) withRanges.push(time(parseWithRanges));
  lines.push(`pgwarden parseHCL + ranges:  ${describeSamples(bytes, withRanges)}, every node's line/column resolved`);
  lines.push(terraformFmt(files, bytes));
  return lines.join('\n');
}
