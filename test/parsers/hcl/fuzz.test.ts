/**
 * Robustness: mutated and random inputs must never throw, must finish quickly, and every
 * diagnostic and node must have a valid range inside the text.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  parseExpression,
  parseHCL,
  parseHCLJSON,
  parseTemplate,
  walkExpression,
  type Body,
  type Diagnostic,
  type Expression,
  type Range,
} from '../../../src/parsers/hcl/index.js';
import { fixturePath, listFiles, rangeProblem, Rng } from './helpers.js';
import { TerraformGenerator } from './terraform-generator.js';

/** A hang guard, not a speed assertion: small inputs taking this long mean a runaway loop. */
const HANG_MS = 5000;
const INTERESTING = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '$',
  '%',
  '~',
  '<<',
  '<<-',
  '\n',
  '\\',
  '#',
  '/*',
  '*/',
  '//',
  '=',
  ',',
  '.',
  '*',
  ':',
  '?',
  '...',
  '${',
  '%{',
  '\u00e9',
  '\ud83d\ude00',
  '\t',
  '\r',
  'EOT',
  'for ',
  'if ',
  '\ud800',
  '\u0000',
];

function checkRange(text: string, range: Range, what: string): void {
  const { start, end } = range;
  assert.ok(
    start.offset >= 0 && start.offset <= end.offset && end.offset <= text.length,
    `${what}: offsets ${start.offset}..${end.offset} outside 0..${text.length}`,
  );
}

function checkDiagnostics(text: string, diagnostics: Diagnostic[], label: string): void {
  for (const d of diagnostics) {
    assert.ok(d.message.length > 0, `${label}: empty message`);
    const problem = rangeProblem(text, d.range);
    assert.equal(problem, null, `${label}: diagnostic "${d.message}" has a bad range: ${problem}`);
  }
}

function checkBody(text: string, body: Body): void {
  checkRange(text, body.range, 'body');
  for (const item of body.items) {
    checkRange(text, item.range, item.kind);
    if (item.kind === 'Block') {
      for (const label of item.labels) checkRange(text, label.range, 'label');
      checkBody(text, item.body);
    } else {
      checkExpression(text, item.expr);
    }
  }
}

function checkExpression(text: string, expr: Expression): void {
  walkExpression(expr, (e) => checkRange(text, e.range, e.kind));
}

function parseChecked(text: string, label: string, json = false): void {
  const start = performance.now();
  const file = json ? parseHCLJSON(text, 'fuzz.tf.json') : parseHCL(text, 'fuzz.tf');
  const ms = performance.now() - start;
  assert.ok(ms < HANG_MS, `${label}: took ${ms.toFixed(0)} ms`);
  assert.equal(file.text, text);
  checkDiagnostics(text, file.diagnostics, label);
  checkBody(text, file.body);
  for (const c of file.comments) checkRange(text, c.range, 'comment');
}

function mutate(rng: Rng, text: string): string {
  let out = text;
  const edits = 1 + rng.int(4);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(out.length + 1);
    switch (rng.int(5)) {
      case 0: // replace a character
        out = out.slice(0, at) + rng.pick(INTERESTING) + out.slice(at + 1);
        break;
      case 1: // insert
        out = out.slice(0, at) + rng.pick(INTERESTING) + out.slice(at);
        break;
      case 2: // delete a span
        out = out.slice(0, at) + out.slice(at + 1 + rng.int(20));
        break;
      case 3: // truncate
        out = out.slice(0, at);
        break;
      default: // random code unit
        out = out.slice(0, at) + String.fromCharCode(rng.int(0x10000)) + out.slice(at);
    }
  }
  return out;
}

