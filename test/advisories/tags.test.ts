import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isResolved,
  resolvePgVersion,
  versionFromImageEnv,
  versionFromPgMajorEnv,
  versionFromPgVersionEnv,
  versionFromServerVersion,
  versionFromServerVersionNum,
  type VersionResolution,
} from '../../src/advisories/tags.js';

const TODAY = '2026-12-03';
const DIGEST = 'sha256:0f5c1e8b7a2d4c6e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6';

interface Expect {
  version: string;
  major: number;
  minor?: number;
  exact: boolean;
  floating: boolean;
  latestAlias?: boolean;
  prerelease?: string;
  variant?: string;
  /** Substring or pattern the reason must contain. */
  reason?: RegExp;
}

type Row = [ref: string, expected: Expect | { unresolvable: RegExp }, today?: string];

const exact = (version: string, major: number, minor: number, extra: Partial<Expect> = {}): Expect => ({
  version,
  major,
  minor,
  exact: true,
  floating: false,
  ...extra,
});
const floating = (major: number, extra: Partial<Expect> = {}): Expect => ({
  version: String(major),
  major,
  exact: false,
  floating: true,
  ...extra,
});
const pinnedMajor = (major: number, extra: Partial<Expect> = {}): Expect => ({
  version: String(major),
  major,
  exact: false,
  floating: false,
  ...extra,
});
const latest = (major: number, extra: Partial<Expect> = {}): Expect =>
  floating(major, { latestAlias: true, reason: /newest major known on/, ...extra });
const prerelease = (version: string, major: number, pre: string, extra: Partial<Expect> = {}): Expect => ({
  version,
  major,
  exact: true,
  floating: false,
  prerelease: pre,
  ...extra,
});

