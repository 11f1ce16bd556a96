import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import { captureIo, removeTree, renderAll, scanVirtual, tempTree, TODAY, where } from '../scan-helpers.js';

/** Distinctive secrets, one per place a secret can hide. */
const S = {
  literal: 'Vx9-Tulip-Canyon-2718',
  fallback: 'Kp3-Meadow-River-9021',
  dotenv: 'Bq4-Velvet-Summit-8826',
  url: 'Jw2-Silver-Harbor-6604',
  command: 'Rt8-Amber-Forest-1150',
  healthcheck: 'Hn5-Copper-Ridge-3307',
  composeComment: 'Zq7-Lamp-Orbit-4411',
  dockerEnv: 'Dc6-Granite-Falls-4493',
  dockerArg: 'Mf1-Cobalt-Prairie-7730',
  dockerComment: 'Yp2-Coral-Thicket-5180',
  confComment: 'Ws3-Ivory-Delta-5512',
  conninfo: 'Gk4-Onyx-Lagoon-6021',
  envFile: 'Tc5-Birch-Valley-3394',
} as const;

const FILES: Record<string, string> = {
  'compose.yaml': [
    `# admin password: ${S.composeComment}`, //                                                   1
    'services:', //                                                                               2
    '  db:', //                                                                                   3
    '    image: postgres:16.10', //                                                               4
    '    env_file: [db.env]', //                                                                  5
    '    environment:', //                                                                        6
    `      POSTGRES_PASSWORD: ${S.literal}`, //                                                   7
    `      REPLICA_PASSWORD: \${REPL_PW:-${S.fallback}}`, //                                      8
    '      APP_DB_PASSWORD: ${APP_PW}', //                                                        9
    '    healthcheck:', //                                                                        10
    `      test: ["CMD-SHELL", "PGPASSWORD=${S.healthcheck} psql -U postgres -c 'select 1'"]`, // 11
    '  app:', //                                                                                  12
    '    image: example/app:1.0', //                                                              13
    '    environment:', //                                                                        14
    `      DATABASE_URL: postgres://app:${S.url}@db:5432/app`, //                                 15
    `    command: ["app", "--db", "postgresql://app:${S.command}@db/app"]`, //                    16
    '',
  ].join('\n'),
  '.env': `# the app password\nAPP_PW=${S.dotenv}\n`,
  'db.env': `SUPERUSER_PASSWORD=${S.envFile}\n`,
  Dockerfile: [
    `# build token: ${S.dockerComment}`,
    'FROM postgres:16.10',
    `ENV POSTGRES_PASSWORD=${S.dockerEnv}`,
    `ARG API_TOKEN=${S.dockerArg}`,
    'USER postgres',
    '',
  ].join('\n'),
  'postgresql.conf': [
    `# replication password: ${S.confComment}`,
    'ssl = on',
    `primary_conninfo = 'host=primary user=replicator password=${S.conninfo}'`,
    '',
  ].join('\n'),
};

/** No output holds a secret, nor any 8-character piece of one. */
function assertNoSecret(output: string, label: string): void {
  for (const [where, secret] of Object.entries(S)) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      const piece = secret.slice(i, i + 8);
      assert.ok(!output.includes(piece), `${label} prints a piece of the ${where} secret: "${piece}"`);
    }
  }
}

describe('secrets are found in every format', () => {
  it('each secret is reported where it is written', async () => {
    const result = await scanVirtual(FILES);
    assert.deepEqual(where(result, 'PGW101'), [
      'Dockerfile:3:23',
      'Dockerfile:4:15',
      'compose.yaml:7:26',
      'compose.yaml:8:25',
      'compose.yaml:9:24',
      'compose.yaml:15:21',
      'db.env:1:20',
    ]);
    assert.deepEqual(where(result, 'PGW105'), ['compose.yaml:11:13', 'compose.yaml:16:14']);
    assert.deepEqual(where(result, 'PGW801'), ['Dockerfile:1:1', 'compose.yaml:1:1', 'postgresql.conf:1:1']);
  });
});

describe('secrets are never printed', () => {
  it('text, json and sarif reports', async () => {
    const result = await scanVirtual(FILES);
    const outputs = renderAll(result);
    for (const [format, output] of Object.entries(outputs)) assertNoSecret(output, format);
  });

  it('code frames show the line with the value masked', async () => {
    const { text } = renderAll(await scanVirtual(FILES));
    for (const line of [
      '    7 |       POSTGRES_PASSWORD: ****',
      '    8 |       REPLICA_PASSWORD: ${REPL_PW:-****}',
      '    15 |       DATABASE_URL: postgres://app:****@db:5432/app',
      `    11 |       test: ["CMD-SHELL", "PGPASSWORD=**** psql -U postgres -c 'select 1'"]`,
      '    16 |     command: ["app", "--db", "postgresql://app:****@db/app"]',
      '    1 | # admin password: ****',
      '    3 | ENV POSTGRES_PASSWORD=****',
      '    4 | ARG API_TOKEN=****',
      '    1 | # replication password: ****',
      '    1 | SUPERUSER_PASSWORD=****',
    ]) {
      assert.ok(text.includes(line + '\n'), `missing masked frame line:\n${line}\nin:\n${text}`);
    }
  });

  describe('through the CLI', () => {
    let root = '';
    before(async () => {
      root = await tempTree(FILES);
    });
    after(() => removeTree(root));

    for (const format of ['text', 'json', 'sarif']) {
      it(`pgwarden scan --format ${format}`, async () => {
        const c = captureIo();
        const code = await main(['scan', root, '--format', format, '--today', TODAY], c.io);
        assert.equal(code, 1);
        assert.ok(c.out().length > 1000);
        assertNoSecret(c.out() + c.err(), format);
      });
    }

    it('pgwarden inspect: the model dump masks every secret, also those only a rule would flag', async () => {
      const c = captureIo();
      const code = await main(['inspect', root, '--today', TODAY], c.io);
      assert.equal(code, 0);
      const model = JSON.parse(c.out()) as {
        deployments: Array<{ env: Array<{ name: string; value: { value?: string } }> }>;
      };
      assert.ok(model.deployments.length >= 3);
      const pw = model.deployments.flatMap((d) => d.env).find((e) => e.name === 'POSTGRES_PASSWORD');
      assert.equal(pw?.value.value, '<secret, medium>');
      assertNoSecret(c.out() + c.err(), 'inspect');
    });
  });
});
