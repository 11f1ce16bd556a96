import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at, deploymentNamed, scanVirtual, span, tracked, where } from '../scan-helpers.js';
import type { ScanResult } from '../../src/core/scan.js';

function composeDeployments(result: ScanResult): string[] {
  return result.model.deployments.filter((d) => d.format === 'compose').map((d) => d.id);
}

describe('compose: anchors, merge keys and x- extension fields', () => {
  const compose = [
    'x-logging: &logging', //                         1
    '  driver: json-file', //                         2
    '  options:', //                                  3
    '    max-size: 10m', //                           4
    'x-db: &db', //                                   5
    '  image: postgres:16.10', //                     6
    '  user: "999"', //                               7
    '  logging: *logging', //                         8
    '  environment: &pgenv', //                       9
    '    POSTGRES_USER: app', //                      10
    '    POSTGRES_PASSWORD_FILE: /run/secrets/pg', // 11
    'services:', //                                   12
    '  primary:', //                                  13
    '    <<: *db', //                                 14
    '    ports: ["127.0.0.1:5432:5432"]', //          15
    '  replica:', //                                  16
    '    <<: *db', //                                 17
    '    user: root', //                              18
    '    environment:', //                            19
    '      <<: *pgenv', //                            20
    '      POSTGRES_USER: replica', //                21
    '',
  ].join('\n');

  it('x- fields are not services; each service gets the anchored keys', async () => {
    const result = await scanVirtual({ 'compose.yaml': compose });
    assert.deepEqual(composeDeployments(result), ['compose:compose.yaml#primary', 'compose:compose.yaml#replica']);
    const primary = deploymentNamed(result, 'primary');
    assert.equal(tracked(primary.image?.ref), '"postgres:16.10" explicit @compose.yaml:6:10-6:24');
    assert.equal(tracked(primary.user), '"999" explicit @compose.yaml:7:10-7:13');
    assert.equal(tracked(primary.logging?.driver), '"json-file" explicit @compose.yaml:2:11-2:20');
    assert.equal(tracked(primary.logging?.options['max-size']), '"10m" explicit @compose.yaml:4:15-4:18');
    assert.deepEqual(
      primary.env.map((e) => `${e.name}=${e.value.value}@${at(e.value.loc)}`),
      ['POSTGRES_USER=app@compose.yaml:10:20', 'POSTGRES_PASSWORD_FILE=/run/secrets/pg@compose.yaml:11:29'],
    );
  });

  it('own keys win over merged ones, inside merged maps too', async () => {
    const result = await scanVirtual({ 'compose.yaml': compose });
    const replica = deploymentNamed(result, 'replica');
    assert.equal(tracked(replica.user), '"root" explicit @compose.yaml:18:11-18:15');
    assert.deepEqual(
      replica.env.map((e) => `${e.name}=${e.value.value}@${at(e.value.loc)}`),
      ['POSTGRES_PASSWORD_FILE=/run/secrets/pg@compose.yaml:11:29', 'POSTGRES_USER=replica@compose.yaml:21:22'],
    );
    // rules report where the value is written: the anchor for primary, the override for replica
    assert.deepEqual(where(result, 'PGW303'), ['compose.yaml:18:11']);
    assert.deepEqual(where(result, 'PGW704'), [], 'the anchored logging options rotate the log');
  });
});

describe('compose: extends', () => {
  it('from the same file: the base service fills what the service does not set', async () => {
    const result = await scanVirtual({
      'compose.yaml': [
        'services:',
        '  base:',
        '    image: postgres:16.10',
        '    user: postgres',
        '    environment:',
        '      POSTGRES_DB: app',
        '  db:',
        '    extends: base',
        '    ports: ["5432:5432"]',
        '    environment:',
        '      POSTGRES_USER: app',
        '',
      ].join('\n'),
    });
    const db = deploymentNamed(result, 'db');
    assert.equal(tracked(db.image?.ref), '"postgres:16.10" explicit @compose.yaml:3:12-3:26');
    assert.equal(tracked(db.user), '"postgres" explicit @compose.yaml:4:11-4:19');
    assert.deepEqual(db.env.map((e) => e.name).sort(), ['POSTGRES_DB', 'POSTGRES_USER']);
    assert.deepEqual(db.notes, ['merged from compose.yaml:2']);
    assert.deepEqual(where(result, 'PGW201'), ['compose.yaml:9:13']);
  });

  it('from another file, relative to the file that extends', async () => {
    const result = await scanVirtual({
      'app/compose.yaml':
        'services:\n  db:\n    extends:\n      file: ../common/base.yml\n      service: pg\n    user: "999"\n',
      'common/base.yml':
        'services:\n  pg:\n    image: postgres:15.14\n    environment:\n      POSTGRES_PASSWORD: Base-File-Secret-31\n',
    });
    const db = deploymentNamed(result, 'db');
    assert.equal(db.file, 'app/compose.yaml');
    assert.equal(tracked(db.image?.ref), '"postgres:15.14" explicit @common/base.yml:3:12-3:26');
    assert.equal(tracked(db.user), '"999" explicit @app/compose.yaml:6:12-6:15');
    assert.deepEqual(db.notes, ['merged from common/base.yml:2']);
    assert.ok(where(result, 'PGW101').includes('common/base.yml:5:26'));
  });

  it('a file that is not in the scan is said, and the service is checked without it', async () => {
    const result = await scanVirtual({
      'compose.yaml':
        'services:\n  db:\n    extends:\n      file: elsewhere.yml\n      service: pg\n    image: postgres:16.10\n',
    });
    assert.deepEqual(
      result.model.problems.map((p) => `${span(p.loc)} ${p.message}`),
      [
        'compose.yaml:3:5-5:18 extends: file "elsewhere.yml" is not in the scanned tree; service "db" is checked without it',
      ],
    );
    assert.equal(deploymentNamed(result, 'db').image?.ref.value, 'postgres:16.10');
  });
});

