import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePortSpec, portCovers } from '../../src/adapters/compose/ports.js';
import { at, deploymentNamed, scanVirtual, span, tracked, where } from '../scan-helpers.js';

describe('compose ports: short syntax', () => {
  // spec → [host ip, host port, container port, protocol]; undefined host ip = every interface
  const table: Array<[string, [string | undefined, string | undefined, string, string] | undefined]> = [
    ['5432', [undefined, undefined, '5432', 'tcp']],
    ['5432:5432', [undefined, '5432', '5432', 'tcp']],
    ['127.0.0.1:5432:5432', ['127.0.0.1', '5432', '5432', 'tcp']],
    ['0.0.0.0:6432:5432', ['0.0.0.0', '6432', '5432', 'tcp']],
    ['127.0.0.1::5432', ['127.0.0.1', undefined, '5432', 'tcp']],
    ['[::1]:5432:5432', ['::1', '5432', '5432', 'tcp']],
    ['[::]:5432:5432', ['::', '5432', '5432', 'tcp']],
    ['::1:5432:5432', ['::1', '5432', '5432', 'tcp']],
    ['5432-5433:5432-5433', [undefined, '5432-5433', '5432-5433', 'tcp']],
    ['127.0.0.1:5000-5010:5432', ['127.0.0.1', '5000-5010', '5432', 'tcp']],
    ['5432/udp', [undefined, undefined, '5432', 'udp']],
    ['10.0.0.5:5432:5432/tcp', ['10.0.0.5', '5432', '5432', 'tcp']],
    ['abc', undefined],
    ['host:5432', undefined],
    ['5432:abc', undefined],
  ];
  for (const [spec, want] of table) {
    it(`${spec}`, () => {
      const p = parsePortSpec(spec);
      assert.deepEqual(p && [p.hostIp, p.hostPort, p.containerPort, p.protocol], want);
    });
  }

  it('a container port range covers the ports inside it', () => {
    assert.equal(portCovers('5432', 5432), true);
    assert.equal(portCovers('5400-5500', 5432), true);
    assert.equal(portCovers('5433-5500', 5432), false);
    assert.equal(portCovers(undefined, 5432), false);
  });
});

