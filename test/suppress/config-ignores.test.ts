import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scan, type ScanResult } from '../../src/core/scan.js';
import { parseConfigText } from '../../src/config/load.js';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
const COMPOSE = `services:\n  db:\n    image: postgres@${DIGEST}\n    user: "999"\n    ports:\n      - "5432:5432"\n  replica:\n    image: postgres@${DIGEST}\n    user: "999"\n    ports:\n      - "5433:5432"\n`;

async function scanWith(
  config: string,
  today = '2026-01-15',
  files: Record<string, string> = { 'dev/compose.yaml': COMPOSE, 'prod/compose.yaml': COMPOSE },
): Promise<ScanResult> {
  const loaded = parseConfigText(config, '.pgwarden.yml');
  return scan({ virtual: files, today, suppress: { ignores: loaded.ignores } });
}

function pgw201(r: ScanResult): string[] {
  return r.findings
    .filter((f) => f.ruleId === 'PGW201')
    .map(
      (f) =>
        `${f.loc.file}:${f.loc.start.line}${f.suppressions?.length ? ` ${f.suppressions.map((s) => `${s.kind}:${s.justification}`).join(',')}` : ''}`,
    );
}

const problems = (r: ScanResult) => r.findings.filter((f) => f.ruleId === 'PGW003').map((f) => f.message);

describe('config ignore entries', () => {
  it('rule + path glob + service: only that service in those files, kind external with the reason', async () => {
    const r = await scanWith(
      'ignore:\n  - rule: PGW201\n    path: "dev/**"\n    service: db\n    reason: developer machines only\n',
    );
    assert.deepEqual(pgw201(r), [
      'dev/compose.yaml:6 external:developer machines only',
      'dev/compose.yaml:11',
      'prod/compose.yaml:6',
      'prod/compose.yaml:11',
    ]);
    const suppression = r.findings.find((f) => f.suppressions?.length)?.suppressions?.[0];
    assert.equal(suppression?.loc?.start.line, 2, 'the suppression says where it is written');
    assert.deepEqual(problems(r), []);
  });

  it('rule alone covers every file; a slug works as the rule; resource globs match deployment names', async () => {
    const all = await scanWith('ignore:\n  - rule: port-published-all-interfaces\n    reason: all behind the VPN\n');
    assert.equal(pgw201(all).filter((x) => x.includes('external')).length, 4);
    const glob = await scanWith('ignore:\n  - rule: PGW201\n    resource: "rep*"\n    reason: replicas are internal\n');
    assert.deepEqual(
      pgw201(glob).filter((x) => x.includes('external')),
      ['dev/compose.yaml:11 external:replicas are internal', 'prod/compose.yaml:11 external:replicas are internal'],
    );
  });

  it('expires: applies through the date, then stops and PGW003 says so at the entry', async () => {
    const config = 'ignore:\n  - rule: PGW201\n    reason: migration\n    expires: 2026-03-31\n';
    assert.equal(pgw201(await scanWith(config, '2026-03-31')).filter((x) => x.includes('external')).length, 4);
    const after = await scanWith(config, '2026-04-01');
    assert.equal(pgw201(after).filter((x) => x.includes('external')).length, 0);
    const p = after.findings.find((f) => f.ruleId === 'PGW003');
    assert.match(p?.message ?? '', /ignore\[0\] \(PGW201\)` expired on 2026-03-31/);
    assert.equal(p?.loc.start.line, 2);
  });

  it('unused entries are reported, unless their path names no scanned file (another part of the repository)', async () => {
    const r = await scanWith(
      'ignore:\n  - rule: PGW502\n    reason: old bind mount\n  - rule: PGW201\n    path: "other/**"\n    reason: not scanned here\n',
    );
    assert.deepEqual(problems(r), [
      '`ignore[0] (PGW502)` matched no PGW502 finding: remove it (the problem may have been fixed).',
    ]);
  });

  it('an ignore entry for PGW003 applies to PGW003 findings', async () => {
    const files = { 'compose.yaml': COMPOSE.replace('"5432:5432"', '"5432:5432" # pgwarden-ignore PGW201') };
    const r = await scanWith(
      'ignore:\n  - rule: PGW003\n    reason: legacy comments, tracked in OPS-12\n',
      '2026-01-15',
      files,
    );
    const p = r.findings.filter((f) => f.ruleId === 'PGW003');
    assert.equal(p.length, 1);
    assert.deepEqual(
      p[0]?.suppressions?.map((s) => s.justification),
      ['legacy comments, tracked in OPS-12'],
    );
  });

  it('inline and config suppressions can both apply; both are listed', async () => {
    const files = {
      'compose.yaml': COMPOSE.replace('"5432:5432"', '"5432:5432" # pgwarden-ignore PGW201: inline reason'),
    };
    const r = await scanWith(
      'ignore:\n  - rule: PGW201\n    service: db\n    reason: config reason\n',
      '2026-01-15',
      files,
    );
    assert.deepEqual(pgw201(r), ['compose.yaml:6 inSource:inline reason,external:config reason', 'compose.yaml:11']);
  });
});
