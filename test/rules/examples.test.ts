import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/core/scan.js';
import { ALL_RULES } from '../../src/rules/index.js';
import type { RuleExample } from '../../src/core/rule.js';

const TODAY = '2026-12-03';

async function findingsFor(example: RuleExample) {
  const result = await scan({
    virtual: { [example.file]: example.code, ...(example.extra ?? {}) },
    envPolicy: { forced: example.env ?? 'prod' },
    today: TODAY,
  });
  return result.findings;
}

/** Every rule's documented examples are its test cases: bad ones must be flagged, good ones must not. */
describe('rule examples', () => {
  for (const rule of ALL_RULES) {
    for (const [format, examples] of Object.entries(rule.examples)) {
      if (!examples) continue;
      examples.bad.forEach((ex, i) => {
        it(`${rule.id} ${format} bad #${i + 1} is flagged`, async () => {
          const findings = await findingsFor(ex);
          assert.ok(
            findings.some((f) => f.ruleId === rule.id),
            `expected ${rule.id} in:\n${ex.code}\ngot: ${findings.map((f) => f.ruleId).join(', ')}`,
          );
        });
      });
      examples.good.forEach((ex, i) => {
        it(`${rule.id} ${format} good #${i + 1} is not flagged`, async () => {
          const findings = await findingsFor(ex);
          const hit = findings.find((f) => f.ruleId === rule.id);
          assert.equal(hit, undefined, `unexpected ${rule.id}: ${hit?.message}\n${ex.code}`);
        });
      });
    }
  }
});
