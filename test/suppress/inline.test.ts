import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scan, type ScanResult } from '../../src/core/scan.js';
import type { Finding } from '../../src/core/finding.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { jsonReporter } from '../../src/report/json.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { textReporter } from '../../src/report/text.js';

const TODAY = '2026-01-15';
const DIGEST = 'sha256:' + 'ab'.repeat(32);

function run(files: Record<string, string>, extra: Parameters<typeof scan>[0] = {}): Promise<ScanResult> {
  return scan({ virtual: files, today: TODAY, envPolicy: { forced: 'prod' }, ...extra });
}

/** `PGW201@compose.yaml:7` of each finding of a rule, with `(suppressed: reason)` when suppressed. */
function of(result: ScanResult, ruleId: string): string[] {
  return result.findings
    .filter((f) => f.ruleId === ruleId)
    .map(
      (f) =>
        `${f.loc.file}:${f.loc.start.line}${f.suppressions?.length ? ` (${f.suppressions.map((s) => s.justification).join('; ')})` : ''}`,
    );
}

function problems(result: ScanResult): Finding[] {
  return result.findings.filter((f) => f.ruleId === 'PGW003');
}

const EXPOSED = (comment: { above?: string; trailing?: string; service?: string; serviceTrailing?: string }) =>
  `services:
${comment.service ? `  ${comment.service}\n` : ''}  db:${comment.serviceTrailing ? ` ${comment.serviceTrailing}` : ''}
    image: postgres@${DIGEST}
    user: "999"
    ports:
${comment.above ? `      ${comment.above}\n` : ''}      - "5432:5432"${comment.trailing ? ` ${comment.trailing}` : ''}
`;

describe('inline suppressions: compose (YAML)', () => {
  it('unsuppressed baseline: PGW201 on the port line', async () => {
    const r = await run({ 'compose.yaml': EXPOSED({}) });
    assert.deepEqual(of(r, 'PGW201'), ['compose.yaml:6']);
    assert.deepEqual(problems(r), []);
  });

  it('at the end of the line', async () => {
    const r = await run({
      'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW201: host firewall admits the VPN only' }),
    });
    assert.deepEqual(of(r, 'PGW201'), ['compose.yaml:6 (host firewall admits the VPN only)']);
    assert.deepEqual(problems(r), []);
  });

  it('on the line above (other comments in between are fine, a blank line is not)', async () => {
    const above = '# pgwarden-ignore PGW201: VPN only\n      # the port is for the backup agent';
    const r = await run({ 'compose.yaml': EXPOSED({ above }) });
    assert.deepEqual(of(r, 'PGW201'), ['compose.yaml:8 (VPN only)']);
    const gap = await run({ 'compose.yaml': EXPOSED({ above: '# pgwarden-ignore PGW201: VPN only\n' }) });
    assert.deepEqual(of(gap, 'PGW201'), ['compose.yaml:8']);
    assert.match(problems(gap)[0]?.message ?? '', /matched no PGW201 finding/);
  });

  it('block level: above the service key, every finding of the service (its lines and the deployment)', async () => {
    const r = await run({
      'compose.yaml': EXPOSED({ service: '# pgwarden-ignore PGW201, PGW309, no-healthcheck: throwaway CI database' }),
    });
    assert.deepEqual(of(r, 'PGW201'), ['compose.yaml:7 (throwaway CI database)']);
    assert.deepEqual(of(r, 'PGW309'), ['compose.yaml:3 (throwaway CI database)']);
    assert.deepEqual(of(r, 'PGW311'), ['compose.yaml:3 (throwaway CI database)']);
    assert.deepEqual(problems(r), []);
  });

  it('block level: at the end of the service key line, and above a nested key (ports:)', async () => {
    const trailing = await run({ 'compose.yaml': EXPOSED({ serviceTrailing: '# pgwarden-ignore PGW201: CI only' }) });
    assert.deepEqual(of(trailing, 'PGW201'), ['compose.yaml:6 (CI only)']);
    const nested = await run({
      'compose.yaml': `services:\n  db:\n    image: postgres@${DIGEST}\n    # pgwarden-ignore PGW201: CI only\n    ports:\n      - "5432:5432"\n      - "5433:5432"\n`,
    });
    assert.deepEqual(of(nested, 'PGW201'), ['compose.yaml:6 (CI only)', 'compose.yaml:7 (CI only)']);
  });

  it('only the named rules are suppressed', async () => {
    const r = await run({ 'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW204: not this one' }) });
    assert.deepEqual(of(r, 'PGW201'), ['compose.yaml:6']);
  });

  it('a "#" inside a quoted value is not a comment', async () => {
    const r = await run({
      'compose.yaml': `services:\n  db:\n    image: postgres@${DIGEST}\n    ports:\n      - "5432:5432" # ok\n    labels:\n      note: "# pgwarden-ignore PGW201: not a comment"\n`,
    });
    assert.deepEqual(of(r, 'PGW201'), ['compose.yaml:5']);
  });
});

