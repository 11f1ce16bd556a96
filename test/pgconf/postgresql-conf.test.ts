import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePostgresqlConf } from '../../src/parsers/pgconf/postgresql-conf.js';
import { makeSourceFile } from '../../src/core/source.js';
import { findingsOf, scanVirtual, span, where } from '../scan-helpers.js';

function parse(text: string) {
  return parsePostgresqlConf(makeSourceFile('postgresql.conf', '/virtual/postgresql.conf', text));
}

describe('postgresql.conf syntax', () => {
  it('quoting: doubled quotes and backslash escapes', () => {
    const parsed = parse(
      [
        "log_line_prefix = 'it''s %u@%d '",
        "ssl_ciphers = 'HIGH:\\'MEDIUM\\':!aNULL'",
        "search_path = 'a\\\\b'",
        "application_name = 'tab\\there'",
        "cluster_name = 'oct\\101l'",
        '',
      ].join('\n'),
    );
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.entries.map((e) => [e.name, e.value, span(e.valueLoc)]),
      [
        ['log_line_prefix', "it's %u@%d ", 'postgresql.conf:1:19-1:33'],
        ['ssl_ciphers', "HIGH:'MEDIUM':!aNULL", 'postgresql.conf:2:15-2:39'],
        ['search_path', 'a\\b', 'postgresql.conf:3:15-3:21'],
        ['application_name', 'tab\there', 'postgresql.conf:4:20-4:31'],
        ['cluster_name', 'octAl', 'postgresql.conf:5:16-5:26'],
      ],
    );
  });

  it('name value without =, case-insensitive names, comments after values, units kept as written', () => {
    const parsed = parse(
      [
        'max_connections 100',
        'SSL = On',
        'statement_timeout = 30s   # per statement',
        "idle_session_timeout = '5min'",
        'shared_buffers=128MB',
        '   # a comment line',
        '',
        'log_connections = true',
        'log_disconnections = 1',
      ].join('\n'),
    );
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.entries.map((e) => `${e.name}=${e.value}`),
      [
        'max_connections=100',
        'ssl=On',
        'statement_timeout=30s',
        'idle_session_timeout=5min',
        'shared_buffers=128MB',
        'log_connections=true',
        'log_disconnections=1',
      ],
    );
    assert.deepEqual(
      parsed.comments.map((c) => `${c.loc.start.line}:${c.loc.start.column} ${c.text}`),
      ['3:27 per statement', '6:4 a comment line'],
    );
  });

  it('errors: unterminated string, trailing junk, missing value', () => {
    const parsed = parse("listen_addresses = 'localhost\nport = 5432 5433\nssl =\nmax_connections = 10\n");
    assert.deepEqual(
      parsed.errors.map((e) => `${span(e.loc)} ${e.message}`),
      [
        'postgresql.conf:1:20-1:30 unterminated quoted string for "listen_addresses"',
        'postgresql.conf:2:13-2:17 syntax error near "5433"',
        'postgresql.conf:3:1-3:6 setting "ssl" has no value',
      ],
    );
    assert.deepEqual(
      parsed.entries.map((e) => e.name),
      ['max_connections'],
    );
  });
});

