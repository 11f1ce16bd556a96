import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { captureIo, removeTree, tempTree, TODAY } from '../scan-helpers.js';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
/** Findings up to high in prod (port on every interface), nothing critical; digest-pinned so no advisory applies. */
const EXPOSED = `services:\n  db:\n    image: postgres@${DIGEST}\n    user: "999"\n    ports:\n      - "5432:5432"\n`;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = captureIo();
  const code = await main(args, c.io);
  return { code, out: c.out(), err: c.err() };
}

describe('CLI exit codes', () => {
  let root = '';
  before(async () => {
    root = await tempTree({
      'exposed/compose.yaml': EXPOSED,
      'nothing/README.md': '# just docs\n',
      'nothing/settings.json': '{"a": 1}\n',
      'only-broken/compose.yaml': Buffer.from([0, 1, 2, 3]),
      'broken-yaml/compose.yaml': 'services:\n  db:\n    image: [postgres\n',
    });
  });
  after(() => removeTree(root));

  it('3 when nothing was recognised, and says so', async () => {
    const r = await run(['scan', join(root, 'nothing'), '--today', TODAY]);
    assert.equal(r.code, 3);
    assert.match(r.err, /nothing was scanned: no recognised input/);
  });

  it('3 when the only candidate was skipped; the note is still printed', async () => {
    const r = await run(['scan', join(root, 'only-broken'), '--today', TODAY]);
    assert.equal(r.code, 3);
    assert.match(r.out, /compose\.yaml: binary file \(contains NUL bytes\)/);
  });

  it('2 for a path that does not exist', async () => {
    const r = await run(['scan', join(root, 'no-such-dir')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no such file or directory: .*no-such-dir/);
    assert.equal(r.out, '');
  });

  it('2 for an unknown option or a bad option value', async () => {
    const dir = join(root, 'exposed');
    for (const [args, message] of [
      [['scan', '--bogus', dir], /unknown option --bogus/],
      [['scan', dir, '--fail-on', 'loud'], /--fail-on must be one of critical, high, medium, low, info, none/],
      [['scan', dir, '--env', 'qa'], /--env must be one of dev, staging, prod, auto/],
      [['scan', dir, '--format'], /option --format needs a value/],
      [['scan', dir, '--today', '2026-13-45'], /--today must be YYYY-MM-DD/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ] as const) {
      const r = await run([...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
    }
  });

  it('1 for findings at or above --fail-on (default high), 0 below it', async () => {
    const dir = join(root, 'exposed');
    const base = ['scan', dir, '--today', TODAY, '--env', 'prod'];
    assert.equal((await run(base)).code, 1, 'PGW201 is high in prod');
    assert.equal((await run([...base, '--fail-on', 'high'])).code, 1);
    assert.equal((await run([...base, '--fail-on', 'critical'])).code, 0);
    assert.equal((await run([...base, '--fail-on', 'none'])).code, 0);
  });

  it('the environment changes the verdict: the same file in dev is below high', async () => {
    const r = await run(['scan', join(root, 'exposed'), '--today', TODAY, '--env', 'dev', '--format', 'json']);
    const report = JSON.parse(r.out) as { findings: Array<{ ruleId: string; severity: string }> };
    assert.equal(report.findings.find((f) => f.ruleId === 'PGW201')?.severity, 'info');
    assert.ok(!report.findings.some((f) => f.severity === 'high' || f.severity === 'critical'));
    assert.equal(r.code, 0);
  });

  it('a parse error is a high finding: exit 1, with file, line and column', async () => {
    const r = await run(['scan', join(root, 'broken-yaml'), '--today', TODAY, '--no-color']);
    assert.equal(r.code, 1);
    assert.match(r.out, /HIGH {5}PGW001 File could not be parsed {2}compose\.yaml:\d+:\d+/);
  });
});
