import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePgHba } from '../../src/parsers/pgconf/pg-hba.js';
import { makeSourceFile } from '../../src/core/source.js';
import { at, findingsOf, scanVirtual, span, tracked, where } from '../scan-helpers.js';
import type { ScanResult } from '../../src/core/scan.js';

/** Each rule line: `line type address method reachable|shadowed by line N`. */
function rules(result: ScanResult, file = 'pg_hba.conf'): string[] {
  const hba = result.model.hbaFiles.find((h) => h.file === file);
  assert.ok(hba, `no ${file}`);
  return hba.rules.map(
    (r) =>
      `${r.loc.start.line} ${r.type.value} ${r.address?.value ?? '-'} ${r.method.value} ` +
      (r.reachable ? 'reachable' : `shadowed by line ${r.shadowedBy?.start.line}`),
  );
}

describe('pg_hba.conf syntax', () => {
  it('quoted fields, comma lists, options, line continuation, include directives', () => {
    const text = [
      '# TYPE DATABASE USER ADDRESS METHOD',
      'local all postgres peer map=admins',
      'host "my db","all" "app user" 10.1.0.0/16 \\',
      '    scram-sha-256',
      'hostssl app,reporting +readers 192.168.0.0 255.255.0.0 cert clientcert=verify-full',
      'include_if_exists extra_hba.conf',
      '',
    ].join('\n');
    const parsed = parsePgHba(makeSourceFile('pg_hba.conf', '/virtual/pg_hba.conf', text));
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.lines.map((l) => [l.type, l.databases, l.users, l.address, l.mask, l.method, l.options, span(l.loc)]),
      [
        ['local', ['all'], ['postgres'], undefined, undefined, 'peer', ['map=admins'], 'pg_hba.conf:2:1-2:35'],
        ['host', ['my db', 'all'], ['app user'], '10.1.0.0/16', undefined, 'scram-sha-256', [], 'pg_hba.conf:3:1-4:18'],
        [
          'hostssl',
          ['app', 'reporting'],
          ['+readers'],
          '192.168.0.0',
          '255.255.0.0',
          'cert',
          ['clientcert=verify-full'],
          'pg_hba.conf:5:1-5:83',
        ],
      ],
    );
    assert.deepEqual(
      parsed.includes.map((i) => `${i.directive} ${i.path}`),
      ['include_if_exists extra_hba.conf'],
    );
    assert.deepEqual(
      parsed.comments.map((c) => c.text),
      ['TYPE DATABASE USER ADDRESS METHOD'],
    );
  });
});

describe('pg_hba.conf: invalid lines are PGW001 and the other lines are still judged', () => {
  it('unknown type, unknown method, missing method, bad mask', async () => {
    const result = await scanVirtual({
      'pg_hba.conf': [
        'host all all 10.0.0.0/8 scram-sha-257', //          1
        'hots all all 10.0.0.0/8 md5', //                    2
        'host all all', //                                   3
        'host all all 10.0.0.0 255.0.255.0 md5', //          4
        'host all all 0.0.0.0/0 trust', //                   5
        '',
      ].join('\n'),
    });
    assert.deepEqual(
      findingsOf(result, 'PGW001').map((f) => `${span(f.loc)} ${f.message}`),
      [
        'pg_hba.conf:1:25-1:38 invalid authentication method "scram-sha-257"',
        'pg_hba.conf:2:1-2:5 invalid connection type "hots"',
        'pg_hba.conf:3:1-3:13 end-of-line before authentication method',
        'pg_hba.conf:4:23-4:34 invalid IP mask "255.0.255.0"',
      ],
    );
    assert.deepEqual(rules(result), ['5 host 0.0.0.0/0 trust reachable']);
    assert.deepEqual(where(result, 'PGW504'), ['pg_hba.conf:5:1']);
  });
});

describe('pg_hba.conf: address forms', () => {
  it('address + mask is read as the CIDR it means: 0.0.0.0 0.0.0.0 is every address', async () => {
    const result = await scanVirtual({
      'pg_hba.conf': [
        'host all all 0.0.0.0 0.0.0.0 scram-sha-256', //     1
        'hostssl all all 192.168.0.0 255.255.0.0 md5', //    2
        'hostssl all all ::0 :: scram-sha-256', //           3
        '',
      ].join('\n'),
    });
    const hba = result.model.hbaFiles[0];
    assert.deepEqual(
      hba?.rules.map((r) => `${tracked(r.address)} literal=${r.address?.literal}`),
      [
        '"0.0.0.0/0" explicit @pg_hba.conf:1:14-1:29 literal=false',
        '"192.168.0.0/16" explicit @pg_hba.conf:2:17-2:40 literal=false',
        '"::0/0" explicit @pg_hba.conf:3:17-3:23 literal=false',
      ],
    );
    assert.deepEqual(
      findingsOf(result, 'PGW206').map((f) => `${at(f.loc)} ${f.message}`),
      [
        'pg_hba.conf:1:1 pg_hba line admits host connections from any address (0.0.0.0/0) with scram-sha-256.',
        'pg_hba.conf:3:1 pg_hba line admits hostssl connections from any address (::0/0) with scram-sha-256.',
      ],
    );
    assert.deepEqual(where(result, 'PGW207'), ['pg_hba.conf:1:1']);
  });

  it('IPv6 CIDRs, samehost, samenet, hostnames and all', async () => {
    const result = await scanVirtual({
      'pg_hba.conf': [
        'host all all ::1/128 trust', //                 1 loopback: medium, not open
        'hostssl all all ::/0 scram-sha-256', //         2 any IPv6 address
        'host all all fd00::/8 scram-sha-256', //        3 private, but no TLS
        'host all all samehost trust', //                4 the server's own addresses
        'host all all samenet scram-sha-256', //         5 any subnet the server is on
        'hostssl all all db-clients.internal md5', //   6 a host name
        'hostssl all all all scram-sha-256', //          7 any address
        '',
      ].join('\n'),
    });
    assert.deepEqual(where(result, 'PGW206'), ['pg_hba.conf:2:1', 'pg_hba.conf:7:1']);
    assert.deepEqual(where(result, 'PGW207'), ['pg_hba.conf:3:1', 'pg_hba.conf:5:1']);
    assert.deepEqual(
      findingsOf(result, 'PGW504').map((f) => `${at(f.loc)} ${f.severity}`),
      ['pg_hba.conf:1:1 medium', 'pg_hba.conf:4:1 medium'],
    );
    assert.deepEqual(where(result, 'PGW505'), ['pg_hba.conf:6:37']);
  });
});