describe('postgresql.conf in a scan', () => {
  it('booleans on/off/true/1/yes and unit values are read with PostgreSQL semantics by the rules', async () => {
    const result = await scanVirtual({
      'postgresql.conf': [
        'ssl = true',
        'log_connections = 1',
        'log_disconnections = yes',
        "log_line_prefix = '%m [%p] %u@%d %h '",
        'max_connections = 100',
        'statement_timeout = 0',
        "idle_in_transaction_session_timeout = '10min'",
        "shared_preload_libraries = 'pg_stat_statements,pgaudit'",
        "log_statement = 'ddl'",
        '',
      ].join('\n'),
    });
    for (const rule of ['PGW701', 'PGW705', 'PGW507', 'PGW508', 'PGW702']) {
      assert.deepEqual(where(result, rule), [], rule);
    }
    const off = await scanVirtual({ 'postgresql.conf': 'ssl = on\nlog_connections = off\nlog_disconnections = 0\n' });
    assert.deepEqual(where(off, 'PGW701'), ['postgresql.conf:2:19']);
  });

  it('an unterminated string is PGW001 with file, line and column; the rest is still read', async () => {
    const result = await scanVirtual({
      'postgresql.conf': "ssl = on\nlisten_addresses = '*\nlog_statement = 'all'\n",
      'ok/compose.yaml': 'services:\n  db:\n    image: postgres\n',
    });
    assert.deepEqual(
      findingsOf(result, 'PGW001').map((f) => `${span(f.loc)} ${f.message}`),
      ['postgresql.conf:2:20-2:22 unterminated quoted string for "listen_addresses"'],
    );
    assert.deepEqual(where(result, 'PGW703'), ['postgresql.conf:3:17']);
    assert.deepEqual(where(result, 'PGW401'), ['ok/compose.yaml:3:12']);
  });

  it('include: files in the tree are read in place; later lines win over what an include set', async () => {
    const result = await scanVirtual({
      'conf/postgresql.conf': [
        "log_statement = 'all'", //           1
        "include 'extra.conf'", //            2
        'port = 5433', //                     3
        "include_if_exists 'missing.conf'", // 4
        "include 'absent.conf'", //           5
        '',
      ].join('\n'),
      'conf/extra.conf': "port = 5432\nlog_statement = 'none'\nssl = on\nlisten_addresses = '*'\n",
    });
    const conf = result.model.pgConfs.find((c) => c.file === 'conf/postgresql.conf');
    assert.ok(conf);
    assert.deepEqual(
      Object.values(conf.settings).map((s) => `${s.name}=${s.value.value}@${span(s.value.loc)}`),
      [
        'log_statement=none@conf/extra.conf:2:17-2:23',
        'port=5433@conf/postgresql.conf:3:8-3:12',
        'ssl=on@conf/extra.conf:3:7-3:9',
        'listen_addresses=*@conf/extra.conf:4:20-4:23',
      ],
    );
    assert.deepEqual(conf.includes, ['conf/extra.conf']);
    // include_if_exists of a missing file is fine; a missing include is a note, not silence
    assert.deepEqual(
      result.model.problems.map((p) => `${p.kind} ${span(p.loc)} ${p.message}`),
      [
        'skipped conf/postgresql.conf:5:1-5:22 include "absent.conf" is not in the scanned tree; its settings are not checked',
      ],
    );
    // the included file is part of this server, not a server of its own
    assert.deepEqual(
      result.model.deployments.map((d) => d.id),
      ['conf:conf/postgresql.conf#conf/postgresql.conf'],
    );
    assert.deepEqual(where(result, 'PGW703'), [], 'log_statement = none after the include');
  });

  it('an include cycle is one PGW001 at the include that closes it; a file included twice is no cycle', async () => {
    const cycle = await scanVirtual({
      'postgresql.conf': "include 'a.conf'\nport = 5433\n",
      'a.conf': "include 'b.conf'\nssl = on\n",
      'b.conf': "include 'postgresql.conf'\nmax_connections = 10\n",
    });
    assert.deepEqual(
      findingsOf(cycle, 'PGW001').map((f) => `${span(f.loc)} ${f.message}`),
      [
        'b.conf:1:1-1:26 include cycle: a.conf → b.conf → postgresql.conf → a.conf (PostgreSQL stops at include depth 10 and refuses the file)',
      ],
    );
    const diamond = await scanVirtual({
      'postgresql.conf': "include 'common.conf'\ninclude 'tuning.conf'\n",
      'tuning.conf': "include 'common.conf'\nwork_mem = '8MB'\n",
      'common.conf': 'ssl = on\nmax_connections = 20\n',
    });
    assert.deepEqual(where(diamond, 'PGW001'), []);
    assert.equal(
      diamond.model.pgConfs.find((c) => c.file === 'postgresql.conf')?.settings['work_mem']?.value.value,
      '8MB',
    );
  });
});