describe('compose ports in the model and the findings', () => {
  const compose = [
    'services:', //                         1
    '  db:', //                             2
    '    image: postgres:16.10', //         3
    '    ports:', //                        4
    '      - "127.0.0.1:5432:5432"', //     5
    '      - "[::1]:5433:5432"', //         6
    '      - "5434-5435:5432-5433"', //     7
    '      - "5432"', //                    8
    '      - 9000:9000/udp', //             9
    '      - target: 5432', //              10
    '        published: "6432"', //         11
    '        host_ip: 10.0.0.5', //         12
    '      - target: 5432', //              13
    '        published: 7432', //          14
    '      - "nonsense:port"', //           15
    '',
  ].join('\n');

  it('every binding with its host address, host port and exact location', async () => {
    const result = await scanVirtual({ 'compose.yaml': compose });
    const dep = deploymentNamed(result, 'db');
    assert.deepEqual(
      dep.ports?.map((p) => [
        `${p.hostIp.value ?? '?'}(${p.hostIp.state})`,
        `${p.hostPort.value ?? 'random'}(${p.hostPort.state})`,
        p.containerPort.value ?? '?',
        p.protocol,
        span(p.loc),
      ]),
      [
        ['127.0.0.1(explicit)', '5432(explicit)', '5432', 'tcp', 'compose.yaml:5:9-5:30'],
        ['::1(explicit)', '5433(explicit)', '5432', 'tcp', 'compose.yaml:6:9-6:26'],
        ['0.0.0.0(default)', '5434-5435(explicit)', '5432-5433', 'tcp', 'compose.yaml:7:9-7:30'],
        ['0.0.0.0(default)', 'random(default)', '5432', 'tcp', 'compose.yaml:8:9-8:15'],
        ['0.0.0.0(default)', '9000(explicit)', '9000', 'udp', 'compose.yaml:9:9-9:22'],
        ['10.0.0.5(explicit)', '6432(explicit)', '5432', 'tcp', 'compose.yaml:10:9-12:26'],
        ['0.0.0.0(default)', '7432(explicit)', '5432', 'tcp', 'compose.yaml:13:9-14:24'],
        ['?(unknown)', 'random(unknown)', '?', 'tcp', 'compose.yaml:15:9-15:24'],
      ],
    );
    assert.equal(tracked(dep.ports?.[5]?.hostIp), '"10.0.0.5" explicit @compose.yaml:12:18-12:26');
    assert.equal(tracked(dep.ports?.[5]?.hostPort), '"6432" explicit @compose.yaml:11:21-11:25');
  });

  it('PGW201 for each PostgreSQL binding on every interface (not loopback, not a named address, not udp 9000)', async () => {
    const result = await scanVirtual({ 'compose.yaml': compose });
    assert.deepEqual(where(result, 'PGW201'), ['compose.yaml:7:9', 'compose.yaml:8:9', 'compose.yaml:13:9']);
    const messages = result.findings.filter((f) => f.ruleId === 'PGW201').map((f) => f.message);
    assert.deepEqual(messages, [
      'PostgreSQL port 5432-5433 is published on every interface (no host address: 0.0.0.0).',
      'PostgreSQL port 5432 is published on every interface (no host address and no host port: a random port on 0.0.0.0).',
      'PostgreSQL port 5432 is published on every interface (no host address: 0.0.0.0).',
    ]);
    // ssl is off: TLS is missing where the port reaches beyond loopback; the finding points at such a binding
    assert.deepEqual(where(result, 'PGW207'), ['compose.yaml:7:9']);
  });

  it('a mapping that cannot be read is PGW203, and its address could-not-verify, never a pass', async () => {
    const result = await scanVirtual({
      'compose.yaml': 'services:\n  db:\n    image: postgres:16.10\n    ports:\n      - "nonsense:port"\n',
    });
    assert.deepEqual(where(result, 'PGW203'), ['compose.yaml:5:9']);
    assert.deepEqual(where(result, 'PGW201'), []);
    const f = result.findings.find((x) => x.ruleId === 'PGW002' && /PGW201/.test(x.message));
    assert.equal(at(f?.loc), 'compose.yaml:5:9');
  });
});

describe('compose volumes', () => {
  it('bind, named, anonymous, long syntax and :ro', async () => {
    const result = await scanVirtual({
      'compose.yaml': [
        'services:',
        '  db:',
        '    image: postgres:16.10',
        '    volumes:',
        '      - ./conf/postgresql.conf:/etc/postgresql/postgresql.conf:ro',
        '      - pgdata:/var/lib/postgresql/data',
        '      - /var/run/postgresql',
        '      - /srv/pg:/backup:rw',
        '      - type: bind',
        '        source: ./certs',
        '        target: /certs',
        '        read_only: true',
        '      - type: volume',
        '        target: /scratch',
        '      - type: tmpfs',
        '        target: /tmp',
        'volumes:',
        '  pgdata: {}',
        '',
      ].join('\n'),
    });
    const dep = deploymentNamed(result, 'db');
    assert.deepEqual(
      dep.mounts?.map(
        (m) => `${m.kind} ${m.source?.value ?? '-'} → ${m.target.value} ${m.readOnly ? 'ro' : 'rw'} @${at(m.loc)}`,
      ),
      [
        'bind ./conf/postgresql.conf → /etc/postgresql/postgresql.conf ro @compose.yaml:5:9',
        'volume pgdata → /var/lib/postgresql/data rw @compose.yaml:6:9',
        'anonymous - → /var/run/postgresql rw @compose.yaml:7:9',
        'bind /srv/pg → /backup rw @compose.yaml:8:9',
        'bind ./certs → /certs ro @compose.yaml:9:9',
        'anonymous - → /scratch rw @compose.yaml:13:9',
        'tmpfs - → /tmp rw @compose.yaml:15:9',
      ],
    );
    assert.equal(tracked(dep.mounts?.[4]?.source), '"./certs" explicit @compose.yaml:10:17-10:24');
  });

  it('a host bind of the data directory is PGW502; a named volume is not', async () => {
    const result = await scanVirtual({
      'compose.yaml':
        'services:\n  a:\n    image: postgres:16.10\n    volumes:\n      - ./data:/var/lib/postgresql/data\n' +
        '  b:\n    image: postgres:16.10\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:\n',
    });
    assert.deepEqual(where(result, 'PGW502'), ['compose.yaml:5:9']);
  });
});

