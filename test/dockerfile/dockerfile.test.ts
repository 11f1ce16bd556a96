import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at, deploymentNamed, findingsOf, scanVirtual, span, tracked, where } from '../scan-helpers.js';
import type { ScanResult } from '../../src/core/scan.js';

function dockerDeployment(result: ScanResult) {
  const deps = result.model.deployments.filter((d) => d.format === 'docker');
  assert.equal(deps.length, 1, deps.map((d) => d.id).join(', '));
  return deps[0]!;
}

describe('Dockerfile: stages, aliases and ARG defaults', () => {
  const dockerfile = [
    'ARG PG_MAJOR=16', //                                  1
    'ARG PG_TAG=${PG_MAJOR}.10-bookworm', //               2
    'FROM postgres:${PG_TAG} AS base', //                  3
    'USER root', //                                        4
    'FROM base AS tuned', //                               5
    'RUN echo tuning', //                                  6
    'FROM tuned', //                                       7
    'USER postgres', //                                    8
    '',
  ].join('\n');

  it('the final stage resolves through its aliases to the base image; ARG defaults feed the tag', async () => {
    const result = await scanVirtual({ Dockerfile: dockerfile });
    const dep = dockerDeployment(result);
    assert.equal(dep.name, 'final stage');
    assert.equal(tracked(dep.image?.ref), '"postgres:16.10-bookworm" derived @Dockerfile:3:6-3:24');
    assert.deepEqual(
      dep.image?.ref.via?.map((v) => `${v.message}@${at(v.loc)}`),
      ['ARG PG_TAG default@Dockerfile:2:1'],
    );
    assert.deepEqual(dep.postgres, { is: true, reason: 'FROM postgres:16.10-bookworm' });
    assert.equal(at(dep.loc), 'Dockerfile:7:1');
  });

  it('the final stage decides USER', async () => {
    const result = await scanVirtual({ Dockerfile: dockerfile });
    assert.equal(tracked(dockerDeployment(result).user), '"postgres" explicit @Dockerfile:8:1-8:14');
    assert.deepEqual(where(result, 'PGW303'), []);
  });

  it('USER root in an earlier stage carries into a stage built on it', async () => {
    const result = await scanVirtual({ Dockerfile: 'FROM postgres:16.10 AS base\nUSER root\nFROM base\nRUN true\n' });
    assert.deepEqual(where(result, 'PGW303'), ['Dockerfile:2:1']);
    assert.match(findingsOf(result, 'PGW303')[0]?.message ?? '', /root/);
  });

  it('a final stage from another image does not inherit a USER; no USER is root', async () => {
    const result = await scanVirtual({
      Dockerfile: 'FROM postgres:16.10 AS build\nUSER postgres\nFROM postgres:16.10\nRUN true\n',
    });
    assert.equal(dockerDeployment(result).user, undefined);
    assert.deepEqual(where(result, 'PGW303'), ['Dockerfile:3:1']);
  });

  it('a builder stage from postgres does not make a final node image PostgreSQL', async () => {
    const result = await scanVirtual({
      Dockerfile: 'FROM postgres:16.10 AS tools\nFROM node:22.11-alpine\nCOPY --from=tools /usr/bin/psql /usr/bin/\n',
    });
    assert.equal(dockerDeployment(result).postgres.is, false);
    assert.deepEqual(where(result, 'PGW303'), []);
  });

  it('an ARG without default leaves the image unknown (could-not-verify) but still PostgreSQL', async () => {
    const result = await scanVirtual({ Dockerfile: 'ARG TAG\nFROM postgres:${TAG}\nUSER postgres\n' });
    const dep = dockerDeployment(result);
    assert.equal(tracked(dep.image?.ref), 'undefined unknown @Dockerfile:2:6-2:21');
    assert.equal(dep.image?.ref.reason, 'ARG TAG has no default');
    assert.equal(dep.postgres.is, true);
    assert.deepEqual(where(result, 'PGW401'), []);
    assert.ok(
      result.findings.some((f) => f.ruleId === 'PGW002' && /PGW401/.test(f.message) && at(f.loc) === 'Dockerfile:2:6'),
    );
  });

  it('FROM without a tag is latest (PGW401), a floating major tag is PGW402', async () => {
    const latest = await scanVirtual({ Dockerfile: 'FROM postgres\nUSER postgres\n' });
    assert.deepEqual(where(latest, 'PGW401'), ['Dockerfile:1:6']);
    const floating = await scanVirtual({ Dockerfile: 'ARG V=16\nFROM postgres:$V\nUSER postgres\n' });
    assert.deepEqual(where(floating, 'PGW402'), ['Dockerfile:2:6']);
  });
});

