/**
 * The code paths that exist for speed: the scanner's token arrays (reused between parses,
 * grown when a file has more tokens than estimated) and the benchmark corpus spelling.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExpression, parseHCL, parseTemplate, type TupleExpr } from '../../../src/parsers/hcl/index.js';
import { generateCorpus } from './terraform-generator.js';

describe('token arrays', () => {
  it('grow for token-dense input (one token per character)', () => {
    const count = 50_000;
    const text = `x = [${'1,'.repeat(count)}]\n`;
    const file = parseHCL(text, 'dense.tf');
    assert.deepEqual(file.diagnostics, []);
    const tuple = file.body.attributes[0]!.expr as TupleExpr;
    assert.equal(tuple.kind, 'Tuple');
    assert.equal(tuple.items.length, count);
    const last = tuple.items[count - 1]!;
    assert.equal(last.range.start.offset, 5 + 2 * (count - 1));
    assert.equal(last.range.end.offset, 6 + 2 * (count - 1));
  });

  it('are reused without affecting earlier results', () => {
    const first = parseHCL('a = "x${b}y"\nblock "l" {\n  c = [1, 2]\n}\n', 'a.tf');
    const before = JSON.stringify(first);
    parseHCL(`z = ${'[[['.repeat(50)}${']]]'.repeat(50)}\n`, 'b.tf');
    parseExpression('{ k = v, "q" = [for i in x : i] }');
    parseTemplate('%{ for v in xs }${v}%{ endfor }');
    assert.equal(JSON.stringify(first), before);
  });
});

describe('benchmark corpus spelling', () => {
  it('fractionalExponents changes only how exponent literals are written', () => {
    const plain = generateCorpus(7, 60_000);
    const fractional = generateCorpus(7, 60_000, { fractionalExponents: true });
    assert.equal(fractional.length, plain.length);
    const withoutFraction = /(?<![\w.])\d+[eE][+-]?\d/;
    assert.ok(
      plain.some((f) => withoutFraction.test(f.text)),
      'the default spelling has exponents without a fraction',
    );
    for (let i = 0; i < plain.length; i++) {
      const text = fractional[i]!.text;
      assert.ok(!withoutFraction.test(text), `${fractional[i]!.name} still has an exponent without a fraction`);
      assert.equal(text.replace(/(?<![\w.])(\d+)\.0([eE])/g, '$1$2'), plain[i]!.text);
      assert.deepEqual(parseHCL(text, fractional[i]!.name).diagnostics, []);
    }
  });
});