function seedInputs(): string[] {
  const inputs: string[] = [];
  const corpus = fixturePath('corpus');
  for (const rel of listFiles(corpus)) inputs.push(fs.readFileSync(path.join(corpus, rel), 'utf8'));
  const suite = fixturePath('specsuite');
  for (const rel of listFiles(suite).filter((f) => f.endsWith('.hcl') || f.endsWith('.t'))) {
    inputs.push(fs.readFileSync(path.join(suite, rel), 'utf8'));
  }
  for (let seed = 1000; seed < 1040; seed++) {
    const rng = new Rng(seed);
    inputs.push(new TerraformGenerator(rng).file({ blocks: 2 + rng.int(5) }));
  }
  return inputs;
}

describe('fuzz: native syntax', () => {
  const inputs = seedInputs();

  it('mutated inputs (byte flips, insertions, deletions, truncations)', { timeout: 120_000 }, () => {
    const rng = new Rng(7);
    for (let i = 0; i < 3000; i++) {
      const original = inputs[i % inputs.length]!;
      const text = mutate(rng, original);
      parseChecked(text, `mutation ${i}`);
    }
  });

  it('every prefix of a file', { timeout: 60_000 }, () => {
    const text = fs.readFileSync(fixturePath('corpus', '05-heredocs.tf'), 'utf8');
    for (let i = 0; i <= text.length; i++) parseChecked(text.slice(0, i), `prefix ${i}`);
  });

  it('random token soup (fast-check)', { timeout: 60_000 }, () => {
    const token = fc.constantFrom(
      ...INTERESTING,
      'a',
      'b.c',
      '1',
      '2.5e3',
      'true',
      'null',
      ' ',
      'x = ',
      'blk "l" {',
      '"s"',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), (tokens) => {
        parseChecked(tokens.join(''), 'soup');
      }),
      { seed: 42, numRuns: 1500 },
    );
  });

  it('arbitrary unicode strings (fast-check)', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        parseChecked(text, 'string');
        const expr = parseExpression(text);
        checkDiagnostics(text, expr.diagnostics, 'expression');
        checkExpression(text, expr.expr);
        const tmpl = parseTemplate(text);
        checkDiagnostics(text, tmpl.diagnostics, 'template');
        checkExpression(text, tmpl.expr);
      }),
      { seed: 43, numRuns: 1500 },
    );
  });

  it('pathological nesting terminates without stack overflow', () => {
    for (const unit of ['[', '(', '{', 'a {\n', '"${', '-', '!', 'f(', '<<EOT\n${', 'x = [', '%{ if a }']) {
      const text = `x = ${unit.repeat(20_000)}`;
      parseChecked(text, `nesting ${JSON.stringify(unit)}`);
      const exprText = unit.repeat(20_000);
      checkDiagnostics(exprText, parseExpression(exprText).diagnostics, 'expression nesting');
    }
  });

  it('large inputs parse completely', () => {
    const unit = fs.readFileSync(fixturePath('corpus', '01-docker-postgres.tf'), 'utf8');
    const file = parseHCL(unit.repeat(2000), 'big.tf');
    assert.equal(file.body.blocks.length, 2000 * parseHCL(unit, 'one.tf').body.blocks.length);
  });
});

describe('fuzz: JSON syntax', () => {
  it('mutated JSON inputs', { timeout: 60_000 }, () => {
    const base = JSON.stringify(
      {
        resource: {
          docker_container: {
            db: { name: 'pg-${var.env}', image: 'postgres:16', env: ['A=\\n${x}'], ports: [{ internal: 5432 }] },
          },
        },
        variable: { env: { default: 'dev', type: 'string' } },
        locals: [{ a: 1.5e3, b: [true, null, { c: '%{ if x }y%{ endif }' }] }],
        '//': 'comment',
      },
      null,
      2,
    );
    const rng = new Rng(99);
    parseChecked(base, 'json base', true);
    for (let i = 0; i < 1500; i++) parseChecked(mutate(rng, base), `json mutation ${i}`, true);
  });

  it('arbitrary JSON values (fast-check)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        parseChecked(text, 'json', true);
      }),
      { seed: 44, numRuns: 1000 },
    );
  });
});