describe('compose environment and env_file', () => {
  it('list and map forms; a name without value comes from the shell (unknown)', async () => {
    const result = await scanVirtual({
      'compose.yaml': [
        'services:',
        '  a:',
        '    image: postgres:16.10',
        '    environment:',
        '      - POSTGRES_USER=app',
        '      - "POSTGRES_DB=my db"',
        '      - FROM_SHELL',
        '  b:',
        '    image: postgres:16.10',
        '    environment:',
        '      POSTGRES_USER: app',
        '      PGPORT: 6543',
        '      FROM_SHELL:',
        '      QUOTED: "x y"',
        '',
      ].join('\n'),
    });
    const a = deploymentNamed(result, 'a');
    assert.deepEqual(
      a.env.map((e) => `${e.name}: ${tracked(e.value)} entry@${span(e.loc)}`),
      [
        'POSTGRES_USER: "app" explicit @compose.yaml:5:23-5:26 entry@compose.yaml:5:9-5:26',
        'POSTGRES_DB: "my db" explicit @compose.yaml:6:22-6:27 entry@compose.yaml:6:9-6:28',
        'FROM_SHELL: undefined unknown @compose.yaml:7:9-7:19 entry@compose.yaml:7:9-7:19',
      ],
    );
    const b = deploymentNamed(result, 'b');
    assert.deepEqual(
      b.env.map((e) => `${e.name}: ${tracked(e.value)}`),
      [
        'POSTGRES_USER: "app" explicit @compose.yaml:11:22-11:25',
        'PGPORT: "6543" explicit @compose.yaml:12:15-12:19',
        'FROM_SHELL: undefined unknown @compose.yaml:13:7-13:18',
        'QUOTED: "x y" explicit @compose.yaml:14:16-14:19',
      ],
    );
  });

  it('env_file entries join the environment; environment wins; the entry points at the file line', async () => {
    const result = await scanVirtual({
      'compose.yaml': [
        'services:',
        '  db:',
        '    image: postgres:16.10',
        '    env_file:',
        '      - ./db.env',
        '    environment:',
        '      POSTGRES_USER: app',
        '',
      ].join('\n'),
      'db.env': '# credentials\nPOSTGRES_PASSWORD="EnvFile-Secret-9911"\nPOSTGRES_USER=ignored\n',
    });
    const dep = deploymentNamed(result, 'db');
    assert.deepEqual(
      dep.env.map((e) => `${e.name}=${tracked(e.value)} via ${e.value.via?.map((v) => at(v.loc)).join(',') ?? '-'}`),
      [
        'POSTGRES_USER="app" explicit @compose.yaml:7:22-7:25 via -',
        'POSTGRES_PASSWORD="EnvFile-Secret-9911" explicit @db.env:2:20-2:39 via compose.yaml:5:9',
      ],
    );
    assert.deepEqual(where(result, 'PGW101'), ['db.env:2:20']);
  });
});