describe('inline suppressions: Dockerfile', () => {
  const dockerfile = (lines: string[]) => lines.join('\n') + '\n';

  it('above an instruction covers it', async () => {
    const r = await run({
      Dockerfile: dockerfile([
        `FROM postgres@${DIGEST}`,
        '# pgwarden-ignore PGW303: the entrypoint drops to uid 999',
        'USER root',
        'HEALTHCHECK CMD pg_isready',
      ]),
    });
    assert.deepEqual(of(r, 'PGW303'), ['Dockerfile:3 (the entrypoint drops to uid 999)']);
    assert.deepEqual(problems(r), []);
  });

  it('above FROM covers the whole stage (and the deployment it declares)', async () => {
    const r = await run({
      Dockerfile: dockerfile([
        '# pgwarden-ignore PGW303, PGW311: build stage for tests only',
        `FROM postgres@${DIGEST}`,
        'USER root',
      ]),
    });
    assert.deepEqual(of(r, 'PGW303'), ['Dockerfile:3 (build stage for tests only)']);
    assert.deepEqual(of(r, 'PGW311'), ['Dockerfile:2 (build stage for tests only)']);
  });

  it('covers the stage only up to the next FROM', async () => {
    const r = await run({
      Dockerfile: dockerfile([
        '# pgwarden-ignore PGW303: builder',
        'FROM alpine:3.20 AS builder',
        'USER root',
        `FROM postgres@${DIGEST}`,
        'USER root',
      ]),
    });
    assert.deepEqual(of(r, 'PGW303'), ['Dockerfile:5']);
  });
});

describe('inline suppressions: PostgreSQL config files', () => {
  it('postgresql.conf: at the end of the line and above it', async () => {
    const conf = "log_statement = 'all' # pgwarden-ignore PGW703: staging debug, logs are not shipped\n";
    const r = await run({ 'postgresql.conf': conf });
    assert.deepEqual(of(r, 'PGW703'), ['postgresql.conf:1 (staging debug, logs are not shipped)']);
    const above = await run({ 'postgresql.conf': "# pgwarden-ignore PGW703: debug\nlog_statement = 'all'\n" });
    assert.deepEqual(of(above, 'PGW703'), ['postgresql.conf:2 (debug)']);
  });

  it('pg_hba.conf: a line', async () => {
    const hba =
      '# pgwarden-ignore PGW504: socket access for the local backup job\nlocal all all trust\nhost all all 0.0.0.0/0 trust\n';
    const r = await run({ 'pg_hba.conf': hba });
    const hits = of(r, 'PGW504');
    assert.ok(hits.includes('pg_hba.conf:2 (socket access for the local backup job)'), hits.join('\n'));
    assert.ok(hits.includes('pg_hba.conf:3'), hits.join('\n'));
  });

  it('file level: pgwarden-ignore-file covers the file and the deployment it declares', async () => {
    const conf = '# pgwarden-ignore-file PGW507, PGW508: pgbouncer in front sets the limits\nssl = on\n';
    const r = await run({ 'postgresql.conf': conf });
    assert.deepEqual(of(r, 'PGW507'), ['postgresql.conf:1 (pgbouncer in front sets the limits)']);
    assert.deepEqual(of(r, 'PGW508'), ['postgresql.conf:1 (pgbouncer in front sets the limits)']);
    assert.deepEqual(problems(r), []);
  });
});

