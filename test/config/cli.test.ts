import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeTree, tempTree } from '../scan-helpers.js';
import { pgwarden } from '../integrations/cli-run.js';
import { STARTER_CONFIG } from '../../src/config/starter.js';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
const COMPOSE = `services:\n  db:\n    image: postgres@${DIGEST}\n    user: "999"\n    security_opt: ["no-new-privileges:true"]\n    ports:\n      - "5432:5432"\n`;
const TODAY = ['--today', '2026-01-15'];

describe('CLI end to end: configuration file', () => {
  let root = '';
  const dir = (name: string) => join(root, name);
  before(async () => {
    root = await tempTree({
      'invalid/compose.yaml': COMPOSE,
      'invalid/.pgwarden.yml': 'failOn: high\nrules:\n  PGW201: hihg\n',
      'json/compose.yaml': COMPOSE,
      'json/pgwarden.config.json': '{\n  "failOn": "none",\n  "format": "json"\n}\n',
      'envs/dev/compose.yaml': COMPOSE,
      'envs/.pgwarden.yaml':
        'environments:\n  paths:\n    - glob: "dev/**"\n      env: prod\nrules:\n  PGW201:\n    severity: { prod: critical }\nfailOn: critical\n',
      'exclude/compose.yaml': COMPOSE,
      'exclude/examples/compose.yaml': COMPOSE.replace('user: "999"', 'privileged: true'),
      'exclude/.pgwarden.yml': 'paths:\n  exclude: ["examples/**"]\n',
      'other.yml': 'ignore:\n  - rule: PGW201\n',
      'init/compose.yaml': COMPOSE,
    });
  });
  after(() => removeTree(root));

  it('an invalid configuration file: exit 2 with file:line:column, key path and reason', () => {
    const r = pgwarden(dir('invalid'), ['scan', '.', ...TODAY]);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /pgwarden: invalid configuration:\n {2}\.pgwarden\.yml:3:11: rules\.PGW201: must be one of critical, high, medium, low, info, off \(got "hihg"\)/,
    );
    assert.equal(r.out, '', 'no report when the configuration is invalid');
  });

  it('--config FILE is validated the same way; a missing --config file is exit 2', () => {
    const r = pgwarden(root, ['scan', 'json', '--config', 'other.yml', ...TODAY]);
    assert.equal(r.code, 2);
    assert.match(r.err, /other\.yml:2:5: ignore\[0\]: needs "reason"/);
    const missing = pgwarden(root, ['scan', 'json', '--config', 'nope.yml', ...TODAY]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /config file not found: nope\.yml/);
  });

  it('pgwarden.config.json is found in the scanned root; its failOn and format apply; flags win', () => {
    const r = pgwarden(dir('json'), ['scan', '.', ...TODAY]);
    assert.equal(r.code, 0, 'failOn none');
    assert.doesNotThrow(() => JSON.parse(r.out), 'format json');
    const flags = pgwarden(dir('json'), ['scan', '.', ...TODAY, '--fail-on', 'high', '--format', 'text']);
    assert.equal(flags.code, 1);
    assert.match(flags.out, /PGW201/);
  });

  it('environment globs and per-environment severities from .pgwarden.yaml', () => {
    const r = pgwarden(dir('envs'), ['scan', '.', ...TODAY]);
    assert.equal(r.code, 1, 'PGW201 is critical in prod by the config, and failOn is critical');
    assert.match(r.out, /CRITICAL PGW201/);
    assert.match(r.out, /environment: prod — config: path matches "dev\/\*\*"/);
    assert.equal(pgwarden(dir('envs'), ['scan', '.', ...TODAY, '--env', 'dev']).code, 0, '--env wins over the globs');
  });

  it('paths.exclude leaves files out', () => {
    const r = pgwarden(dir('exclude'), ['scan', '.', ...TODAY, '--format', 'json']);
    const report = JSON.parse(r.out) as { inputs: Array<{ file: string }>; findings: Array<{ ruleId: string }> };
    assert.deepEqual(
      report.inputs.map((i) => i.file),
      ['compose.yaml'],
    );
    assert.ok(!report.findings.some((f) => f.ruleId === 'PGW302'));
  });

  it('init-config writes the commented starter, refuses to overwrite, --force replaces; the file works', async () => {
    const first = pgwarden(dir('init'), ['init-config']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /wrote \.pgwarden\.yml/);
    assert.equal(readFileSync(join(dir('init'), '.pgwarden.yml'), 'utf8'), STARTER_CONFIG);
    await writeFile(join(dir('init'), '.pgwarden.yml'), 'failOn: none\n');
    const again = pgwarden(dir('init'), ['init-config']);
    assert.equal(again.code, 2);
    assert.match(again.err, /\.pgwarden\.yml already exists; pgwarden init-config --force replaces it/);
    assert.equal(readFileSync(join(dir('init'), '.pgwarden.yml'), 'utf8'), 'failOn: none\n');
    assert.equal(pgwarden(dir('init'), ['init-config', '--force']).code, 0);
    const scanned = pgwarden(dir('init'), ['scan', '.', ...TODAY, '--env', 'prod']);
    assert.equal(scanned.code, 1, scanned.err);
    await mkdir(join(dir('init'), 'sub'));
    assert.equal(pgwarden(dir('init'), ['init-config', 'sub']).code, 0);
    assert.equal(pgwarden(dir('init'), ['init-config', 'missing-dir']).code, 2);
  });
});