describe('compose: override files and -f variants', () => {
  const files = {
    'compose.yaml': [
      'services:',
      '  db:',
      '    image: postgres:16.10',
      '    ports:',
      '      - "127.0.0.1:5432:5432"',
      '    environment:',
      '      POSTGRES_USER: app',
      '',
    ].join('\n'),
    'compose.override.yaml': [
      'services:',
      '  db:',
      '    user: "999"',
      '    ports:',
      '      - "5433:5432"',
      '    environment:',
      '      POSTGRES_USER: dev',
      '',
    ].join('\n'),
    'docker-compose.prod.yml': ['services:', '  db:', '    image: postgres:17.6', '    read_only: true', ''].join('\n'),
  };

  it('compose.yaml + compose.override.yaml: scalars replaced, ports added, environment merged by key', async () => {
    const result = await scanVirtual(files);
    const dep = result.model.deployments.find((d) => d.id === 'compose:compose.override.yaml#db');
    assert.ok(dep, composeDeployments(result).join(', '));
    assert.equal(tracked(dep.image?.ref), '"postgres:16.10" explicit @compose.yaml:3:12-3:26');
    assert.equal(tracked(dep.user), '"999" explicit @compose.override.yaml:3:12-3:15');
    assert.deepEqual(
      dep.ports?.map((p) => `${p.hostIp.value}:${p.hostPort.value}@${at(p.loc)}`),
      ['127.0.0.1:5432@compose.yaml:5:9', '0.0.0.0:5433@compose.override.yaml:5:9'],
    );
    assert.deepEqual(
      dep.env.map((e) => `${e.name}=${e.value.value}`),
      ['POSTGRES_USER=dev'],
    );
    assert.deepEqual(dep.notes, ['merged from compose.yaml:2']);
  });

  it('a -f variant (docker-compose.prod.yml) adds to the base only: the override file is not loaded', async () => {
    const result = await scanVirtual(files);
    assert.deepEqual(composeDeployments(result), [
      'compose:compose.override.yaml#db',
      'compose:docker-compose.prod.yml#db',
    ]);
    const prod = result.model.deployments.find((d) => d.id === 'compose:docker-compose.prod.yml#db');
    assert.ok(prod);
    assert.equal(tracked(prod.image?.ref), '"postgres:17.6" explicit @docker-compose.prod.yml:3:12-3:25');
    assert.equal(prod.user, undefined, 'the user comes from the override file, which -f does not read');
    assert.equal(prod.readOnlyRoot?.value, true);
    assert.deepEqual(
      prod.ports?.map((p) => `${p.hostIp.value}:${p.hostPort.value}`),
      ['127.0.0.1:5432'],
    );
    assert.deepEqual(
      prod.env.map((e) => `${e.name}=${e.value.value}`),
      ['POSTGRES_USER=app'],
    );
    // the published-everywhere port exists only in the override project
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === 'PGW201').map((f) => `${f.deploymentId} ${at(f.loc)}`),
      ['compose:compose.override.yaml#db compose.override.yaml:5:9'],
    );
  });

  it('the environment of a finding is that of the file where the value is written', async () => {
    const result = await scanVirtual({
      'compose.yaml': 'services:\n  db:\n    image: postgres:16.10\n',
      'docker-compose.dev.yml': 'services:\n  db:\n    ports: ["5432:5432"]\n',
    });
    const f = result.findings.find((x) => x.ruleId === 'PGW201');
    assert.equal(`${at(f?.loc)} ${f?.env} ${f?.severity}`, 'docker-compose.dev.yml:3:13 dev info');
  });
});