describe('suppressions that do not suppress: PGW003', () => {
  it('missing reason: the finding stays, PGW003 says why', async () => {
    const r = await run({ 'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW201' }) });
    assert.deepEqual(of(r, 'PGW201'), ['compose.yaml:6']);
    const p = problems(r);
    assert.equal(p.length, 1);
    assert.equal(p[0]?.severity, 'low');
    assert.equal(p[0]?.loc.start.line, 6);
    assert.match(p[0]?.message ?? '', /gives no reason, so it suppresses nothing/);
  });

  it('expiry: suppresses through the until date, then the finding returns and PGW003 says it expired', async () => {
    const files = {
      'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW201 until=2026-03-31: migration to the VPN' }),
    };
    const before = await scan({ virtual: files, today: '2026-03-31', envPolicy: { forced: 'prod' } });
    assert.deepEqual(of(before, 'PGW201'), ['compose.yaml:6 (migration to the VPN)']);
    assert.equal(before.findings.find((f) => f.ruleId === 'PGW201')?.suppressions?.[0]?.expires, '2026-03-31');
    assert.deepEqual(problems(before), []);
    const after = await scan({ virtual: files, today: '2026-04-01', envPolicy: { forced: 'prod' } });
    assert.deepEqual(of(after, 'PGW201'), ['compose.yaml:6']);
    assert.match(problems(after)[0]?.message ?? '', /expired on 2026-03-31: PGW201 is reported again/);
  });

  it('unused: a directive that matched nothing is reported (like ESLint unused directives)', async () => {
    const r = await run({
      'compose.yaml': `services:\n  db:\n    image: postgres@${DIGEST}\n    # pgwarden-ignore PGW201: old\n    ports:\n      - "127.0.0.1:5432:5432"\n`,
    });
    assert.deepEqual(of(r, 'PGW201'), []);
    assert.match(problems(r)[0]?.message ?? '', /matched no PGW201 finding: remove it/);
  });

  it('unused is not reported for a rule that did not run or is off in that environment', async () => {
    const files = {
      'compose.yaml': `services:\n  db:\n    image: postgres@${DIGEST}\n    ports:\n      - "127.0.0.1:5432:5432" # pgwarden-ignore PGW204: x\n`,
    };
    const partial = await scan({ virtual: files, today: TODAY, rules: ALL_RULES.filter((r) => r.id === 'PGW003') });
    assert.deepEqual(problems(partial), []);
    const dev = await scan({ virtual: files, today: TODAY, envPolicy: { forced: 'dev' } }); // PGW204 is off in dev
    assert.deepEqual(problems(dev), []);
  });

  it('unknown rule ids and malformed directives', async () => {
    const r = await run({ 'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW201, PGW999: VPN' }) });
    assert.deepEqual(of(r, 'PGW201'), ['compose.yaml:6 (VPN)'], 'the known id still works');
    assert.match(problems(r)[0]?.message ?? '', /names "PGW999", which is not a pgwarden rule/);
    const bad = await run({ 'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW201 until=2026-02-30: VPN' }) });
    assert.deepEqual(of(bad, 'PGW201'), ['compose.yaml:6']);
    assert.match(problems(bad)[0]?.message ?? '', /is not a valid suppression: until=2026-02-30 is not a date/);
    const self = await run({ 'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW003: quiet' }) });
    assert.match(problems(self)[0]?.message ?? '', /PGW003 cannot be suppressed inline/);
  });

  it('PGW003 follows the configuration like any rule (off, severity)', async () => {
    const files = { 'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW201' }) };
    const off = await run(files, { ruleSettings: { PGW003: { severity: 'off' } } });
    assert.deepEqual(problems(off), []);
    const high = await run(files, { ruleSettings: { PGW003: { severity: 'high' } } });
    assert.equal(problems(high)[0]?.severity, 'high');
  });

  it('PGW003 fingerprints do not depend on the line', async () => {
    const a = await run({ 'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW201' }) });
    const b = await run({ 'compose.yaml': '# moved down\n\n' + EXPOSED({ trailing: '# pgwarden-ignore PGW201' }) });
    assert.equal(problems(a)[0]?.fingerprint, problems(b)[0]?.fingerprint);
  });
});

describe('--no-inline-ignores (suppress.inline = false)', () => {
  it('audits everything: inline directives neither suppress nor are reported', async () => {
    const files = {
      'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW201: VPN' }) + '# pgwarden-ignore PGW999\n',
    };
    const r = await run(files, { suppress: { inline: false } });
    assert.deepEqual(of(r, 'PGW201'), ['compose.yaml:6']);
    assert.deepEqual(problems(r), []);
  });
});

describe('suppressed findings in the reports', () => {
  it('JSON and SARIF keep them with suppressions[] (inSource, justification); text counts them', async () => {
    const r = await run({ 'compose.yaml': EXPOSED({ trailing: '# pgwarden-ignore PGW201: VPN only' }) });
    const options = { color: false, failOn: 'high' as const, toolVersion: '0.0.0', rules: ALL_RULES };
    const json = JSON.parse(jsonReporter(r, options)) as {
      findings: Array<{ ruleId: string; suppressions: Array<{ kind: string; justification: string }> }>;
      summary: { suppressed: number };
    };
    const f = json.findings.find((x) => x.ruleId === 'PGW201');
    assert.deepEqual(
      f?.suppressions.map((s) => [s.kind, s.justification]),
      [['inSource', 'VPN only']],
    );
    assert.equal(json.summary.suppressed, 1);
    const sarif = JSON.parse(sarifReporter(r, options)) as {
      runs: Array<{
        results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification: string }> }>;
      }>;
    };
    const result = sarif.runs[0]?.results.find((x) => x.ruleId === 'PGW201');
    assert.deepEqual(
      result?.suppressions?.map((s) => [s.kind, s.justification]),
      [['inSource', 'VPN only']],
    );
    const text = textReporter(r, options);
    assert.match(text, /, 1 suppressed in 1 file/);
    assert.ok(!/PGW201 PostgreSQL port/.test(text), 'a suppressed finding is not listed in the text report');
  });
});