const TABLE: Row[] = [
  // Official image, Docker Hub short names
  ['postgres:15.3', exact('15.3', 15, 3)],
  ['postgres:15.3-bookworm', exact('15.3', 15, 3, { variant: 'bookworm' })],
  ['postgres:15-alpine3.18', floating(15, { variant: 'alpine3.18', reason: /moves to each new 15\.x/ })],
  ['postgres:16.10-alpine3.22', exact('16.10', 16, 10, { variant: 'alpine3.22' })],
  ['postgres:18', floating(18)],
  ['postgres:16-alpine', floating(16, { variant: 'alpine' })],
  ['postgres:13-bullseye', floating(13, { variant: 'bullseye' })],
  ['postgres:11-stretch', floating(11, { variant: 'stretch' })],
  ['postgres:12.3-alpine3.12', exact('12.3', 12, 3, { variant: 'alpine3.12' })],
  ['postgres:16.2-bullseye', exact('16.2', 16, 2, { variant: 'bullseye' })],
  ['postgres:17.9-trixie', exact('17.9', 17, 9, { variant: 'trixie' })],
  ['postgres:9.6.24-alpine', exact('9.6.24', 9.6, 24, { variant: 'alpine' })],
  ['postgres:9.6', floating(9.6, { version: '9.6' })],
  ['postgres:9', floating(9.6, { version: '9.6', reason: /old '9' alias/ })],
  ['postgres:10.23', exact('10.23', 10, 23)],
  // latest and its relatives
  ['postgres:latest', latest(18, { reason: /19 was still in pre-release/ })],
  ['postgres', latest(18, { reason: /no tag means 'latest'/ })],
  ['postgres:alpine', latest(18, { variant: 'alpine' })],
  ['postgres:bookworm', latest(18, { variant: 'bookworm' })],
  ['postgres:trixie', latest(18, { variant: 'trixie' })],
  ['postgres:alpine3.23', latest(18, { variant: 'alpine3.23' })],
  ['postgres:latest', latest(17), '2025-06-01'],
  ['postgres:latest', latest(16), '2024-01-15'],
  ['postgres:bullseye', { unresolvable: /retired base image/ }],
  ['postgres:alpine3.18', { unresolvable: /retired base image/ }],
  // Pre-releases
  ['postgres:12-beta2', prerelease('12beta2', 12, 'beta2')],
  ['postgres:19beta3-trixie', prerelease('19beta3', 19, 'beta3', { variant: 'trixie' })],
  ['postgres:19beta1', prerelease('19beta1', 19, 'beta1')],
  ['postgres:16rc1', prerelease('16rc1', 16, 'rc1')],
  ['postgres:12-rc1-alpine', prerelease('12rc1', 12, 'rc1', { variant: 'alpine' })],
  // Registries, namespaces, digests
  ['docker.io/library/postgres:16.2', exact('16.2', 16, 2)],
  ['registry.example.com/mirror/postgres:17.1', exact('17.1', 17, 1)],
  ['localhost:5000/postgres:14.5', exact('14.5', 14, 5)],
  ['public.ecr.aws/docker/library/postgres:17.2-alpine', exact('17.2', 17, 2, { variant: 'alpine' })],
  ['library/postgres:15', floating(15)],
  [`postgres:16.2@${DIGEST}`, exact('16.2', 16, 2, { reason: /pinned by digest sha256:/ })],
  [`postgres:16@${DIGEST}`, pinnedMajor(16, { reason: /frozen at the 16\.x minor/ })],
  [`postgres@${DIGEST}`, { unresolvable: /pinned by digest without a tag/ }],
  [`registry.example.com/mirror/postgres@${DIGEST}`, { unresolvable: /without a tag/ }],
  ['cimg/postgres:15.3-postgis', exact('15.3', 15, 3, { reason: /suffix 'postgis' not interpreted/ })],
  // PostGIS
  ['postgis/postgis:16-3.4', floating(16, { reason: /PostGIS 3\.4/ })],
  ['postgis/postgis:15-3.3-alpine', floating(15, { variant: 'alpine' })],
  ['postgis/postgis:9.6-2.5', floating(9.6, { version: '9.6' })],
  ['mdillon/postgis:11-alpine', floating(11, { variant: 'alpine' })],
  ['postgis/postgis:latest', latest(18, { reason: /assumed for this image/ })],
  // TimescaleDB
  ['timescale/timescaledb:2.14.2-pg16', pinnedMajor(16, { reason: /2\.14\.2 is pinned/ })],
  ['timescale/timescaledb:latest-pg17', floating(17)],
  ['timescale/timescaledb:2.9.3-pg14-oss', pinnedMajor(14)],
  ['timescale/timescaledb-ha:pg16.4-ts2.16.1', exact('16.4', 16, 4)],
  ['timescale/timescaledb-ha:pg17.2-ts2.17.2-all', exact('17.2', 17, 2)],
  ['timescale/timescaledb-ha:pg16', floating(16)],
  // Bitnami
  ['bitnami/postgresql:16.2.0-debian-12-r5', exact('16.2', 16, 2, { reason: /debian-12-r5/ })],
  ['docker.io/bitnami/postgresql:15.4.0', exact('15.4', 15, 4)],
  ['bitnami/postgresql:16', floating(16)],
  ['bitnami/postgresql:latest', latest(18)],
  ['bitnamilegacy/postgresql:14.10.0-debian-11-r30', exact('14.10', 14, 10)],
  // pgvector
  ['pgvector/pgvector:pg16', floating(16)],
  ['pgvector/pgvector:0.7.4-pg16', pinnedMajor(16, { reason: /0\.7\.4 is pinned/ })],
  ['pgvector/pgvector:0.8.0-pg17-bookworm', pinnedMajor(17)],
  ['ankane/pgvector:v0.5.1', { unresolvable: /no pgNN marker/ }],
  // Other derived images
  ['ghcr.io/cloudnative-pg/postgresql:16.2-3', exact('16.2', 16, 2)],
  ['ghcr.io/cloudnative-pg/postgresql:17-standard-bookworm', floating(17)],
  ['supabase/postgres:15.1.0.147', exact('15.1', 15, 1)],
  ['registry.developers.crunchydata.com/crunchydata/crunchy-postgres:ubi8-16.2-0', exact('16.2', 16, 2)],
  ['apache/age:PG16_latest', floating(16)],
  ['paradedb/paradedb:0.15.1-pg17', pinnedMajor(17)],
  // Not resolvable
  ['redis:7.2', { unresolvable: /not a PostgreSQL image pgwarden knows/ }],
  ['postgres:${POSTGRES_TAG}', { unresolvable: /unexpanded variable/ }],
  ['postgres:20240101', { unresolvable: /does not look like a PostgreSQL version/ }],
  ['postgres:edge', { unresolvable: /does not name a PostgreSQL version/ }],
  ['', { unresolvable: /empty image reference/ }],
];

