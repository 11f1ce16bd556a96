/**
 * Differential test against HashiCorp's parser (through `@cdktf/hcl2json`, which runs it as
 * WebAssembly): hand-written edge cases in test/fixtures/hcl/corpus plus seeded generated
 * Terraform. Our AST, mapped to hcl2json's JSON shape (see hcl2json-normalize.ts for what is
 * compared and what cannot be), must equal hcl2json's output, and we must report no diagnostics.
 */
import { parse as hcl2json } from '@cdktf/hcl2json';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseHCL } from '../../../src/parsers/hcl/index.js';
import { Hcl2JsonNormalizer, type Json } from './hcl2json-normalize.js';
import { fixturePath, formatDiagnostics, listFiles, Rng } from './helpers.js';
import { TerraformGenerator } from './terraform-generator.js';

const GENERATED_FILES = 320;

async function compare(name: string, text: string): Promise<void> {
  const ours = parseHCL(text, name);
  assert.equal(ours.diagnostics.length, 0, `${name}: unexpected diagnostics\n${formatDiagnostics(ours.diagnostics)}`);
  const theirs = (await hcl2json(name, text)) as Json;
  const normalized = new Hcl2JsonNormalizer(text).body(ours.body);
  assert.deepStrictEqual(normalized, theirs, `${name} differs from hcl2json`);
}

describe('differential against hcl2json', () => {
  const corpusDir = fixturePath('corpus');
  const corpus = listFiles(corpusDir).filter((f) => f.endsWith('.tf'));

  it('has a hand-written corpus', () => {
    assert.ok(corpus.length >= 15, `only ${corpus.length} corpus files`);
  });

  for (const rel of corpus) {
    it(`corpus/${rel}`, async () => {
      await compare(rel, fs.readFileSync(path.join(corpusDir, rel), 'utf8'));
    });
  }

  it(`${GENERATED_FILES} generated files agree`, async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= GENERATED_FILES; seed++) {
      const rng = new Rng(seed);
      const text = new TerraformGenerator(rng).file({ blocks: 3 + rng.int(8) });
      try {
        await compare(`generated_${seed}.tf`, text);
      } catch (err) {
        failures.push(`seed ${seed}: ${(err as Error).message.slice(0, 2000)}\n--- input ---\n${text}`);
        if (failures.length >= 3) break;
      }
    }
    assert.equal(failures.length, 0, failures.join('\n\n'));
  });
});

describe('hcl2json corpus sanity', () => {
  it('the generated files are realistic (cover the main constructs)', () => {
    let all = '';
    for (let seed = 1; seed <= GENERATED_FILES; seed++) {
      const rng = new Rng(seed);
      all += new TerraformGenerator(rng).file({ blocks: 3 + rng.int(8) });
    }
    for (const needle of [
      '<<-',
      '<<EOT',
      '%{ if',
      '%{ for',
      '[*]',
      '.*.',
      'for k, v in',
      '...',
      '? ',
      'dynamic "',
      '$${',
    ]) {
      assert.ok(all.includes(needle), `generator never produces ${needle}`);
    }
  });
});
