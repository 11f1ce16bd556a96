import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  normalizeSettingName,
  parseBool,
  parseDurationMs,
  parseList,
  settingsFromArgs,
  splitShellWords,
  unquote,
} from '../../src/model/settings.js';
import { isLatestTag, isPostgresImage, parseImageRef } from '../../src/model/image.js';

describe('PostgreSQL setting semantics', () => {
  it('booleans in every spelling PostgreSQL accepts', () => {
    for (const v of ['on', 'On', 'TRUE', 'true', 'yes', '1', 't', 'y', "'on'", ' on '])
      assert.equal(parseBool(v), true, v);
    for (const v of ['off', 'OFF', 'false', 'no', '0', 'f', 'n', "'off'"]) assert.equal(parseBool(v), false, v);
    for (const v of [undefined, '', 'maybe', '2', 'o']) assert.equal(parseBool(v), undefined, String(v));
  });

  it('durations with units; a bare number is in the base unit', () => {
    const table: Array<[string | undefined, number | undefined, number?]> = [
      ['0', 0],
      ['30s', 30_000],
      ['5min', 300_000],
      ["'1h'", 3_600_000],
      ['1d', 86_400_000],
      ['250ms', 250],
      ['1500', 1500],
      ['60', 60_000, 1000],
      ['10 s', 10_000],
      ['5 parsecs', undefined],
      ['abc', undefined],
      [undefined, undefined],
    ];
    for (const [v, ms, base] of table) assert.equal(parseDurationMs(v, base), ms, String(v));
  });

  it('names are case-insensitive; lists are split and unquoted', () => {
    assert.equal(normalizeSettingName(' Log_Statement '), 'log_statement');
    assert.equal(normalizeSettingName('max-connections'), 'max_connections');
    assert.deepEqual(parseList('\'pg_stat_statements, "pgaudit"\''), ['pg_stat_statements', 'pgaudit']);
    assert.deepEqual(parseList(undefined), []);
    assert.equal(unquote("'it''s'"), "it's");
  });

  it('settings from command-line arguments: -c name=value, -cname=value, --name=value; later wins by order', () => {
    assert.deepEqual(
      settingsFromArgs(['postgres', '-c', 'ssl=on', '-clog_statement=all', '--max-connections=50', '-c', 'SSL=off']),
      [
        { name: 'ssl', value: 'on', argIndex: 2 },
        { name: 'log_statement', value: 'all', argIndex: 3 },
        { name: 'max_connections', value: '50', argIndex: 4 },
        { name: 'ssl', value: 'off', argIndex: 6 },
      ],
    );
    assert.deepEqual(settingsFromArgs(['postgres', '-c', 'novalue', '-c']), []);
    assert.deepEqual(settingsFromArgs(['-c', 'log_line_prefix=%m a=b']), [
      { name: 'log_line_prefix', value: '%m a=b', argIndex: 1 },
    ]);
  });

  it('shell words like compose splits a string command', () => {
    assert.deepEqual(splitShellWords(`postgres -c 'a b' -c "c \\"d\\"" e\\ f`), [
      'postgres',
      '-c',
      'a b',
      '-c',
      'c "d"',
      'e f',
    ]);
    assert.deepEqual(splitShellWords('  x   y  '), ['x', 'y']);
    assert.deepEqual(splitShellWords(`''`), ['']);
  });
});

describe('image references', () => {
  it('registry, repository, tag and digest', () => {
    assert.deepEqual(parseImageRef('postgres'), {
      registry: undefined,
      repository: 'postgres',
      tag: undefined,
      digest: undefined,
    });
    assert.deepEqual(parseImageRef('postgres:16.10-alpine'), {
      registry: undefined,
      repository: 'postgres',
      tag: '16.10-alpine',
      digest: undefined,
    });
    assert.deepEqual(parseImageRef('localhost:5000/team/postgres:16@sha256:abc'), {
      registry: 'localhost:5000',
      repository: 'team/postgres',
      tag: '16',
      digest: 'sha256:abc',
    });
    assert.deepEqual(parseImageRef('ghcr.io/acme/db'), {
      registry: 'ghcr.io',
      repository: 'acme/db',
      tag: undefined,
      digest: undefined,
    });
  });

  it('which images are PostgreSQL', () => {
    for (const ref of [
      'postgres',
      'postgres:16.10',
      'library/postgres:16',
      'docker.io/library/postgres:16',
      'postgis/postgis:16-3.4',
      'timescale/timescaledb:2.17.2-pg16',
      'timescale/timescaledb-ha:pg16',
      'bitnami/postgresql:16.4.0',
      'pgvector/pgvector:pg16',
      'ghcr.io/acme/postgres:16',
      'registry.example.com/mirror/postgresql:16',
    ]) {
      assert.equal(isPostgresImage(ref), true, ref);
    }
    for (const ref of ['redis:7', 'postgres-exporter:1', 'acme/postgres-backup:1', 'mysql:8', 'pgadmin4']) {
      assert.equal(isPostgresImage(ref), false, ref);
    }
  });

  it('latest: no tag or the latest tag, unless pinned by digest', () => {
    assert.equal(isLatestTag(parseImageRef('postgres')), true);
    assert.equal(isLatestTag(parseImageRef('postgres:latest')), true);
    assert.equal(isLatestTag(parseImageRef('postgres@sha256:abc')), false);
    assert.equal(isLatestTag(parseImageRef('postgres:16')), false);
  });
});
