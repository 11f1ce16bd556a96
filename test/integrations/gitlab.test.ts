import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../../src/core/scan.js';
import { jsonReporter } from '../../src/report/json.js';
import { ALL_RULES } from '../../src/rules/index.js';
import {
  readJsonReport,
  ReportInputError,
  toGitlabCodeQuality,
  toGitlabSast,
  type JsonReport,
} from '../../src/integrations/gitlab.js';
import { removeTree, tempTree } from '../scan-helpers.js';
import { pgwarden } from './cli-run.js';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
const COMPOSE = `services:\n  db:\n    image: postgres@${DIGEST}\n    privileged: true\n    ports:\n      - "5432:5432" # pgwarden-ignore PGW201: VPN only\n`;

async function report(): Promise<JsonReport> {
  const result = await scan({
    virtual: { 'deploy/compose.yaml': COMPOSE },
    today: '2026-01-15',
    envPolicy: { forced: 'prod' },
  });
  const json = jsonReporter(result, { color: false, failOn: 'high', toolVersion: '9.9.9', rules: ALL_RULES });
  return readJsonReport(JSON.parse(json), 'report.json');
}

describe('GitLab Code Quality conversion', () => {
  it('maps every unsuppressed finding: description, check_name, fingerprint, severity, location', async () => {
    const r = await report();
    const issues = toGitlabCodeQuality(r);
    const active = r.findings.filter((f) => !f.suppressions.length);
    assert.equal(issues.length, active.length);
    assert.ok(!issues.some((i) => i.check_name.startsWith('PGW201')), 'suppressed findings are left out');
    const privileged = issues.find((i) => i.check_name === 'PGW302 privileged-container');
    assert.deepEqual(privileged, {
      description: 'PGW302: ' + r.findings.find((f) => f.ruleId === 'PGW302')?.message,
      check_name: 'PGW302 privileged-container',
      fingerprint: r.findings.find((f) => f.ruleId === 'PGW302')?.fingerprint,
      severity: 'blocker',
      location: { path: 'deploy/compose.yaml', lines: { begin: 4 } },
    });
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'fingerprints are unique');
    for (const i of issues) assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity));
  });

  it('severity mapping keeps the five levels apart; a path prefix is prepended; repeats get distinct fingerprints', () => {
    const base = {
      ruleId: 'PGW1',
      message: 'm',
      location: { file: 'a.yaml', startLine: 3, endLine: 5 },
      fingerprint: 'f',
      suppressions: [],
    };
    const r: JsonReport = {
      schemaVersion: '1.0.0',
      tool: { name: 'pgwarden', version: '1' },
      findings: (['critical', 'high', 'medium', 'low', 'info'] as const).map((severity) => ({ ...base, severity })),
    };
    const issues = toGitlabCodeQuality(r, { pathPrefix: './infra/' });
    assert.deepEqual(
      issues.map((i) => i.severity),
      ['blocker', 'critical', 'major', 'minor', 'info'],
    );
    assert.deepEqual(issues[0]?.location, { path: 'infra/a.yaml', lines: { begin: 3, end: 5 } });
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, 5);
  });

  it('findings on live objects (no file) are left out', () => {
    const r: JsonReport = {
      schemaVersion: '1.0.0',
      tool: { name: 'pgwarden', version: '1' },
      findings: [
        {
          ruleId: 'PGW701',
          severity: 'low',
          message: 'm',
          fingerprint: 'x',
          suppressions: [],
          location: { file: 'postgres://db', startLine: 1, endLine: 1, live: 'pg_settings:log_connections' },
        },
      ],
    };
    assert.deepEqual(toGitlabCodeQuality(r), []);
    assert.deepEqual(toGitlabSast(r).vulnerabilities, []);
  });
});