function check(ref: string, got: VersionResolution, want: Row[1]): void {
  if ('unresolvable' in want) {
    assert.equal(got.unresolvable, true, `${ref}: expected unresolvable, got ${JSON.stringify(got)}`);
    assert.match(got.reason, want.unresolvable, ref);
    return;
  }
  assert.ok(isResolved(got), `${ref}: ${got.reason}`);
  assert.equal(got.version, want.version, `${ref} version`);
  assert.equal(got.major, want.major, `${ref} major`);
  assert.equal(got.minor, want.minor, `${ref} minor`);
  assert.equal(got.exact, want.exact, `${ref} exact`);
  assert.equal(got.floating, want.floating, `${ref} floating`);
  assert.equal(got.latestAlias, want.latestAlias ?? false, `${ref} latestAlias`);
  assert.equal(got.prerelease, want.prerelease, `${ref} prerelease`);
  assert.equal(got.source, 'tag', `${ref} source`);
  if (want.variant !== undefined) assert.equal(got.variant, want.variant, `${ref} variant`);
  assert.ok(got.reason.length > 0, `${ref} has a reason`);
  if (want.reason !== undefined) assert.match(got.reason, want.reason, `${ref} reason`);
}

describe('resolvePgVersion: real-world tag spellings', () => {
  it('has at least 40 rows', () => {
    assert.ok(TABLE.length >= 40, `only ${TABLE.length} rows`);
  });
  for (const [ref, want, today] of TABLE) {
    it(`${ref || '(empty)'}${today !== undefined ? ` on ${today}` : ''}`, () => {
      check(ref, resolvePgVersion(ref, { today: today ?? TODAY }), want);
    });
  }
});

describe('resolvePgVersion: options and image details', () => {
  it('keeps the parsed image reference', () => {
    const r = resolvePgVersion(`registry.example.com/mirror/postgres:17.1@${DIGEST}`, { today: TODAY });
    assert.ok(isResolved(r));
    assert.equal(r.image?.registry, 'registry.example.com');
    assert.equal(r.image?.tag, '17.1');
    assert.equal(r.image?.digest, DIGEST);
    assert.equal(r.family, 'official');
  });

  it('without today, latest means the newest major in the data', () => {
    const r = resolvePgVersion('postgres:latest');
    assert.ok(isResolved(r));
    assert.equal(r.major, 18);
  });

  it('assumeOfficialScheme reads unknown repositories like the official image', () => {
    assert.equal(resolvePgVersion('acme/db:16.4', { today: TODAY }).unresolvable, true);
    const r = resolvePgVersion('acme/db:16.4', { today: TODAY, assumeOfficialScheme: true });
    assert.ok(isResolved(r));
    assert.equal(r.version, '16.4');
  });

  it('rejects an invalid today', () => {
    assert.throws(() => resolvePgVersion('postgres:16', { today: '2026-02-30' }), RangeError);
  });
});

