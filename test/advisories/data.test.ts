import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADVISORY_DATA,
  DATA_COMPILED_ON,
  DATA_CURRENT_TO,
  PG_CVES,
  PG_MAJORS,
  formatPgVersion,
  newestMajorOn,
  parsePgVersion,
} from '../../src/advisories/data.js';
import { formatDataIssues, validateAdvisoryData, type DataIssue } from '../../src/advisories/validate.js';
import type { AdvisoryDataSet, PgCveRecord, PgMajorRecord } from '../../src/advisories/types.js';
import { buildAdvisoryModule } from '../../scripts/build-advisory-data.js';

function errors(issues: DataIssue[]): string[] {
  return issues.filter((i) => i.level === 'error').map((i) => `${i.subject}: ${i.message}`);
}

function withMajor(key: string, change: (m: PgMajorRecord) => PgMajorRecord): AdvisoryDataSet {
  return { ...ADVISORY_DATA, majors: ADVISORY_DATA.majors.map((m) => (m.major === key ? change(m) : m)) };
}

function withCve(id: string, change: (c: PgCveRecord) => PgCveRecord): AdvisoryDataSet {
  return { ...ADVISORY_DATA, cves: ADVISORY_DATA.cves.map((c) => (c.id === id ? change(c) : c)) };
}

