import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { scan } from '../../src/core/scan.js';
import { jsonReporter } from '../../src/report/json.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { repoRoot } from '../helpers.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'report.schema.json'), 'utf8')) as object;

describe('JSON report', () => {
  it('matches the published schema, with locations, related locations and inputs', async () => {
    const result = await scan({ paths: [join(repoRoot, 'examples')], today: '2026-12-03' });
    const text = jsonReporter(result, { color: false, failOn: 'high', toolVersion: '1.2.3', rules: ALL_RULES });
    const report = JSON.parse(text) as {
      findings: Array<{ relatedLocations: unknown[]; location: { file: string } }>;
      inputs: unknown[];
    };
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
    assert.ok(report.findings.length > 10);
    assert.ok(report.inputs.length > 5);
    assert.ok(report.findings.some((f) => f.relatedLocations.length > 0));
  });

  it('the schema rejects a report that breaks it (the check is real)', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(schema);
    assert.equal(validate({ schemaVersion: '1.0.0' }), false);
  });
});