describe('Dockerfile: secrets in ENV and ARG, in any stage', () => {
  it('PGW101 at the value, in a builder stage and in a global ARG too', async () => {
    const result = await scanVirtual({
      Dockerfile: [
        'ARG REGISTRY_TOKEN=Global-Token-55120', //                1
        'FROM postgres:16.10 AS build', //                         2
        'ENV POSTGRES_PASSWORD=Builder-Secret-7731 PGDATA=/data', // 3
        'ARG API_KEY="Quoted-Key-90817"', //                       4
        'FROM postgres:16.10', //                                  5
        'ENV POSTGRES_PASSWORD_FILE=/run/secrets/pg', //           6
        'ENV APP_SECRET ${NOT_A_LITERAL}', //                      7
        'USER postgres', //                                        8
        '',
      ].join('\n'),
    });
    assert.deepEqual(
      findingsOf(result, 'PGW101').map((f) => `${span(f.loc)} ${f.message}`),
      [
        'Dockerfile:1:20-1:38 REGISTRY_TOKEN holds a hardcoded secret (medium: 12–23 characters).',
        'Dockerfile:3:23-3:42 POSTGRES_PASSWORD holds a hardcoded secret (medium: 12–23 characters).',
        'Dockerfile:4:13-4:31 API_KEY holds a hardcoded secret (medium: 12–23 characters).',
      ],
    );
  });
});

describe('Dockerfile: HEALTHCHECK and CMD', () => {
  it('HEALTHCHECK CMD is a healthcheck; HEALTHCHECK NONE disables it; none at all is PGW311', async () => {
    const ok = await scanVirtual({
      Dockerfile: 'FROM postgres:16.10\nHEALTHCHECK --interval=10s CMD pg_isready -U postgres\nUSER postgres\n',
    });
    assert.deepEqual(dockerDeployment(ok).healthcheck?.test?.value, ['pg_isready', '-U', 'postgres']);
    assert.deepEqual(where(ok, 'PGW311'), []);
    const none = await scanVirtual({ Dockerfile: 'FROM postgres:16.10\nHEALTHCHECK NONE\nUSER postgres\n' });
    assert.equal(dockerDeployment(none).healthcheck?.enabled, false);
    assert.deepEqual(
      findingsOf(none, 'PGW311').map((f) => `${at(f.loc)} ${f.message}`),
      ['Dockerfile:2:1 The healthcheck is disabled.'],
    );
    const missing = await scanVirtual({ Dockerfile: 'FROM postgres:16.10\nUSER postgres\n' });
    assert.deepEqual(where(missing, 'PGW311'), ['Dockerfile:1:1']);
  });

  it('CMD -c settings, JSON and shell form; ENTRYPOINT too', async () => {
    const json = await scanVirtual({
      Dockerfile:
        'FROM postgres:16.10\nUSER postgres\nCMD ["postgres", "-c", "ssl=on", "-c", "log_statement=all", "--port=6543"]\n',
    });
    const dep = dockerDeployment(json);
    assert.deepEqual(
      Object.values(dep.settings).map((s) => `${s.name}=${s.value.value} @${span(s.value.loc)}`),
      ['ssl=on @Dockerfile:3:1-3:75', 'log_statement=all @Dockerfile:3:1-3:75', 'port=6543 @Dockerfile:3:1-3:75'],
    );
    assert.deepEqual(where(json, 'PGW703'), ['Dockerfile:3:1']);

    const shell = await scanVirtual({
      Dockerfile: "FROM postgres:16.10\nUSER postgres\nCMD postgres -c 'log_line_prefix=%m %u %d %h' -c ssl=on\n",
    });
    assert.equal(dockerDeployment(shell).settings['log_line_prefix']?.value.value, '%m %u %d %h');
    assert.deepEqual(where(shell, 'PGW705'), []);

    const entry = await scanVirtual({
      Dockerfile:
        'FROM postgres:16.10\nUSER postgres\nENTRYPOINT ["docker-entrypoint.sh", "postgres", "-c", "ssl=on"]\n',
    });
    assert.equal(dockerDeployment(entry).settings['ssl']?.value.value, 'on');
  });
});