describe('GitLab SAST conversion', () => {
  it('produces a schema 15 report: scan metadata, vulnerabilities with identifiers, severities and locations', async () => {
    const r = await report();
    const sast = toGitlabSast(r, { now: new Date('2026-01-15T10:20:30.456Z') });
    assert.equal(sast.version, '15.0.7');
    assert.deepEqual(sast.scan.scanner, {
      id: 'pgwarden',
      name: 'pgwarden',
      version: '9.9.9',
      vendor: { name: 'pgwarden' },
    });
    assert.equal(sast.scan.type, 'sast');
    assert.equal(sast.scan.status, 'success');
    assert.equal(sast.scan.start_time, '2026-01-15T10:20:30');
    const v = sast.vulnerabilities.find((x) => x.identifiers[0]?.value === 'PGW302');
    assert.ok(v);
    assert.equal(v.severity, 'Critical');
    assert.equal(v.name, ALL_RULES.find((rule) => rule.id === 'PGW302')?.title);
    assert.deepEqual(v.location, { file: 'deploy/compose.yaml', start_line: 4, end_line: 4 });
    assert.deepEqual(v.identifiers, [
      { type: 'pgwarden_rule_id', name: 'PGW302 privileged-container', value: 'PGW302' },
    ]);
    assert.match(v.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Set(sast.vulnerabilities.map((x) => x.id)).size, sast.vulnerabilities.length);
    for (const x of sast.vulnerabilities) assert.ok(['Critical', 'High', 'Medium', 'Low', 'Info'].includes(x.severity));
    assert.ok(
      !sast.vulnerabilities.some((x) => x.identifiers[0]?.value === 'PGW201'),
      'suppressed findings are left out',
    );
  });

  it('ids are stable across runs (same fingerprint, same id)', async () => {
    const a = toGitlabSast(await report()).vulnerabilities.map((v) => v.id);
    const b = toGitlabSast(await report()).vulnerabilities.map((v) => v.id);
    assert.deepEqual(a, b);
  });
});

describe('reading the JSON report', () => {
  it('refuses what is not a pgwarden JSON report, naming the input', () => {
    assert.throws(
      () => readJsonReport([], 'x.json'),
      (e: unknown) => e instanceof ReportInputError && /x\.json: not a pgwarden JSON report/.test(e.message),
    );
    assert.throws(
      () => readJsonReport({ schemaVersion: '2.0.0', findings: [] }, 'x.json'),
      /schemaVersion 2\.0\.0 is not supported/,
    );
    assert.throws(
      () => readJsonReport({ schemaVersion: '1.0.0', findings: [{ ruleId: 'PGW201' }] }, 'x.json'),
      /findings\[0\] lacks/,
    );
  });
});

describe('pgwarden convert (CLI end to end)', () => {
  let root = '';
  before(async () => {
    root = await tempTree({ 'infra/compose.yaml': COMPOSE, 'notes.json': '{"a": 1}' });
  });
  after(() => removeTree(root));

  it('scan --format json, then convert to both GitLab formats; paths are relative to the repository root', () => {
    const scanned = pgwarden(root, [
      'scan',
      'infra',
      '--format',
      'json',
      '--output',
      'pgwarden.json',
      '--today',
      '2026-01-15',
    ]);
    assert.equal(scanned.code, 1, scanned.err);
    const cq = pgwarden(root, [
      'convert',
      '--to',
      'gitlab-codequality',
      'pgwarden.json',
      '--output',
      'gl-code-quality-report.json',
    ]);
    assert.equal(cq.code, 0, cq.err);
    const issues = JSON.parse(readFileSync(join(root, 'gl-code-quality-report.json'), 'utf8')) as Array<{
      location: { path: string };
    }>;
    assert.ok(issues.length > 3);
    assert.ok(
      issues.every((i) => i.location.path === 'infra/compose.yaml'),
      JSON.stringify(issues.map((i) => i.location.path)),
    );
    const sast = pgwarden(root, ['convert', '--to', 'gitlab-sast', 'pgwarden.json']);
    assert.equal(sast.code, 0, sast.err);
    assert.equal((JSON.parse(sast.out) as { version: string }).version, '15.0.7');
    const stdin = pgwarden(
      root,
      ['convert', '--to', 'gitlab-codequality', '-', '--path-prefix', 'x'],
      readFileSync(join(root, 'pgwarden.json'), 'utf8'),
    );
    assert.equal(stdin.code, 0, stdin.err);
    assert.ok(
      (JSON.parse(stdin.out) as Array<{ location: { path: string } }>).every(
        (i) => i.location.path === 'x/compose.yaml',
      ),
    );
  });

  it('usage errors exit 2', () => {
    assert.equal(pgwarden(root, ['convert', 'pgwarden.json']).code, 2);
    assert.equal(pgwarden(root, ['convert', '--to', 'jira', 'pgwarden.json']).code, 2);
    const bad = pgwarden(root, ['convert', '--to', 'gitlab-sast', 'notes.json']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /notes\.json: not a pgwarden JSON report/);
    assert.equal(pgwarden(root, ['convert', '--to', 'gitlab-sast', 'missing.json']).code, 2);
  });
});
