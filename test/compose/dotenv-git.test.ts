import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/core/scan.js';

function repo(ignoreEnv: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgwarden-git-'));
  assert.equal(spawnSync('git', ['init', '-q'], { cwd: dir }).status, 0);
  writeFileSync(
    join(dir, 'compose.yaml'),
    'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: ${PW}\n',
  );
  writeFileSync(join(dir, '.env'), 'PW=LocalOnlySecret77\n');
  if (ignoreEnv) writeFileSync(join(dir, '.gitignore'), '.env\n');
  return dir;
}

describe('.env values and git', () => {
  it('a .env that git ignores is not a committed secret (PGW104 still applies)', async () => {
    const r = await scan({ paths: [repo(true)], today: '2026-12-03' });
    const ids = r.findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('PGW101'), ids.join(','));
    assert.ok(ids.includes('PGW104'));
  });

  it('a .env that git tracks or could commit feeds a hardcoded secret (PGW101, with the .env line related)', async () => {
    const r = await scan({ paths: [repo(false)], today: '2026-12-03' });
    const f = r.findings.find((x) => x.ruleId === 'PGW101');
    assert.ok(f);
    assert.match(f.message, /from a committed \.env file/);
    assert.ok(f.related.some((x) => x.loc.file === '.env' && x.loc.start.line === 1));
  });
});

describe('credentials in comments', () => {
  const cases: Array<[string, boolean]> = [
    ['# POSTGRES_PASSWORD=SuperSecret123', true],
    ['# admin password for break-glass: Zx9!Kq2#Lm7pWv', true],
    ['# prod password is Tr0ub4dor&3xyz', true],
    ['# TODO: old password was "OldTfSecret-123"', true],
    ['# dsn: host=db user=app password=KvDsnSecret8877', true],
    ['# the admin password is in the vault under db/admin', false],
    ['# password is stored in vault', false],
    ['# set POSTGRES_PASSWORD_FILE to the secret path', false],
  ];
  for (const [comment, flagged] of cases) {
    it(`${flagged ? 'flags' : 'does not flag'}: ${comment}`, async () => {
      const r = await scan({ virtual: { 'compose.yaml': `${comment}\nservices:\n  db:\n    image: postgres:17\n` } });
      assert.equal(
        r.findings.some((f) => f.ruleId === 'PGW801'),
        flagged,
      );
    });
  }
});
