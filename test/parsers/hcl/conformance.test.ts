/**
 * HCL specification suite (copied into test/fixtures/hcl/specsuite with its LICENSE).
 * Each input is parsed, decoded with its .hcldec spec, and checked against its .t file:
 * the expected diagnostics (exact ranges) or none, and the expected `result` value.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseHCL, parseHCLJSON, type Block, type Range } from '../../../src/parsers/hcl/index.js';
import { fixturePath, formatDiagnostics, listFiles, repoRoot } from './helpers.js';
import { decodeWithSpec, evaluate, sameValue } from './mini-eval.js';

const suiteDir = fixturePath('specsuite');

interface ExpectedRange {
  from: { line: number; column: number; byte: number };
  to: { line: number; column: number; byte: number };
}

function readExpectedDiagnostics(block: Block | undefined): ExpectedRange[] {
  if (!block) return [];
  return block.body.blocks.map((error) => {
    const point = (name: string): { line: number; column: number; byte: number } => {
      const b = error.body.blocks.find((x) => x.type === name)!;
      const get = (attr: string): number =>
        evaluate(b.body.attributes.find((a) => a.name === attr)!.expr, {}) as number;
      return { line: get('line'), column: get('column'), byte: get('byte') };
    };
    return { from: point('from'), to: point('to') };
  });
}

function asExpected(range: Range): ExpectedRange {
  return {
    from: { line: range.start.line, column: range.start.column, byte: range.start.offset },
    to: { line: range.end.line, column: range.end.column, byte: range.end.offset },
  };
}

const inputs = listFiles(suiteDir).filter((f) => f.endsWith('.hcl') || f.endsWith('.hcl.json'));

describe('HCL spec suite', () => {
  it('has the inputs', () => {
    assert.ok(inputs.length >= 15, `only ${inputs.length} inputs found in ${suiteDir}`);
    assert.ok(fs.existsSync(path.join(suiteDir, 'LICENSE')));
  });

  it('matches the shared copy when it is present', (t) => {
    const shared = path.resolve(repoRoot(), '../shared/conformance/hcl-specsuite');
    if (!fs.existsSync(shared)) {
      t.skip('shared conformance folder not present');
      return;
    }
    for (const rel of listFiles(shared)) {
      const ours = path.join(suiteDir, rel);
      assert.ok(fs.existsSync(ours), `${rel} is not copied into the fixtures`);
      assert.equal(fs.readFileSync(ours, 'utf8'), fs.readFileSync(path.join(shared, rel), 'utf8'), `${rel} differs`);
    }
  });

  for (const input of inputs) {
    const base = input.replace(/\.hcl(\.json)?$/, '');
    it(input, () => {
      const text = fs.readFileSync(path.join(suiteDir, input), 'utf8');
      const file = input.endsWith('.json') ? parseHCLJSON(text, input) : parseHCL(text, input);

      const specText = fs.readFileSync(path.join(suiteDir, `${base}.hcldec`), 'utf8');
      const spec = parseHCL(specText, `${base}.hcldec`);
      assert.deepEqual(spec.diagnostics, [], `spec file: ${formatDiagnostics(spec.diagnostics)}`);
      const tText = fs.readFileSync(path.join(suiteDir, `${base}.t`), 'utf8');
      const expectations = parseHCL(tText, `${base}.t`);
      assert.deepEqual(expectations.diagnostics, [], `.t file: ${formatDiagnostics(expectations.diagnostics)}`);

      const decoded = decodeWithSpec(spec.body, file.body);
      const actualRanges = [...file.diagnostics.map((d) => d.range), ...decoded.problems.map((p) => p.range)]
        .map(asExpected)
        .sort((a, b) => a.from.byte - b.from.byte);
      const expectedRanges = readExpectedDiagnostics(expectations.body.blocks.find((b) => b.type === 'diagnostics'));
      assert.deepEqual(
        actualRanges,
        expectedRanges,
        `diagnostics:\n${formatDiagnostics(file.diagnostics)}\n${decoded.problems.map((p) => p.message).join('\n')}`,
      );

      const resultAttr = expectations.body.attributes.find((a) => a.name === 'result');
      if (resultAttr) {
        const expected = evaluate(resultAttr.expr, {});
        assert.ok(
          sameValue(decoded.value, expected),
          `result:\n${JSON.stringify(decoded.value, null, 1)}\nexpected:\n${JSON.stringify(expected, null, 1)}`,
        );
      }
    });
  }
});