describe('pg_hba.conf: first match decides', () => {
  it('lines after reject or after a wider line are unreachable, say which line shadows them, and are not reported', async () => {
    const result = await scanVirtual({
      'pg_hba.conf': [
        'local all all peer', //                                   1
        'host all all 127.0.0.1/32 scram-sha-256', //              2
        'hostssl all all 10.20.0.0/16 scram-sha-256', //           3
        'host all all 10.20.5.0/24 trust', //                      4 inside line 3? no: host is wider than hostssl
        'host all all 0.0.0.0/0 reject', //                        5
        'host all all 0.0.0.0/0 md5', //                           6 after reject
        'hostssl all all 192.168.1.0/24 trust', //                 7 after reject
        'host all all ::/0 md5', //                                8 other family: reachable
        'host all all 10.0.0.0/8 password', //                     9 after reject
        '',
      ].join('\n'),
    });
    assert.deepEqual(rules(result), [
      '1 local - peer reachable',
      '2 host 127.0.0.1/32 scram-sha-256 reachable',
      '3 hostssl 10.20.0.0/16 scram-sha-256 reachable',
      '4 host 10.20.5.0/24 trust reachable',
      '5 host 0.0.0.0/0 reject reachable',
      '6 host 0.0.0.0/0 md5 shadowed by line 5',
      '7 hostssl 192.168.1.0/24 trust shadowed by line 5',
      '8 host ::/0 md5 reachable',
      '9 host 10.0.0.0/8 password shadowed by line 5',
    ]);
    assert.deepEqual(where(result, 'PGW504'), ['pg_hba.conf:4:1'], 'line 7 trust is dead');
    assert.deepEqual(where(result, 'PGW505'), ['pg_hba.conf:8:19'], 'lines 6 and 9 are dead');
    assert.deepEqual(where(result, 'PGW206'), ['pg_hba.conf:8:1'], 'reject is not open');
  });

  it('an earlier wider match shadows a narrower one; narrower users, databases or types do not', async () => {
    const result = await scanVirtual({
      'pg_hba.conf': [
        'hostssl app admin 10.0.0.0/8 scram-sha-256', //  1
        'hostssl app admin,bob 10.0.0.0/8 md5', //        2 bob is not covered by 1
        'hostssl app,web admin 10.0.0.0/8 md5', //        3 web is not covered by 1
        'hostssl app admin 10.1.0.0/16 md5', //           4 inside 1
        'hostssl all all 10.0.0.0/8 scram-sha-256', //    5
        'hostssl app all 10.1.0.0/16 md5', //             6 inside 5
        'host all all 10.1.0.0/16 md5', //                7 host is wider than hostssl
        'host replication all 10.0.0.0/8 md5', //         8 `all` does not match replication
        'host all all 10.0.0.0 255.0.0.0 trust', //       9 /8 is wider than 7's /16
        'host all all 10.1.2.0/24 trust', //              10 inside 7
        'host replication all 10.1.0.0/16 trust', //      11 inside 8
        '',
      ].join('\n'),
    });
    assert.deepEqual(rules(result), [
      '1 hostssl 10.0.0.0/8 scram-sha-256 reachable',
      '2 hostssl 10.0.0.0/8 md5 reachable',
      '3 hostssl 10.0.0.0/8 md5 reachable',
      '4 hostssl 10.1.0.0/16 md5 shadowed by line 1',
      '5 hostssl 10.0.0.0/8 scram-sha-256 reachable',
      '6 hostssl 10.1.0.0/16 md5 shadowed by line 5',
      '7 host 10.1.0.0/16 md5 reachable',
      '8 host 10.0.0.0/8 md5 reachable',
      '9 host 10.0.0.0/8 trust reachable',
      '10 host 10.1.2.0/24 trust shadowed by line 7',
      '11 host 10.1.0.0/16 trust shadowed by line 8',
    ]);
    assert.deepEqual(where(result, 'PGW504'), ['pg_hba.conf:9:1']);
  });
});