describe('shipped advisory data', () => {
  it('passes validation with no errors and no warnings', () => {
    const issues = validateAdvisoryData(ADVISORY_DATA);
    assert.deepEqual(issues, [], formatDataIssues(issues));
  });

  it('covers 9.6 to 19 and 80+ CVEs, current to the newest release date', () => {
    assert.deepEqual(
      PG_MAJORS.map((m) => m.major),
      ['9.6', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19'],
    );
    assert.ok(PG_CVES.length >= 80);
    const newest = PG_MAJORS.flatMap((m) => m.releases.map((r) => r.date))
      .sort()
      .pop();
    assert.equal(DATA_CURRENT_TO, newest);
    assert.match(DATA_COMPILED_ON, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('knows which major is newest on a date', () => {
    assert.equal(newestMajorOn('2026-12-03')?.major, '18');
    assert.equal(newestMajorOn('2025-09-24')?.major, '17');
    assert.equal(newestMajorOn('2015-01-01'), undefined);
  });

  it('parses and formats versions', () => {
    const cases: Array<[string, string | undefined]> = [
      ['15.3', '15.3'],
      ['16', '16'],
      ['9.6', '9.6'],
      ['9.6.24', '9.6.24'],
      ['16.2.0', '16.2'],
      ['19beta3', '19beta3'],
      ['12rc1', '12rc1'],
      ['9', undefined],
      ['v16', undefined],
    ];
    for (const [text, want] of cases) {
      const v = parsePgVersion(text);
      assert.equal(v === undefined ? undefined : formatPgVersion(v), want, text);
    }
  });
});

describe('validateAdvisoryData catches broken data', () => {
  it('duplicate CVE ids', () => {
    const first = ADVISORY_DATA.cves[0];
    assert.ok(first);
    const data = { ...ADVISORY_DATA, cves: [...ADVISORY_DATA.cves, first] };
    assert.ok(errors(validateAdvisoryData(data)).some((e) => e.includes('duplicate CVE id')));
  });

  it('scores outside 0-10', () => {
    for (const score of [10.5, -1, Number.NaN]) {
      const data = withCve('CVE-2024-0985', (c) => ({ ...c, score }));
      assert.ok(
        errors(validateAdvisoryData(data)).some((e) => e.includes('outside 0-10')),
        String(score),
      );
    }
  });

  it('fixed-in versions that are not releases of that major', () => {
    const missing = withCve('CVE-2024-0985', (c) => ({ ...c, fixedIn: { ...c.fixedIn, '16': '16.99' } }));
    assert.ok(errors(validateAdvisoryData(missing)).some((e) => e.includes('16.99 is not a release of major 16')));
    const wrongMajor = withCve('CVE-2024-0985', (c) => ({ ...c, fixedIn: { ...c.fixedIn, '16': '15.6' } }));
    assert.ok(errors(validateAdvisoryData(wrongMajor)).some((e) => e.includes('15.6 is not a release of major 16')));
    const unknownMajor = withCve('CVE-2020-25695', (c) => ({ ...c, fixedIn: { ...c.fixedIn, '9.5': '9.5.24' } }));
    assert.ok(errors(validateAdvisoryData(unknownMajor)).some((e) => e.includes('major 9.5, which is not in')));
    const wrongDate = withCve('CVE-2024-0985', (c) => ({ ...c, fixReleaseDate: '2024-02-09' }));
    assert.ok(errors(validateAdvisoryData(wrongDate)).some((e) => e.includes('not on fixReleaseDate')));
  });

  it('release dates out of order within a major', () => {
    const data = withMajor('16', (m) => {
      const releases = [...m.releases];
      const [a, b] = [releases[3], releases[4]];
      assert.ok(a && b);
      releases[3] = { ...a, date: b.date };
      releases[4] = { ...b, date: a.date };
      return { ...m, releases };
    });
    assert.ok(errors(validateAdvisoryData(data)).some((e) => e.includes('release dates out of order')));
  });

  it('a major without an end-of-life date, or marked ended without its final release', () => {
    const noEol = withMajor('15', (m) => ({ ...m, eolDate: '' }));
    assert.ok(errors(validateAdvisoryData(noEol)).some((e) => e.includes('end-of-life date')));
    const noFinal = withMajor('13', ({ finalMinor: _final, ...m }) => m);
    assert.ok(errors(validateAdvisoryData(noFinal)).some((e) => e.includes('final release')));
    const pastPlanned = withMajor('15', (m) => ({ ...m, eolDate: '2026-01-01' }));
    assert.ok(errors(validateAdvisoryData(pastPlanned)).some((e) => e.includes('planned end of life')));
  });

  it('warns about gaps in the minors unless the version is marked skipped', () => {
    const data = withMajor('18', (m) => ({ ...m, skipped: [] }));
    const issues = validateAdvisoryData(data);
    assert.ok(issues.some((i) => i.level === 'warning' && i.message.includes('no release 18.5')));
    assert.deepEqual(errors(issues), []);
  });

  it('multi-line or empty summaries', () => {
    const data = withCve('CVE-2024-0985', (c) => ({ ...c, summary: 'line one\nline two' }));
    assert.ok(errors(validateAdvisoryData(data)).some((e) => e.includes('one non-empty line')));
  });
});

describe('build-advisory-data', () => {
  const versions = {
    generated_at: '2026-01-01',
    upcoming_scheduled_minor_releases: { dates: ['2025-11-13', '2026-02-12'] },
    majors: {
      '16': {
        first_release: '2023-09-14',
        eol_final_release: '2028-11-09',
        final_minor: null,
        minors: [
          { version: '16.0', release_date: '2023-09-14', release_kind: 'major', evidence: 'x' },
          { version: '16.1', release_date: '2023-11-09', release_kind: 'cumulative', evidence: 'x' },
        ],
      },
    },
  };
  const cves = {
    cves: [
      {
        id: 'CVE-2023-5869',
        title: 'ignored',
        summary: 'ignored: summaries come from data/cve-summaries.json',
        cvss_v3_base: 8.8,
        cvss_source: 'NVD (vector)',
        component: 'core server',
        fixed_in: { '16': '16.1', '9.5': '9.5.25' },
        fix_release_date: '2023-11-09',
        older_unsupported_majors_also_affected: null,
      },
    ],
  };

  it('keeps facts, uses our summaries, drops majors outside the data and dates the module', () => {
    const { text, log } = buildAdvisoryModule(versions, cves, { 'CVE-2023-5869': 'Our words.' }, {});
    assert.match(text, /GENERATED FILE/);
    assert.match(text, /export const DATA_CURRENT_TO = "2023-11-09";/);
    assert.match(text, /"summary":"Our words\."/);
    assert.doesNotMatch(text, /ignored/);
    assert.doesNotMatch(text, /9\.5\.25/);
    assert.ok(log.some((l) => l.includes('dropped fixed_in 9.5')));
    assert.match(text, /SCHEDULED_MINOR_RELEASES: readonly string\[\] = \["2025-11-13","2026-02-12"\]/);
  });

  it('fails without a summary or with an unmapped component', () => {
    assert.throws(() => buildAdvisoryModule(versions, cves, {}, {}), /no summary/);
    const odd = { cves: [{ ...cves.cves[0], component: 'something new' }] };
    assert.throws(() => buildAdvisoryModule(versions, odd, { 'CVE-2023-5869': 'x' }, {}), /unmapped component/);
  });
});