describe('compose command and entrypoint become settings', () => {
  it('list form: -c name=value and --name=value', async () => {
    const result = await scanVirtual({
      'compose.yaml':
        'services:\n  db:\n    image: postgres:16.10\n' +
        '    command: ["postgres", "-c", "ssl=on", "--max_connections=50", "-c", "log_statement=ddl", "-cport=6543"]\n',
    });
    const dep = deploymentNamed(result, 'db');
    assert.deepEqual(
      Object.values(dep.settings).map((s) => `${s.name}=${s.value.value} ${s.source} @${span(s.value.loc)}`),
      [
        'ssl=on command-line @compose.yaml:4:14-4:108',
        'max_connections=50 command-line @compose.yaml:4:14-4:108',
        'log_statement=ddl command-line @compose.yaml:4:14-4:108',
        'port=6543 command-line @compose.yaml:4:14-4:108',
      ],
    );
    assert.deepEqual(where(result, 'PGW703'), ['compose.yaml:4:14']);
    assert.deepEqual(where(result, 'PGW507'), [], 'max_connections is set');
  });

  it('string form is split like a shell, quotes included', async () => {
    const result = await scanVirtual({
      'compose.yaml':
        'services:\n  db:\n    image: postgres:16.10\n' +
        `    command: postgres -c 'log_line_prefix=%m %u@%d %h ' -c "shared_preload_libraries=pgaudit"\n`,
    });
    const dep = deploymentNamed(result, 'db');
    assert.deepEqual(dep.command?.value, [
      'postgres',
      '-c',
      'log_line_prefix=%m %u@%d %h ',
      '-c',
      'shared_preload_libraries=pgaudit',
    ]);
    assert.equal(dep.settings['log_line_prefix']?.value.value, '%m %u@%d %h ');
    assert.deepEqual(where(result, 'PGW705'), []);
    assert.deepEqual(where(result, 'PGW702'), []);
  });

  it('entrypoint arguments count too; the command wins on the same setting', async () => {
    const result = await scanVirtual({
      'compose.yaml':
        'services:\n  db:\n    image: postgres:16.10\n' +
        '    entrypoint: ["docker-entrypoint.sh", "postgres", "-c", "ssl=on", "-c", "port=7000"]\n' +
        '    command: ["-c", "port=6000"]\n',
    });
    const dep = deploymentNamed(result, 'db');
    assert.equal(dep.settings['ssl']?.value.value, 'on');
    assert.equal(at(dep.settings['ssl']?.value.loc), 'compose.yaml:4:17');
    assert.equal(dep.settings['port']?.value.value, '6000');
  });
});

