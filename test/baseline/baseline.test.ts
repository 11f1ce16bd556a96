import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scan, type ScanResult } from '../../src/core/scan.js';
import type { Finding } from '../../src/core/finding.js';
import {
  applyBaseline,
  BaselineError,
  createBaseline,
  parseBaseline,
  pruneBaseline,
  serializeBaseline,
} from '../../src/baseline/baseline.js';

const TODAY = '2026-01-15';
const DIGEST = 'sha256:' + 'ab'.repeat(32);
const DB = `  db:\n    image: postgres@${DIGEST}\n    environment:\n      POSTGRES_PASSWORD: "Vq3-Lantern-Orbit-5521"\n    ports:\n      - "5432:5432"\n`;
const CACHE = `  cache:\n    image: redis:7\n`;
const DOCKERFILE = `FROM postgres@${DIGEST}\nUSER root\n`;
const CONF = `log_statement = 'all'\n`;

function run(files: Record<string, string>): Promise<ScanResult> {
  return scan({ virtual: files, today: TODAY, envPolicy: { forced: 'prod' } });
}

const active = (findings: Finding[]) => findings.filter((f) => !f.suppressions?.length);
const ids = (findings: Finding[]) => findings.map((f) => `${f.ruleId} ${f.loc.file}`).sort();

describe('baseline', () => {
  it('records every unsuppressed finding by fingerprint; a rescan of the same tree reports nothing new', async () => {
    const files = { 'compose.yaml': `services:\n${DB}`, Dockerfile: DOCKERFILE, 'postgresql.conf': CONF };
    const first = await run(files);
    const baseline = createBaseline(first.findings);
    assert.equal(baseline.entries.length, active(first.findings).length);
    assert.ok(baseline.entries.length > 10);
    const again = await run(files);
    const outcome = applyBaseline(again.findings, baseline);
    assert.deepEqual(active(again.findings), []);
    assert.equal(outcome.matched, baseline.entries.length);
    assert.deepEqual(outcome.fixed, []);
    assert.ok(
      again.findings.every(
        (f) => f.suppressions?.[0]?.kind === 'external' && f.suppressions[0].justification === 'baseline',
      ),
    );
  });

  it('survives inserted lines, reordered services and reordered files', async () => {
    const before = await run({
      'compose.yaml': `services:\n${DB}${CACHE}`,
      Dockerfile: DOCKERFILE,
      'postgresql.conf': CONF,
    });
    const baseline = createBaseline(before.findings);
    const after = await run({
      'postgresql.conf': `# tuned by ops\n\nshared_buffers = '1GB'\n${CONF}`,
      Dockerfile: `# syntax=docker/dockerfile:1\n\n${DOCKERFILE}`,
      'compose.yaml': `# project: billing\n\nname: billing\nservices:\n${CACHE}\n${DB}`,
    });
    assert.equal(before.findings.find((f) => f.ruleId === 'PGW201')?.loc.start.line, 7);
    assert.equal(after.findings.find((f) => f.ruleId === 'PGW201')?.loc.start.line, 13, 'the finding really moved');
    const outcome = applyBaseline(after.findings, baseline);
    assert.deepEqual(ids(active(after.findings)), []);
    assert.deepEqual(outcome.fixed, []);
  });

  it('reports only new findings, and lists entries that are fixed', async () => {
    const baseline = createBaseline(
      (await run({ 'compose.yaml': `services:\n${DB}`, 'postgresql.conf': CONF })).findings,
    );
    const changed = await run({
      'compose.yaml': `services:\n${DB.replace('"5432:5432"', '"127.0.0.1:5432:5432"')}    privileged: true\n`,
      'postgresql.conf': CONF,
    });
    const outcome = applyBaseline(changed.findings, baseline);
    assert.deepEqual(ids(active(changed.findings)), ['PGW302 compose.yaml']);
    assert.ok(
      outcome.fixed.some((e) => e.ruleId === 'PGW201' && e.file === 'compose.yaml'),
      JSON.stringify(outcome.fixed),
    );
    const pruned = pruneBaseline(baseline, outcome.fixed);
    assert.equal(pruned.entries.length, baseline.entries.length - outcome.fixed.length);
    assert.ok(!pruned.entries.some((e) => e.ruleId === 'PGW201'));
    // the pruned baseline matches the same findings as before and has nothing left to prune
    const again = await run({
      'compose.yaml': `services:\n${DB.replace('"5432:5432"', '"127.0.0.1:5432:5432"')}    privileged: true\n`,
      'postgresql.conf': CONF,
    });
    assert.deepEqual(applyBaseline(again.findings, pruned).fixed, []);
    assert.deepEqual(ids(active(again.findings)), ['PGW302 compose.yaml']);
  });

  it('entries are counted: one entry absorbs one finding with that fingerprint', () => {
    const f = (n: number): Finding => ({
      ruleId: 'PGW801',
      severity: 'high',
      env: 'prod',
      envReason: '',
      message: `m${n}`,
      loc: { file: 'a', start: { offset: 0, line: n, column: 1 }, end: { offset: 0, line: n, column: 2 } },
      related: [],
      fingerprint: 'same',
    });
    const baseline = createBaseline([f(1)]);
    const findings = [f(1), f(2)];
    assert.equal(applyBaseline(findings, baseline).matched, 1);
    assert.equal(active(findings).length, 1);
  });

  it('findings already suppressed (inline, config) are not recorded, and not matched', async () => {
    const files = {
      'compose.yaml': `services:\n${DB.replace('"5432:5432"', '"5432:5432" # pgwarden-ignore PGW201: VPN')}`,
    };
    const result = await run(files);
    const baseline = createBaseline(result.findings);
    assert.ok(!baseline.entries.some((e) => e.ruleId === 'PGW201'));
  });

  it('the file is stable JSON without line numbers or secrets, and reads back', async () => {
    const result = await run({ 'compose.yaml': `services:\n${DB}`, Dockerfile: DOCKERFILE });
    const text = serializeBaseline(createBaseline(result.findings));
    assert.equal(
      text,
      serializeBaseline(
        createBaseline((await run({ Dockerfile: DOCKERFILE, 'compose.yaml': `services:\n${DB}` })).findings),
      ),
    );
    assert.ok(!text.includes('Lantern'), 'no secret in the baseline');
    assert.ok(!/"(line|startLine)"/.test(text));
    const back = parseBaseline(text, 'b.json');
    assert.equal(serializeBaseline(back), text);
  });

  it('a file that is not a baseline is a BaselineError naming it', () => {
    assert.throws(
      () => parseBaseline('nope', 'b.json'),
      (e: unknown) => e instanceof BaselineError && /b\.json: not a pgwarden baseline: invalid JSON/.test(e.message),
    );
    assert.throws(() => parseBaseline('{"entries": []}', 'b.json'), /no "pgwardenBaseline" version/);
    assert.throws(
      () => parseBaseline('{"pgwardenBaseline": 9, "entries": []}', 'b.json'),
      /version 9 is not supported/,
    );
    assert.throws(
      () => parseBaseline('{"pgwardenBaseline": 1, "entries": [{"ruleId": "PGW201"}]}', 'b.json'),
      /entries\[0\] needs "fingerprint"/,
    );
  });
});
