import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/core/scan.js';
import { isAllInterfaces } from '../../src/model/addresses.js';
import { scrubSecrets, urlPassword } from '../../src/model/secrets.js';
import { cliPath } from '../helpers.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'pgwarden-hostile-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}
const cli = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('hostile input', () => {
  it('fingerprints do not depend on a secret value (they are published unsalted)', async () => {
    const make = (pw: string) =>
      scan({
        virtual: {
          'compose.yaml': `services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: ${pw}\n`,
        },
      });
    const a = (await make('Summer2024')).findings.filter((f) => f.ruleId === 'PGW108' || f.ruleId === 'PGW101');
    const b = (await make('Winter2025')).findings.filter((f) => f.ruleId === 'PGW108' || f.ruleId === 'PGW101');
    assert.equal(a.length, 2);
    assert.deepEqual(
      a.map((f) => f.fingerprint),
      b.map((f) => f.fingerprint),
    );
  });

  it('every spelling of the unspecified address is "all interfaces"', () => {
    for (const ip of [
      '0.0.0.0',
      '::',
      '[::]',
      '::0',
      '0::0',
      '0:0:0:0:0:0:0:0',
      '[0:0:0:0:0:0:0:0]',
      '::ffff:0.0.0.0',
      '',
    ]) {
      assert.ok(isAllInterfaces(ip), ip);
    }
    for (const ip of ['127.0.0.1', '::1', '10.0.0.5', '0.0.0.1']) assert.ok(!isAllInterfaces(ip), ip);
  });

  it('credentials in free text are masked, prose and pointers are not', () => {
    assert.equal(scrubSecrets('password=PcRealAa11Bb22 host=x'), 'password=**** host=x');
    assert.equal(scrubSecrets('postgres --password Rk82Qw7Zt4Lp'), 'postgres --password ****');
    assert.equal(scrubSecrets('postgres://app:p@ss/w0rd@db:5432/x'), 'postgres://app:****@db:5432/x');
    assert.equal(scrubSecrets('POSTGRES_PASSWORD_FILE=/run/secrets/db'), 'POSTGRES_PASSWORD_FILE=/run/secrets/db');
    assert.equal(scrubSecrets('password_encryption = md5'), 'password_encryption = md5');
    assert.equal(scrubSecrets('the password is in the vault'), 'the password is in the vault');
    assert.equal(urlPassword('postgres://app:Hx7/Jq2@Lm9@db:5432/app')?.password, 'Hx7/Jq2@Lm9');
  });

  it('a parse error that quotes a password does not print it', async () => {
    const d = dir({ 'postgresql.conf': 'primary_conninfo = host=primary user=rep password=PcRealAa11Bb22\n' });
    for (const format of ['text', 'json', 'sarif', 'markdown', 'html']) {
      const r = cli(['scan', d, '--format', format]);
      assert.ok(!(r.stdout + r.stderr).includes('PcRealAa11'), format);
    }
  });

  it('a merge-key bomb is expanded once per node, not once per path', async () => {
    let yaml = 'x-0: &m0 {k0: v}\n';
    for (let i = 1; i <= 12; i++) yaml += `x-${i}: &m${i}\n  <<: [*m${i - 1}, *m${i - 1}, *m${i - 1}, *m${i - 1}]\n`;
    yaml += 'services:\n  db:\n    image: postgres:17\n    environment:\n      <<: *m12\n';
    const r = await scan({ virtual: { 'compose.yaml': yaml } });
    const env = r.model.deployments[0]?.env.map((e) => e.name);
    assert.deepEqual(env, ['k0']);
  });

  it('bad command-line values and configurations are exit 2 with a reason, never an internal error', () => {
    const d = dir({ 'compose.yaml': 'services:\n  db:\n    image: postgres:17\n' });
    for (const args of [
      ['scan', d, '--today', '2025-02-30'],
      ['scan', d, '--var-file', join(d, 'missing.tfvars')],
      ['scan', d, '--var', 'db_password:HunterCliAa11Bb22'],
      ['scan', d, '--output', join(d, 'no', 'such', 'dir', 'r.txt')],
    ]) {
      const r = cli(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.doesNotMatch(r.stderr, /internal error/);
      assert.ok(!r.stderr.includes('HunterCli'));
    }
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (const c of 'bcdefgh')
      bomb += `${c}: &${c} [${Array(10)
        .fill('*' + String.fromCharCode(c.charCodeAt(0) - 1))
        .join(', ')}]\n`;
    const withBomb = dir({ 'compose.yaml': 'services:\n  db:\n    image: postgres:17\n', '.pgwarden.yml': bomb });
    const r = cli(['scan', withBomb]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /\.pgwarden\.yml/);
  });

  it('Terraform evaluation is bounded: backtracking regexes, nested loops and doubling values end as unknown', async () => {
    const tf = (local: string) =>
      `locals {\n  x = ${local}\n}\nresource "docker_container" "db" {\n  name  = "db"\n  image = "postgres:17"\n  env   = ["X=\${jsonencode(local.x)}"]\n}\n`;
    for (const local of [
      'regex("(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")',
      '[for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a + b + c]]]',
    ]) {
      const r = await scan({ virtual: { 'main.tf': tf(local) } });
      const x = r.model.deployments[0]?.env.find((e) => e.name === 'X');
      assert.ok(x, local);
      assert.equal(x.value.state, 'unknown', local);
    }
  });

  it('when every input fails to parse the scan is never green, whatever --fail-on says', () => {
    const d = dir({ 'compose.yaml': 'services:\n  db:\n    <<: *missing\n' });
    assert.equal(cli(['scan', d, '--fail-on', 'critical']).status, 3);
    assert.equal(cli(['scan', d]).status, 1);
  });
});
