import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, Range } from '../../../src/parsers/hcl/index.js';

/** Repository root, found from this file whether run from the sources or from dist/. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the test file');
    dir = parent;
  }
  return dir;
}

export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot(), 'test', 'fixtures', 'hcl', ...parts);
}

/** All files under `dir` (recursively), sorted, as paths relative to `dir`. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** Checks that a range is well-formed and inside `text`; returns a problem description or null. */
export function rangeProblem(text: string, range: Range): string | null {
  const { start, end } = range;
  if (!(start.offset >= 0 && start.offset <= end.offset && end.offset <= text.length)) {
    return `offsets ${start.offset}..${end.offset} outside 0..${text.length}`;
  }
  for (const pos of [start, end]) {
    if (pos.line < 1 || pos.column < 1) return `bad line/column ${pos.line}:${pos.column}`;
    const before = text.slice(0, pos.offset);
    const line = before.split('\n').length;
    if (line !== pos.line) return `offset ${pos.offset} is on line ${line}, not ${pos.line}`;
    const lineStart = before.lastIndexOf('\n') + 1;
    const column = [...text.slice(lineStart, pos.offset)].length + 1;
    if (column !== pos.column) return `offset ${pos.offset} is at column ${column}, not ${pos.column}`;
  }
  return null;
}

export function formatDiagnostics(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map((d) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column} ${d.message}`)
    .join('\n');
}

/** Deterministic PRNG (mulberry32), so generated corpora are the same on every run. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}
