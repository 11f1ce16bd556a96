import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../../src/core/scan.js';
import type { Loc } from '../../src/core/location.js';
import type { Deployment } from '../../src/model/deployment.js';
import { repoRoot } from '../helpers.js';

const TODAY = '2026-12-03';
const fixture = (name: string) => readFileSync(join(repoRoot, 'test', 'fixtures', 'inspect', name), 'utf8');

/** [startLine, startColumn, endLine, endColumn] */
function span(loc: Loc | undefined): [number, number, number, number] | undefined {
  return loc && [loc.start.line, loc.start.column, loc.end.line, loc.end.column];
}

async function adapt(files: Record<string, string>) {
  return scan({ virtual: files, envPolicy: { forced: 'prod' }, today: TODAY });
}

describe('docker inspect adapter', () => {
  it('maps every runtime field to the model, each pointing at its JSON value', async () => {
    const result = await adapt({ 'full.json': fixture('full.json') });
    const deps = result.model.deployments;
    assert.equal(deps.length, 1, 'the image object in the same file is not a container');
    const d = deps[0] as Deployment;
    assert.equal(d.id, 'inspect:full.json#analytics-db');
    assert.equal(d.format, 'inspect');
    assert.equal(d.kind, 'observed');
    assert.deepEqual(d.postgres, { is: true, reason: 'image registry.example.com/data/postgres:16' });
    assert.deepEqual(span(d.loc), [4, 13, 4, 28]);
    assert.equal(d.image?.ref.value, 'registry.example.com/data/postgres:16');
    assert.deepEqual(span(d.image?.ref.loc), [16, 16, 16, 55]);
    assert.deepEqual([d.user?.value, span(d.user?.loc)], ['root', [6, 15, 6, 21]]);
    assert.deepEqual(
      [d.privileged?.value, d.privileged?.state, span(d.privileged?.loc)],
      [false, 'explicit', [29, 21, 29, 26]],
    );
    assert.equal(d.readOnlyRoot?.value, true);
    assert.equal(d.publishAll?.value, true);
    assert.deepEqual(
      d.capAdd?.map((c) => c.value),
      ['CAP_SYS_PTRACE', 'NET_ADMIN'],
    );
    assert.deepEqual(span(d.capAdd?.[0]?.loc), [24, 18, 24, 34]);
    assert.deepEqual(
      d.capDrop?.map((c) => c.value),
      ['MKNOD'],
    );
    assert.deepEqual(
      d.securityOpt?.map((c) => c.value),
      ['seccomp=unconfined', 'apparmor=unconfined'],
    );
    assert.deepEqual(span(d.securityOpt?.[0]?.loc), [32, 23, 32, 43]);
    assert.deepEqual(Object.fromEntries(Object.entries(d.namespaces ?? {}).map(([k, v]) => [k, v?.value])), {
      ipc: 'host',
      pid: 'host',
    });
    assert.deepEqual(span(d.namespaces?.ipc?.loc), [26, 18, 26, 24]);
    assert.deepEqual([d.memoryLimit?.value, span(d.memoryLimit?.loc)], ['536870912', [34, 17, 34, 26]]);
    assert.deepEqual([d.cpuLimit?.value, span(d.cpuLimit?.loc)], ['1.5', [35, 19, 35, 29]]);
    assert.deepEqual([d.pidsLimit?.value, span(d.pidsLimit?.loc)], ['100', [36, 20, 36, 23]]);
    assert.deepEqual(
      d.devices?.map((x) => x.value),
      ['/dev/sda:/dev/xvda:rwm'],
    );
    assert.deepEqual(span(d.devices?.[0]?.loc), [37, 19, 37, 107]);
    assert.deepEqual(
      d.tmpfs?.map((x) => x.value),
      ['/run/postgresql:rw,noexec'],
    );
    assert.deepEqual(span(d.tmpfs?.[0]?.loc), [33, 37, 33, 48]);
    assert.equal(d.networkMode?.value, 'host');
    assert.deepEqual(d.networks, [], 'the host network is not a user-defined one');
    assert.deepEqual(d.ports, []);
    assert.deepEqual([d.healthcheck?.enabled, span(d.healthcheck?.loc)], [false, [15, 32, 15, 40]]);
    assert.deepEqual([d.logging?.driver.value, span(d.logging?.loc)], ['json-file', [21, 30, 21, 41]]);
    assert.deepEqual(Object.keys(d.logging?.options ?? {}), ['max-file']);
    assert.deepEqual(d.labels?.['team']?.value, 'data');
  });

  it('points at the source and target inside a bind, and keeps image volumes the configuration does not name', async () => {
    const d = (await adapt({ 'full.json': fixture('full.json') })).model.deployments[0] as Deployment;
    const mounts = (d.mounts ?? []).map((m) => [m.kind, m.source?.value, m.target.value, m.readOnly]);
    assert.deepEqual(mounts, [
      ['bind', '/srv/analytics/data', '/var/lib/postgresql/data', false],
      ['bind', '/etc', '/host-etc', true],
      ['tmpfs', undefined, '/tmp', false],
      ['anonymous', undefined, '/backup', false],
    ]);
    const first = d.mounts?.[0];
    assert.deepEqual(span(first?.source?.loc), [20, 18, 20, 37]);
    assert.deepEqual(span(first?.target.loc), [20, 38, 20, 62]);
    assert.deepEqual(span(d.mounts?.[3]?.target.loc), [42, 166, 42, 175]);
  });

  it('reads the environment, the version from PG_VERSION and the -c settings of the command', async () => {
    const result = await adapt({ 'full.json': fixture('full.json') });
    const d = result.model.deployments[0] as Deployment;
    assert.deepEqual(
      d.env.map((e) => e.name),
      ['POSTGRES_PASSWORD', 'POSTGRES_DB', 'PG_MAJOR', 'PG_VERSION'],
    );
    const pw = d.env[0];
    assert.equal(pw?.value.value, 'Tr1cky"Quote-Secret');
    assert.equal(pw?.value.sensitive, true);
    // an escaped string: the value's own range is the whole string
    assert.deepEqual(span(pw?.value.loc), [8, 9, 8, 49]);
    const pgv = d.env[3];
    assert.deepEqual(span(pgv?.loc), [11, 9, 11, 38]);
    assert.deepEqual(span(pgv?.value.loc), [11, 21, 11, 37]);
    assert.equal(d.pgVersion?.value, '16.2');
    assert.deepEqual(span(d.pgVersion?.loc), [11, 9, 11, 38]);
    assert.deepEqual(d.command?.value, ['postgres', '-c', 'ssl=off', '-c', 'log_min_duration_statement=0']);
    assert.deepEqual(span(d.command?.loc), [13, 14, 13, 81]);
    assert.equal(d.settings['ssl']?.value.value, 'off');
    assert.equal(d.settings['log_min_duration_statement']?.source, 'command-line');
    assert.ok(result.model.secrets.values.has('Tr1cky"Quote-Secret'));
    // nothing observed may be rewritten by a fixer
    const literals: unknown[] = [];
    JSON.stringify(d, (k, v: unknown) => {
      if (k === 'literal' && v === true) literals.push(v);
      return v;
    });
    assert.deepEqual(literals, []);
  });

  it('judges the container with the rules that apply to inspect output', async () => {
    const result = await adapt({ 'full.json': fixture('full.json') });
    const rules = new Set(result.findings.map((f) => f.ruleId));
    for (const id of [
      'PGW104',
      'PGW202',
      'PGW303',
      'PGW305',
      'PGW306',
      'PGW307',
      'PGW310',
      'PGW311',
      'PGW407',
      'PGW501',
      'PGW502',
      'PGW703',
      'PGW704',
    ]) {
      assert.ok(rules.has(id), `expected ${id} in ${[...rules].join(', ')}`);
    }
    for (const id of ['PGW302', 'PGW308', 'PGW309']) assert.ok(!rules.has(id), `unexpected ${id}`);
    const skipped = result.model.problems.filter((p) => p.kind === 'skipped');
    assert.deepEqual(
      skipped.map((p) => [p.message, p.loc?.start.line]),
      [['skipped [1]: an object without Config and HostConfig (not a container)', 46]],
    );
  });

  it('reads bound ports when none are configured, counting 0.0.0.0 and :: once', async () => {
    const d = (await adapt({ 'ports.json': fixture('published-all.json') })).model.deployments[0] as Deployment;
    assert.deepEqual(
      d.ports?.map((p) => [p.containerPort.value, p.hostIp.value, p.hostPort.value, p.loc.start.line]),
      [
        ['5432', '0.0.0.0', '32768', 7],
        ['9187', '127.0.0.1', '9187', 8],
      ],
    );
  });

  it('a configured binding with an empty HostIp is every interface, with the bound addresses as its chain', async () => {
    const result = await adapt({ 'x.json': caseJson() });
    const d = result.model.deployments[0] as Deployment;
    const b = d.ports?.[0];
    assert.deepEqual(
      [b?.hostIp.value, b?.hostIp.state, b?.hostIp.reason],
      ['0.0.0.0', 'default', 'HostIp is empty: every interface'],
    );
    assert.deepEqual(
      b?.hostIp.via?.map((v) => v.message),
      ['bound at runtime to 0.0.0.0:5432', 'bound at runtime to [::]:5432'],
    );
  });

  it('a syntax error is PGW001 at its exact place; the scan goes on', async () => {
    const result = await adapt({ 'broken.json': fixture('broken.json'), 'ok.json': fixture('published-all.json') });
    const parse = result.findings.find((f) => f.ruleId === 'PGW001');
    assert.ok(parse);
    assert.equal(parse.loc.file, 'broken.json');
    assert.deepEqual([parse.loc.start.line, parse.loc.start.column], [5, 41]);
    assert.match(parse.message, /docker inspect JSON: expected a key string, found character "}"/);
    assert.equal(result.model.deployments.length, 1);
  });

  it('masks every observed environment value that is not known to be harmless', async () => {
    const json =
      '[{"Name": "/db", "HostConfig": {}, "Config": {"Image": "postgres:17.6",\n' +
      '  "Env": ["S3_BACKUP_TARGET=s3://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/db", "BACKUP_KEY=k7Qm2xZp9LwR", "PGDATA=/var/lib/postgresql/data", "PG_VERSION=17.6-1.pgdg13+1"]}}]';
    const result = await adapt({ 'env.json': json });
    const secrets = result.model.secrets.values;
    assert.ok(secrets.has('k7Qm2xZp9LwR'));
    assert.ok(secrets.has('wJalrXUtnFEMI'), 'the password inside a URL');
    assert.ok(secrets.has('s3://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/db'));
    assert.ok(!secrets.has('/var/lib/postgresql/data'));
    assert.ok(!secrets.has('17.6-1.pgdg13+1'));
  });

  it('a container that is not PostgreSQL is in the model but judged by no rule', async () => {
    const nginx = '[{"Name": "/web", "Config": {"Image": "nginx:1.27"}, "HostConfig": {"Privileged": true}}]';
    const result = await adapt({ 'web.json': nginx });
    assert.equal(result.model.deployments[0]?.postgres.is, false);
    assert.deepEqual(result.findings, []);
  });
});

function caseJson(): string {
  return JSON.stringify(
    [
      {
        Name: '/db',
        Config: { Image: 'postgres:17.6' },
        HostConfig: { PortBindings: { '5432/tcp': [{ HostIp: '', HostPort: '5432' }] } },
        NetworkSettings: {
          Ports: {
            '5432/tcp': [
              { HostIp: '0.0.0.0', HostPort: '5432' },
              { HostIp: '::', HostPort: '5432' },
            ],
          },
        },
      },
    ],
    null,
    2,
  );
}
