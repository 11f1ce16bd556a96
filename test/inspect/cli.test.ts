import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../helpers.js';

const FIXTURES = join(repoRoot, 'test', 'fixtures', 'inspect');
const TODAY = '2026-12-03';

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    input,
    cwd: repoRoot,
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonReport {
  inputs: Array<{ file: string; format: string }>;
  findings: Array<{
    ruleId: string;
    message: string;
    location: { file: string; startLine: number; startColumn: number };
    relatedLocations: Array<{ message: string; location: { file: string; startLine: number } }>;
    deployment?: string;
  }>;
}

describe('pgwarden scan --inspect', () => {
  it('reads docker inspect output from stdin with `--inspect -`, and only that', () => {
    const text = readFileSync(join(FIXTURES, 'full.json'), 'utf8');
    const r = run(['scan', '--inspect', '-', '--format', 'json', '--today', TODAY, '--env', 'prod'], text);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(report.inputs, [
      { file: 'stdin', format: 'inspect', environment: 'prod', environmentReason: '--env prod' },
    ]);
    const priv = report.findings.find((f) => f.ruleId === 'PGW306');
    assert.deepEqual([priv?.location.file, priv?.location.startLine, priv?.location.startColumn], ['stdin', 32, 23]);
    assert.ok(!r.out.includes('Tr1cky'), 'the observed password is masked');
  });

  it('reads a named file with `--inspect FILE`, beside scanned folders', () => {
    const file = join('test', 'fixtures', 'inspect', 'published-all.json');
    const r = run(['scan', '--inspect', file, '--format', 'json', '--today', TODAY, '--env', 'prod']);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(
      report.inputs.map((i) => i.file),
      ['test/fixtures/inspect/published-all.json'],
    );
    const f = report.findings.find((x) => x.ruleId === 'PGW201');
    assert.deepEqual([f?.location.file, f?.location.startLine], ['test/fixtures/inspect/published-all.json', 7]);
  });

  it('a missing --inspect file is a usage error (exit 2)', () => {
    const r = run(['scan', '--inspect', 'no/such/file.json']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--inspect no\/such\/file\.json: no such file/);
  });
});

describe('PGW901 declared vs running (compose + docker inspect in one scan)', () => {
  it('reports each security-relevant difference at the declaration, with the running value as related location', () => {
    const r = run(['scan', join(FIXTURES, 'drift'), '--format', 'json', '--today', TODAY, '--env', 'prod']);
    const report = JSON.parse(r.out) as JsonReport;
    const drift = report.findings
      .filter((f) => f.ruleId === 'PGW901')
      .map((f) => [
        f.location.file,
        f.location.startLine,
        f.message.replace(/ \(container shop-db-1: compose labels project=shop service=db\)\.$/, ''),
        f.relatedLocations.map((l) => `${l.location.file}:${l.location.startLine}`).join(' '),
      ]);
    assert.deepEqual(drift, [
      ['compose.yaml', 3, 'privileged: declared false, running true', 'running.json:12'],
      ['compose.yaml', 4, 'image: declared postgres:16.10, running postgres:16.4', 'running.json:6'],
      ['compose.yaml', 5, 'user: declared 999:999, running (not set: root)', 'running.json:5'],
      ['compose.yaml', 7, 'bind address: declared 127.0.0.1:5432, running 0.0.0.0:5432', 'running.json:13'],
      ['compose.yaml', 8, 'dropped capabilities: declared ALL, running (not set)', 'running.json:3'],
      ['compose.yaml', 10, 'setting ssl: declared on, running off', 'running.json:8'],
    ]);
    // same values in another spelling are not drift: log_connections on/true, no-new-privileges with or without :true
    assert.ok(!r.out.includes('log_connections: declared'));
    assert.ok(!r.out.includes('security options: declared'));
  });
});
