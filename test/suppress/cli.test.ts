import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeTree, tempTree } from '../scan-helpers.js';
import { pgwarden } from '../integrations/cli-run.js';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
/** In prod, the only findings at or above high are PGW201 and PGW207, both on the port line. */
const compose = (comment = '') =>
  `services:\n  db:\n    image: postgres@${DIGEST}\n    user: "999"\n    security_opt: ["no-new-privileges:true"]\n    ports:\n      - "5432:5432"${comment ? ' ' + comment : ''}\n`;

describe('CLI end to end: suppressions and exit codes', () => {
  let root = '';
  const dir = (name: string) => join(root, name);
  before(async () => {
    root = await tempTree({
      'plain/compose.yaml': compose(),
      'inline/compose.yaml': compose('# pgwarden-ignore PGW201, PGW207: the host firewall admits the VPN only'),
      'expiring/compose.yaml': compose('# pgwarden-ignore PGW201, PGW207 until=2026-03-31: moving behind the VPN'),
      'no-reason/compose.yaml': compose('# pgwarden-ignore PGW201, PGW207'),
      'config/compose.yaml': compose(),
      'config/.pgwarden.yml':
        'ignore:\n  - rule: PGW201\n    service: db\n    reason: VPN only\n  - rule: no-tls-for-remote-clients\n    reason: TLS ends at the proxy\n',
    });
  });
  after(() => removeTree(root));

  it('unsuppressed findings at or above --fail-on: exit 1', () => {
    const r = pgwarden(dir('plain'), ['scan', '.', '--env', 'prod', '--today', '2026-01-15']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /HIGH +PGW201/);
  });

  it('inline suppression with a reason: exit 0, and the text report counts the suppressed findings', () => {
    const r = pgwarden(dir('inline'), ['scan', '.', '--env', 'prod', '--today', '2026-01-15']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /, 2 suppressed in 1 file/);
    assert.doesNotMatch(r.out, /PGW003/);
  });

  it('--no-inline-ignores audits everything: exit 1 again', () => {
    const r = pgwarden(dir('inline'), ['scan', '.', '--env', 'prod', '--today', '2026-01-15', '--no-inline-ignores']);
    assert.equal(r.code, 1);
    assert.match(r.out, /PGW201/);
  });

  it('expiry: exit 0 through the date, exit 1 the day after, with PGW003 saying it expired', () => {
    const before = pgwarden(dir('expiring'), ['scan', '.', '--env', 'prod', '--today', '2026-03-31']);
    assert.equal(before.code, 0, before.out);
    const after = pgwarden(dir('expiring'), ['scan', '.', '--env', 'prod', '--today', '2026-04-01']);
    assert.equal(after.code, 1);
    assert.match(after.out, /LOW +PGW003 Suppression without effect/);
    assert.match(after.out, /expired on 2026-03-31: PGW201, PGW207 is reported again/);
  });

  it('missing reason: nothing is suppressed (exit 1); PGW003 is low, so --fail-on low is needed to fail on it alone', () => {
    const r = pgwarden(dir('no-reason'), ['scan', '.', '--env', 'prod', '--today', '2026-01-15']);
    assert.equal(r.code, 1);
    assert.match(r.out, /gives no reason, so it suppresses nothing/);
  });

  it('unused suppressions fail only at --fail-on low', async () => {
    await writeFile(
      join(dir('inline'), 'compose.yaml'),
      compose().replace('"5432:5432"', '"127.0.0.1:5432:5432" # pgwarden-ignore PGW201: VPN'),
    );
    const high = pgwarden(dir('inline'), ['scan', '.', '--env', 'prod', '--today', '2026-01-15']);
    assert.equal(high.code, 0, high.out);
    assert.match(high.out, /matched no PGW201 finding/);
    const low = pgwarden(dir('inline'), [
      'scan',
      '.',
      '--env',
      'prod',
      '--today',
      '2026-01-15',
      '--fail-on',
      'low',
      '--format',
      'json',
    ]);
    assert.equal(low.code, 1);
    const report = JSON.parse(low.out) as { findings: Array<{ ruleId: string }> };
    assert.ok(report.findings.some((f) => f.ruleId === 'PGW003'));
  });

  it('config ignore entries: exit 0; JSON and SARIF keep the findings as external suppressions with the reason', () => {
    const text = pgwarden(dir('config'), ['scan', '.', '--env', 'prod', '--today', '2026-01-15']);
    assert.equal(text.code, 0, text.out + text.err);
    const json = pgwarden(dir('config'), ['scan', '.', '--env', 'prod', '--today', '2026-01-15', '--format', 'json']);
    const report = JSON.parse(json.out) as {
      findings: Array<{ ruleId: string; suppressions: Array<{ kind: string; justification: string }> }>;
    };
    const f = report.findings.find((x) => x.ruleId === 'PGW201');
    assert.deepEqual(
      f?.suppressions.map((s) => [s.kind, s.justification]),
      [['external', 'VPN only']],
    );
    const sarif = pgwarden(dir('config'), ['scan', '.', '--env', 'prod', '--today', '2026-01-15', '--format', 'sarif']);
    const log = JSON.parse(sarif.out) as {
      runs: Array<{
        results: Array<{
          ruleId: string;
          suppressions?: Array<{ kind: string; justification: string; status: string }>;
        }>;
      }>;
    };
    const res = log.runs[0]?.results.find((x) => x.ruleId === 'PGW207');
    assert.deepEqual(res?.suppressions, [
      { kind: 'external', justification: 'TLS ends at the proxy', status: 'accepted' },
    ]);
  });
});
