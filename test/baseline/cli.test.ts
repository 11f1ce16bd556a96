import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeTree, tempTree } from '../scan-helpers.js';
import { pgwarden } from '../integrations/cli-run.js';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
const DB = `  db:\n    image: postgres@${DIGEST}\n    user: "999"\n    security_opt: ["no-new-privileges:true"]\n    ports:\n      - "5432:5432"\n`;
const TODAY = ['--today', '2026-01-15', '--env', 'prod'];

const entries = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { entries: unknown[] }).entries.length;

describe('CLI end to end: baselines', () => {
  let root = '';
  const file = (rel: string) => join(root, rel);
  before(async () => {
    root = await tempTree({
      'infra/compose.yaml': `services:\n${DB}`,
      'infra/postgresql.conf': "log_statement = 'all'\n",
    });
  });
  after(() => removeTree(root));

  it("--write-baseline records today's findings and exits 0", () => {
    const r = pgwarden(root, ['scan', 'infra', '--write-baseline', '.pgwarden-baseline.json', ...TODAY]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /note: baseline: wrote \d+ findings to \.pgwarden-baseline\.json/);
    assert.ok(entries(file('.pgwarden-baseline.json')) > 5);
    assert.equal(pgwarden(root, ['scan', 'infra', ...TODAY]).code, 1, 'without the baseline the findings fail');
  });

  it('--baseline: known findings are suppressed (exit 0), even after lines moved and files were added', async () => {
    await writeFile(
      file('infra/compose.yaml'),
      `# billing database\n\nname: billing\nservices:\n  cache:\n    image: redis:7\n${DB}`,
    );
    await mkdir(file('infra/docs'), { recursive: true });
    await writeFile(file('infra/docs/notes.yaml'), 'a: 1\n');
    const r = pgwarden(root, ['scan', 'infra', '--baseline', '.pgwarden-baseline.json', ...TODAY]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /known findings reported as suppressed/);
    assert.match(r.out, /^0 findings/m);
  });

  it('a new finding fails (exit 1) and is the only one listed; JSON marks baseline matches', async () => {
    await writeFile(file('infra/compose.yaml'), `services:\n${DB}    privileged: true\n`);
    const r = pgwarden(root, ['scan', 'infra', '--baseline', '.pgwarden-baseline.json', ...TODAY]);
    assert.equal(r.code, 1);
    assert.match(r.out, /CRITICAL PGW302/);
    assert.match(r.out, /^1 finding /m);
    const json = pgwarden(root, [
      'scan',
      'infra',
      '--baseline',
      '.pgwarden-baseline.json',
      ...TODAY,
      '--format',
      'json',
    ]);
    const report = JSON.parse(json.out) as {
      findings: Array<{ ruleId: string; suppressions: Array<{ kind: string; justification: string }> }>;
      notes: string[];
    };
    const known = report.findings.find((f) => f.ruleId === 'PGW201');
    assert.deepEqual(known?.suppressions, [{ kind: 'external', justification: 'baseline' }]);
    assert.deepEqual(report.findings.find((f) => f.ruleId === 'PGW302')?.suppressions, []);
    assert.ok(report.notes.some((n) => /known findings? reported as suppressed/.test(n)));
  });

  it('fixed entries are listed; --prune-baseline removes them and never adds the new ones', async () => {
    await writeFile(file('infra/compose.yaml'), `services:\n${DB.replace('"5432:5432"', '"127.0.0.1:5432:5432"')}`);
    const before = entries(file('.pgwarden-baseline.json'));
    const listed = pgwarden(root, ['scan', 'infra', '--baseline', '.pgwarden-baseline.json', ...TODAY]);
    assert.equal(listed.code, 0);
    assert.match(
      listed.out,
      /entr(y|ies) no longer found \(fixed\): .*PGW201 in compose\.yaml.*Remove them with --prune-baseline/,
    );
    const pruned = pgwarden(root, [
      'scan',
      'infra',
      '--baseline',
      '.pgwarden-baseline.json',
      '--prune-baseline',
      ...TODAY,
    ]);
    assert.equal(pruned.code, 0);
    assert.match(pruned.out, /pruned \d+ entr(y|ies) no longer found/);
    assert.ok(entries(file('.pgwarden-baseline.json')) < before);
    const again = pgwarden(root, ['scan', 'infra', '--baseline', '.pgwarden-baseline.json', ...TODAY]);
    assert.doesNotMatch(again.out, /no longer found/);
  });

  it('SARIF output carries the baseline notes on stderr', () => {
    const r = pgwarden(root, ['scan', 'infra', '--baseline', '.pgwarden-baseline.json', ...TODAY, '--format', 'sarif']);
    assert.equal(r.code, 0);
    assert.match(r.err, /pgwarden: baseline \.pgwarden-baseline\.json: \d+ known findings/);
  });

  it('exit 2 for a missing or broken baseline, and for --prune-baseline without --baseline', async () => {
    const missing = pgwarden(root, ['scan', 'infra', '--baseline', 'nope.json', ...TODAY]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /baseline file not found: nope\.json \(create it with --write-baseline nope\.json\)/);
    await writeFile(file('broken.json'), '{"entries": []}');
    const broken = pgwarden(root, ['scan', 'infra', '--baseline', 'broken.json', ...TODAY]);
    assert.equal(broken.code, 2);
    assert.match(broken.err, /broken\.json: not a pgwarden baseline/);
    const prune = pgwarden(root, ['scan', 'infra', '--prune-baseline', ...TODAY]);
    assert.equal(prune.code, 2);
    assert.match(prune.err, /--prune-baseline needs --baseline FILE/);
  });

  it('nothing scanned (exit 3) leaves the baseline untouched, even with --prune-baseline', async () => {
    await mkdir(file('empty'), { recursive: true });
    const before = readFileSync(file('.pgwarden-baseline.json'), 'utf8');
    const r = pgwarden(root, ['scan', 'empty', '--baseline', '.pgwarden-baseline.json', '--prune-baseline', ...TODAY]);
    assert.equal(r.code, 3);
    assert.equal(readFileSync(file('.pgwarden-baseline.json'), 'utf8'), before);
    assert.ok(!existsSync(file('empty/.pgwarden-baseline.json')));
  });
});
