import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, renderAll, scanVirtual, span, where } from '../scan-helpers.js';

const GOOD = { 'ok/compose.yaml': 'services:\n  db:\n    image: postgres\n    ports:\n      - "5432:5432"\n' };

/** PGW001 findings as `file:line:col-line:col message`. */
async function parseErrors(files: Record<string, string>): Promise<string[]> {
  const result = await scanVirtual({ ...files, ...GOOD });
  // the good file beside the broken one is still scanned and reported
  assert.deepEqual(where(result, 'PGW401'), ['ok/compose.yaml:3:12']);
  assert.deepEqual(where(result, 'PGW201'), ['ok/compose.yaml:5:9']);
  return findingsOf(result, 'PGW001').map((f) => `${span(f.loc)} ${f.message}`);
}

describe('compose: bad input is a PGW001 with file, line, column and reason; the scan goes on', () => {
  it('a YAML syntax error', async () => {
    const errors = await parseErrors({
      'compose.yaml': 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      - A=1\n      B: 2\n',
    });
    assert.deepEqual(errors, ['compose.yaml:6:1-6:2 YAML: All mapping items must start at the same column']);
  });

  it('an unclosed quote', async () => {
    const errors = await parseErrors({ 'compose.yaml': 'services:\n  db:\n    image: "postgres:16.10\n    user: x\n' });
    assert.deepEqual(errors, ['compose.yaml:5:1-5:1 YAML: Missing closing "quote']);
  });

  it('tabs as indentation', async () => {
    const errors = await parseErrors({ 'docker-compose.yml': 'services:\n\tdb:\n    image: postgres\n' });
    assert.deepEqual(errors, ['docker-compose.yml:2:1-2:2 YAML: Tabs are not allowed as indentation']);
  });

  it('an undefined anchor (YAML itself would read it as null)', async () => {
    const errors = await parseErrors({
      'compose.yaml': 'x-base: &base\n  image: postgres:16.10\nservices:\n  db:\n    <<: *bsae\n',
    });
    assert.deepEqual(errors, ['compose.yaml:5:9-5:14 YAML: undefined anchor "*bsae"']);
  });

  it('an unterminated or empty ${…}: compose refuses the file, the value is unknown, not a literal', async () => {
    const files = {
      'compose.yaml': [
        'services:',
        '  db:',
        '    image: postgres:16.10',
        '    environment:',
        '      POSTGRES_PASSWORD: "${PW:-abc"',
        '    command: postgres -c "x=${}"',
        '',
      ].join('\n'),
    };
    assert.deepEqual(await parseErrors(files), [
      'compose.yaml:5:27-5:36 compose: invalid interpolation: unterminated "${" in "${PW:-abc" (write a literal $ as $$)',
      'compose.yaml:6:14-6:33 compose: invalid interpolation: "${}" is not a valid variable reference (write a literal $ as $$)',
    ]);
    const result = await scanVirtual(files);
    const pw = result.model.deployments[0]?.env.find((e) => e.name === 'POSTGRES_PASSWORD');
    assert.equal(pw?.value.state, 'unknown');
    assert.equal(pw?.value.value, undefined);
    assert.match(pw?.value.reason ?? '', /unterminated/);
    assert.deepEqual(where(result, 'PGW101'), [], 'an unreadable value is not a hardcoded secret');
  });

  it('extends naming a service that does not exist', async () => {
    const errors = await parseErrors({
      'compose.yaml': 'services:\n  db:\n    extends: nope\n    image: postgres:16.10\n',
    });
    assert.deepEqual(errors, ['compose.yaml:3:5-3:18 extends: service "nope" not found']);
  });

  it('the text report shows the reason and the line', async () => {
    const result = await scanVirtual({ 'compose.yaml': 'services:\n  db:\n    <<: *defaults\n    image: postgres\n' });
    const { text } = renderAll(result);
    assert.ok(
      text.includes(
        [
          '  HIGH     PGW001 File could not be parsed  compose.yaml:3:9',
          '    YAML: undefined anchor "*defaults"',
          '    3 |     <<: *defaults',
          '      |         ^^^^^^^^^',
        ].join('\n'),
      ),
      text,
    );
  });
});
