import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decideEnv } from '../../src/discover/environment.js';
import { main } from '../../src/cli/main.js';
import { captureIo, findingsOf, removeTree, renderAll, scanVirtual, tempTree, TODAY } from '../scan-helpers.js';

const EXPOSED = 'services:\n  db:\n    image: postgres:16.10\n    ports:\n      - "5432:5432"\n';
/** Digest-pinned (no advisory applies) and run as a user: only the published port is high in prod. */
const PINNED = `services:\n  db:\n    image: postgres@sha256:${'ab'.repeat(32)}\n    user: "999"\n    ports:\n      - "5432:5432"\n`;

describe('environment detection', () => {
  const table: Array<[string, string, string]> = [
    ['prod/compose.yaml', 'prod', 'folder "prod"'],
    ['deploy/production/eu/compose.yaml', 'prod', 'folder "deploy/production"'],
    ['prd/Dockerfile', 'prod', 'folder "prd"'],
    ['staging/compose.yaml', 'staging', 'folder "staging"'],
    ['envs/stage/compose.yaml', 'staging', 'folder "envs/stage"'],
    ['stg/pg_hba.conf', 'staging', 'folder "stg"'],
    ['dev/compose.yaml', 'dev', 'folder "dev"'],
    ['development/compose.yaml', 'dev', 'folder "development"'],
    ['local/compose.yaml', 'dev', 'folder "local"'],
    ['envs/Prod/compose.yaml', 'prod', 'folder "envs/Prod"'],
    // the nearest folder wins, also when the environment is one word of its name
    ['examples/prod/dev-tools/compose.yaml', 'dev', 'folder "examples/prod/dev-tools"'],
    ['dev/eu_prod/compose.yaml', 'prod', 'folder "dev/eu_prod"'],
    ['staging/dev/compose.yaml', 'dev', 'folder "staging/dev"'],
    // a folder names an environment before a file name does (fail-safe: prod/… stays prod)
    ['prod/docker-compose.dev.yml', 'prod', 'folder "prod"'],
    // words in the file name
    ['docker-compose.prod.yml', 'prod', 'file name "docker-compose.prod.yml"'],
    ['docker-compose.staging.yml', 'staging', 'file name "docker-compose.staging.yml"'],
    ['compose.dev.yaml', 'dev', 'file name "compose.dev.yaml"'],
    ['compose.local.yaml', 'dev', 'file name "compose.local.yaml"'],
    ['Dockerfile.dev', 'dev', 'file name "Dockerfile.dev"'],
    // words inside other words say nothing
    ['myproduct/compose.yaml', 'prod', 'no environment in the path: prod, the fail-safe default'],
    ['devops/compose.yaml', 'prod', 'no environment in the path: prod, the fail-safe default'],
    ['compose.yaml', 'prod', 'no environment in the path: prod, the fail-safe default'],
  ];
  for (const [path, env, reason] of table) {
    it(`${path} → ${env}`, () => {
      assert.deepEqual(decideEnv(path, {}), { env, reason });
    });
  }

  it('--env forces one environment for everything', () => {
    assert.deepEqual(decideEnv('dev/compose.yaml', { forced: 'prod' }), { env: 'prod', reason: '--env prod' });
  });

  it('config globs come before folder names; the configured fallback replaces prod', () => {
    const policy = { globs: [{ glob: 'infra/**', env: 'staging' as const }], fallback: 'dev' as const };
    assert.deepEqual(decideEnv('infra/prod/compose.yaml', policy), {
      env: 'staging',
      reason: 'config: path matches "infra/**"',
    });
    assert.deepEqual(decideEnv('app/compose.yaml', policy), {
      env: 'dev',
      reason: 'no environment in the path: config environments.default',
    });
  });
});

describe('the report states the environment and why', () => {
  it('severity follows the environment of the file', async () => {
    const result = await scanVirtual({
      'dev/compose.yaml': EXPOSED,
      'staging/compose.yaml': EXPOSED,
      'prod/compose.yaml': EXPOSED,
    });
    const severities = findingsOf(result, 'PGW201').map((f) => `${f.loc.file} ${f.env} ${f.severity}`);
    assert.deepEqual(severities, [
      'dev/compose.yaml dev info',
      'prod/compose.yaml prod high',
      'staging/compose.yaml staging medium',
    ]);
  });

  it('text, json and sarif carry the environment and its reason', async () => {
    const result = await scanVirtual({ 'deploy/staging/compose.yaml': EXPOSED });
    const { text, json, sarif } = renderAll(result);
    assert.match(text, /deploy\/staging\/compose\.yaml {2}\(environment: staging — folder "deploy\/staging"\)/);
    assert.match(text, /environment: staging; failing at high and above\.\n$/);
    const report = JSON.parse(json) as {
      inputs: Array<{ file: string; environment: string; environmentReason: string }>;
      findings: Array<{ environment: string; environmentReason: string }>;
    };
    assert.deepEqual(report.inputs, [
      {
        file: 'deploy/staging/compose.yaml',
        format: 'compose',
        environment: 'staging',
        environmentReason: 'folder "deploy/staging"',
      },
    ]);
    assert.ok(report.findings.length > 0);
    for (const f of report.findings) assert.equal(f.environmentReason, 'folder "deploy/staging"');
    const log = JSON.parse(sarif) as { runs: Array<{ results: Array<{ properties: Record<string, unknown> }> }> };
    const props = log.runs[0]?.results[0]?.properties;
    assert.equal(props?.['environment'], 'staging');
    assert.equal(props?.['environmentReason'], 'folder "deploy/staging"');
  });

  describe('through the CLI', () => {
    let root = '';
    before(async () => {
      root = await tempTree({ 'prod/compose.yaml': PINNED });
    });
    after(() => removeTree(root));

    it('auto detection names the folder; --env dev overrides it and says so', async () => {
      const auto = captureIo();
      assert.equal(await main(['scan', root, '--today', TODAY, '--format', 'json'], auto.io), 1);
      const detected = JSON.parse(auto.out()) as { inputs: Array<{ environment: string; environmentReason: string }> };
      assert.deepEqual(detected.inputs[0], {
        file: 'prod/compose.yaml',
        format: 'compose',
        environment: 'prod',
        environmentReason: 'folder "prod"',
      });

      const forced = captureIo();
      const code = await main(['scan', join(root, 'prod'), '--today', TODAY, '--env', 'dev', '--no-color'], forced.io);
      assert.match(forced.out(), /compose\.yaml {2}\(environment: dev — --env dev\)/);
      assert.match(forced.out(), /INFO {5}PGW201 /);
      assert.equal(code, 0, 'nothing reaches high in dev');
    });
  });
});