describe('Dockerfile: COPY of PostgreSQL configuration links it to the deployment', () => {
  const files = {
    'db/Dockerfile': [
      'FROM postgres:16.10 AS base', //                                   1
      'COPY postgresql.conf /etc/postgresql/postgresql.conf', //          2
      'FROM base', //                                                     3
      'COPY --chown=postgres pg_hba.conf /etc/postgresql/pg_hba.conf', // 4
      'USER postgres', //                                                 5
      'CMD ["postgres", "-c", "config_file=/etc/postgresql/postgresql.conf", "-c", "ssl=on"]', // 6
      '',
    ].join('\n'),
    'db/postgresql.conf': "ssl = off\nlog_statement = 'mod'\nmax_connections = 50\n",
    'db/pg_hba.conf': 'local all all peer\nhost all all 0.0.0.0/0 trust\n',
  };

  it('settings of the copied postgresql.conf fill what the command line does not set', async () => {
    const result = await scanVirtual(files);
    const dep = deploymentNamed(result, 'final stage', 'docker');
    assert.deepEqual(dep.configFiles, ['db/postgresql.conf']);
    assert.deepEqual(dep.hbaFiles, ['db/pg_hba.conf']);
    assert.equal(`${dep.settings['ssl']?.value.value} ${dep.settings['ssl']?.source}`, 'on command-line');
    assert.equal(tracked(dep.settings['log_statement']?.value), '"mod" explicit @db/postgresql.conf:2:17-2:22');
    assert.deepEqual(
      result.model.deployments.map((d) => d.id),
      ['docker:db/Dockerfile#final stage'],
      'the linked postgresql.conf is not judged as a server of its own',
    );
  });

  it('findings come from the linked files', async () => {
    const result = await scanVirtual(files);
    assert.deepEqual(where(result, 'PGW703'), ['db/postgresql.conf:2:17']);
    assert.deepEqual(where(result, 'PGW504'), ['db/pg_hba.conf:2:1']);
    assert.deepEqual(where(result, 'PGW507'), [], 'max_connections comes from the file');
  });

  it('a file copied from another stage is not this deployment’s config', async () => {
    const result = await scanVirtual({
      Dockerfile: 'FROM postgres:16.10 AS a\nCOPY postgresql.conf /x\nFROM postgres:16.10\nCOPY --from=a /x /y\n',
      'postgresql.conf': 'ssl = on\nlog_connections = on\n',
    });
    assert.deepEqual(deploymentNamed(result, 'final stage').configFiles, []);
  });
});

describe('Dockerfile: bad input', () => {
  it('an instruction before FROM is PGW001 at that line; the rest is still adapted', async () => {
    const result = await scanVirtual({ Dockerfile: '# build\nRUN apt-get update\nFROM postgres\nUSER postgres\n' });
    assert.deepEqual(
      findingsOf(result, 'PGW001').map((f) => `${span(f.loc)} ${f.message}`),
      ['Dockerfile:2:1-2:19 RUN before FROM'],
    );
    assert.deepEqual(where(result, 'PGW401'), ['Dockerfile:3:6']);
  });

  it('a Dockerfile without FROM is PGW001; a good file beside it is still reported', async () => {
    const result = await scanVirtual({
      'a/Dockerfile': '# nothing here\nRUN true\n',
      'b/Dockerfile': 'FROM postgres\nUSER postgres\n',
    });
    assert.deepEqual(
      findingsOf(result, 'PGW001').map((f) => `${at(f.loc)} ${f.message}`),
      ['a/Dockerfile:2:1 RUN before FROM', 'a/Dockerfile:1:1 Dockerfile has no FROM instruction'].sort(),
    );
    assert.deepEqual(where(result, 'PGW401'), ['b/Dockerfile:1:6']);
  });
});