describe('version from the image environment', () => {
  const cases: Array<[string, string | undefined, number | undefined, string | undefined]> = [
    ['14.9-1.pgdg120+1', '14.9', 9, undefined],
    ['16.2-1.pgdg120+2', '16.2', 2, undefined],
    ['18.6-1.pgdg13+2', '18.6', 6, undefined],
    ['18.3', '18.3', 3, undefined],
    ['9.6.24-1.pgdg90+1', '9.6.24', 24, undefined],
    ['19~beta3-1.pgdg13+1', '19beta3', undefined, 'beta3'],
    ['19beta1', '19beta1', undefined, 'beta1'],
  ];
  for (const [value, version, minor, pre] of cases) {
    it(`PG_VERSION=${value}`, () => {
      const r = versionFromPgVersionEnv(value);
      assert.ok(isResolved(r), r.reason);
      assert.equal(r.version, version);
      assert.equal(r.minor, minor);
      assert.equal(r.prerelease, pre);
      assert.equal(r.source, 'env');
      assert.equal(r.floating, false);
      assert.match(r.reason, /PG_VERSION=/);
    });
  }

  it('rejects junk PG_VERSION', () => {
    assert.equal(versionFromPgVersionEnv('latest').unresolvable, true);
  });

  it('PG_MAJOR gives the major only', () => {
    const r = versionFromPgMajorEnv('16');
    assert.ok(isResolved(r));
    assert.deepEqual([r.major, r.minor, r.exact, r.floating, r.source], [16, undefined, false, false, 'env']);
    assert.match(r.reason, /minor unknown/);
    const old = versionFromPgMajorEnv('9.6');
    assert.ok(isResolved(old));
    assert.equal(old.major, 9.6);
    assert.equal(versionFromPgMajorEnv('16.2').unresolvable, true);
  });

  it('image env: PG_VERSION wins, PG_MAJOR is the fallback', () => {
    const both = versionFromImageEnv(['PATH=/usr/bin', 'PG_MAJOR=16', 'PG_VERSION=16.2-1.pgdg120+2']);
    assert.ok(isResolved(both));
    assert.equal(both.version, '16.2');
    const majorOnly = versionFromImageEnv({ PG_MAJOR: '15' });
    assert.ok(isResolved(majorOnly));
    assert.equal(majorOnly.version, '15');
    const mismatch = versionFromImageEnv({ PG_MAJOR: '15', PG_VERSION: '16.1' });
    assert.ok(isResolved(mismatch));
    assert.match(mismatch.reason, /disagrees/);
    assert.equal(versionFromImageEnv(['LANG=en_US.utf8']).unresolvable, true);
  });
});

describe('version from a live server', () => {
  const nums: Array<[number | string, string]> = [
    [150018, '15.18'],
    [160002, '16.2'],
    [180006, '18.6'],
    [100023, '10.23'],
    [90624, '9.6.24'],
    ['170011', '17.11'],
  ];
  for (const [n, version] of nums) {
    it(`server_version_num ${n}`, () => {
      const r = versionFromServerVersionNum(n);
      assert.ok(isResolved(r), r.reason);
      assert.equal(r.version, version);
      assert.equal(r.source, 'live');
      assert.equal(r.exact, true);
    });
  }

  it('flags a .0 of a major that only has pre-releases in the data', () => {
    const r = versionFromServerVersionNum(190000);
    assert.ok(isResolved(r));
    assert.equal(r.version, '19.0');
    assert.match(r.reason, /pre-releases/);
  });

  it('rejects impossible numbers', () => {
    assert.equal(versionFromServerVersionNum(42).unresolvable, true);
    assert.equal(versionFromServerVersionNum(15.5).unresolvable, true);
  });

  it('server_version text', () => {
    const r = versionFromServerVersion('16.2 (Debian 16.2-1.pgdg120+2)');
    assert.ok(isResolved(r));
    assert.equal(r.version, '16.2');
    const beta = versionFromServerVersion('19beta3');
    assert.ok(isResolved(beta));
    assert.equal(beta.prerelease, 'beta3');
    assert.equal(versionFromServerVersion('PostgreSQL').unresolvable, true);
  });
});