describe('compose runtime fields', () => {
  const compose = [
    'services:', //                                    1
    '  db:', //                                        2
    '    image: postgres:16.10', //                    3
    '    healthcheck:', //                             4
    '      disable: true', //                          5
    '    logging:', //                                 6
    '      driver: json-file', //                      7
    '      options:', //                               8
    '        max-file: "3"', //                        9
    '    deploy:', //                                  10
    '      resources:', //                             11
    '        limits:', //                              12
    '          memory: 512M', //                       13
    '          cpus: "0.5"', //                        14
    '    networks: [backend]', //                      15
    '  cache:', //                                     16
    '    image: postgres:16.10', //                    17
    '    network_mode: bridge', //                     18
    '    healthcheck:', //                             19
    '      test: ["CMD-SHELL", "pg_isready -U postgres"]', // 20
    '    logging:', //                                 21
    '      options:', //                               22
    '        max-size: 10m', //                        23
    '  off:', //                                       24
    '    image: postgres:16.10', //                    25
    '    healthcheck:', //                             26
    '      test: ["NONE"]', //                         27
    'networks:', //                                    28
    '  backend:', //                                   29
    '    internal: true', //                           30
    '',
  ].join('\n');

  it('healthcheck disable / NONE, logging, limits, networks and network_mode in the model', async () => {
    const result = await scanVirtual({ 'compose.yaml': compose });
    const db = deploymentNamed(result, 'db');
    assert.equal(db.healthcheck?.enabled, false);
    assert.equal(at(db.healthcheck?.loc), 'compose.yaml:4:5');
    assert.equal(tracked(db.logging?.driver), '"json-file" explicit @compose.yaml:7:15-7:24');
    assert.equal(tracked(db.logging?.options['max-file']), '"3" explicit @compose.yaml:9:20-9:21');
    assert.equal(tracked(db.memoryLimit), '"512M" explicit @compose.yaml:13:19-13:23');
    assert.equal(tracked(db.cpuLimit), '"0.5" explicit @compose.yaml:14:18-14:21');
    assert.deepEqual(
      db.networks?.map((n) => `${tracked(n.name)} internal=${tracked(n.internal)}`),
      ['"backend" explicit @compose.yaml:15:16-15:23 internal=true explicit @compose.yaml:30:15-30:19'],
    );
    const cache = deploymentNamed(result, 'cache');
    assert.equal(cache.healthcheck?.enabled, true);
    assert.deepEqual(cache.healthcheck?.test?.value, ['CMD-SHELL', 'pg_isready -U postgres']);
    assert.equal(tracked(cache.networkMode), '"bridge" explicit @compose.yaml:18:19-18:25');
    assert.deepEqual(cache.networks, []);
    assert.equal(tracked(cache.logging?.driver), '"json-file" default @compose.yaml:21:5-21:12');
    assert.equal(deploymentNamed(result, 'off').healthcheck?.enabled, false);
  });

  it('what the rules make of them', async () => {
    const result = await scanVirtual({ 'compose.yaml': compose });
    assert.deepEqual(where(result, 'PGW311'), ['compose.yaml:4:5', 'compose.yaml:26:5'], 'disabled healthchecks');
    assert.deepEqual(where(result, 'PGW704'), ['compose.yaml:6:5', 'compose.yaml:24:3'], 'no max-size');
    assert.deepEqual(where(result, 'PGW309'), ['compose.yaml:16:3', 'compose.yaml:24:3'], 'no memory limit');
    assert.deepEqual(where(result, 'PGW204'), ['compose.yaml:18:19'], 'network_mode: bridge');
    assert.deepEqual(where(result, 'PGW205'), ['compose.yaml:24:3'], 'only the project network is not internal');
  });
});

describe('compose secrets', () => {
  it('file and external sources, targets and modes as written (0444 is octal, as compose reads it)', async () => {
    const result = await scanVirtual({
      'compose.yaml': [
        'services:',
        '  db:',
        '    image: postgres:16.10',
        '    environment:',
        '      POSTGRES_PASSWORD_FILE: /run/secrets/pg_password',
        '    secrets:',
        '      - pg_password',
        '      - source: replica',
        '        target: replica_pw',
        '        mode: 0444',
        '      - source: tls_key',
        '        mode: 0400',
        'secrets:',
        '  pg_password:',
        '    file: ./secrets/pg_password.txt',
        '  replica:',
        '    external: true',
        '  tls_key:',
        '    environment: TLS_KEY',
        '',
      ].join('\n'),
    });
    const dep = deploymentNamed(result, 'db');
    assert.deepEqual(
      dep.secrets?.map((s) => `${s.name} ${s.source} ${s.target} ${s.mode ? tracked(s.mode) : '-'}`),
      [
        'pg_password file /run/secrets/pg_password -',
        'replica external replica_pw "0444" explicit @compose.yaml:10:15-10:19',
        'tls_key environment /run/secrets/tls_key "0400" explicit @compose.yaml:12:15-12:19',
      ],
    );
    const f = result.findings.filter((x) => x.ruleId === 'PGW503');
    assert.deepEqual(
      f.map((x) => `${at(x.loc)} ${x.message}`),
      ['compose.yaml:10:15 Secret "replica" is mounted world-readable (mode 0444).'],
    );
    assert.deepEqual(where(result, 'PGW104'), [], 'the password comes from a file');
  });
});

describe('which services are PostgreSQL', () => {
  it('by image name, POSTGRES_* environment, or the Dockerfile a build uses', async () => {
    const result = await scanVirtual({
      'compose.yaml': [
        'services:',
        '  official:',
        '    image: postgres:16.10',
        '  registry:',
        '    image: docker.io/library/postgres:16.10-alpine',
        '  postgis:',
        '    image: postgis/postgis:16-3.4',
        '  timescale:',
        '    image: timescale/timescaledb:2.17.2-pg16',
        '  bitnami:',
        '    image: bitnami/postgresql:16.4.0',
        '  pgvector:',
        '    image: pgvector/pgvector:pg16',
        '  mirror:',
        '    image: ghcr.io/acme/postgres:16',
        '  custom:',
        '    image: acme/db:1.0',
        '    environment:',
        '      POSTGRES_DB: app',
        '  built:',
        '    build: ./db',
        '  built-ctx:',
        '    build:',
        '      context: ./db2',
        '      dockerfile: Containerfile',
        '  built-other:',
        '    build: ./web',
        '  redis:',
        '    image: redis:7.4',
        '  var-tag:',
        '    image: postgres:${PG_TAG}',
        '',
      ].join('\n'),
      'db/Dockerfile': 'FROM postgres:16.10\n',
      'db2/Containerfile': 'ARG V=16.10\nFROM postgres:${V} AS base\nFROM base\n',
      'web/Dockerfile':
        'FROM postgres:16.10 AS tools\nFROM node:22-alpine\nCOPY --from=tools /usr/bin/psql /usr/bin/\n',
    });
    const pg = Object.fromEntries(
      result.model.deployments.filter((d) => d.format === 'compose').map((d) => [d.name, d.postgres.is]),
    );
    assert.deepEqual(pg, {
      official: true,
      registry: true,
      postgis: true,
      timescale: true,
      bitnami: true,
      pgvector: true,
      mirror: true,
      custom: true,
      built: true,
      'built-ctx': true,
      'built-other': false,
      redis: false,
      'var-tag': true,
    });
    assert.equal(deploymentNamed(result, 'built', 'compose').postgres.reason, 'built from db/Dockerfile');
    assert.equal(deploymentNamed(result, 'custom').postgres.reason, 'POSTGRES_* environment');
  });

  it('a built service takes USER, HEALTHCHECK and copied config files from its Dockerfile', async () => {
    const result = await scanVirtual({
      'compose.yaml': 'services:\n  db:\n    build: ./db\n    ports: ["127.0.0.1:5432:5432"]\n',
      'db/Dockerfile': [
        'FROM postgres:16.10',
        'COPY postgresql.conf /etc/postgresql/postgresql.conf',
        'USER postgres',
        'HEALTHCHECK CMD pg_isready -U postgres',
        'CMD ["postgres", "-c", "config_file=/etc/postgresql/postgresql.conf"]',
        '',
      ].join('\n'),
      'db/postgresql.conf': "log_statement = 'all'\nssl = on\n",
    });
    const dep = deploymentNamed(result, 'db', 'compose');
    assert.equal(tracked(dep.user), '"postgres" explicit @db/Dockerfile:3:1-3:14');
    assert.equal(dep.healthcheck?.enabled, true);
    assert.deepEqual(dep.configFiles, ['db/postgresql.conf']);
    assert.equal(dep.settings['config_file']?.source, 'command-line');
    assert.equal(tracked(dep.settings['log_statement']?.value), '"all" explicit @db/postgresql.conf:1:17-1:22');
    // the image's user and healthcheck: no false alarms on the compose service
    assert.deepEqual(
      result.findings.filter((f) => ['PGW303', 'PGW311'].includes(f.ruleId)).map((f) => at(f.loc)),
      [],
    );
    assert.deepEqual(where(result, 'PGW703'), ['db/postgresql.conf:1:17']);
  });
});
