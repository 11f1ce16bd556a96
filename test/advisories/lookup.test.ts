import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  RULE_MAJOR_EOL,
  RULE_OUTDATED_MINOR,
  dataAge,
  dataFreshness,
  describeVersion,
  formatAdvisoryText,
  isDataStale,
  majorEol,
  missedScheduledReleases,
  outdatedMinor,
  severityFromScore,
} from '../../src/advisories/lookup.js';
import { DATA_CURRENT_TO, PG_CVES, minorOf } from '../../src/advisories/data.js';
import { resolvePgVersion } from '../../src/advisories/tags.js';

const TODAY = '2026-12-03';

describe('majorEol (PGW406)', () => {
  it('14 is end of life on 2026-12-03 (2026-11-12 per the data)', () => {
    const r = majorEol(14, TODAY);
    assert.equal(r.ruleId, RULE_MAJOR_EOL);
    assert.equal(r.known, true);
    assert.equal(r.eol, true);
    assert.equal(r.eolDate, '2026-11-12');
    assert.equal(r.eolBasis, 'announced');
    assert.equal(r.finalMinor, undefined);
    assert.equal(r.daysPastEol, 21);
    assert.match(r.note, /final release not in pgwarden's data/);
  });

  it('end of life starts on the end-of-life date', () => {
    assert.equal(majorEol(14, '2026-11-11').eol, false);
    assert.equal(majorEol(14, '2026-11-11').daysUntilEol, 1);
    assert.equal(majorEol(14, '2026-11-12').eol, true);
  });

  it('13 is end of life since 2025-11-13 with 13.23', () => {
    const r = majorEol(13, TODAY);
    assert.equal(r.eol, true);
    assert.equal(r.eolDate, '2025-11-13');
    assert.equal(r.eolBasis, 'final-release');
    assert.equal(r.finalMinor, '13.23');
    assert.ok(r.unfixedCves.length > 0, 'later CVEs recorded as affecting all older versions');
    for (const c of r.unfixedCves) {
      const rec = PG_CVES.find((x) => x.id === c.id);
      assert.ok(rec?.olderUnsupportedAffected);
      assert.equal(rec.fixedIn['13'], undefined);
      assert.notEqual(rec.component, 'installer');
    }
  });

  it('12 ended with the out-of-cycle 12.22 on 2024-11-21; 9.6 and 10, 11 are end of life', () => {
    assert.equal(majorEol(12, TODAY).eolDate, '2024-11-21');
    assert.equal(majorEol(12, TODAY).finalMinor, '12.22');
    for (const m of [9.6, 10, 11]) assert.equal(majorEol(m, TODAY).eol, true, String(m));
    assert.equal(majorEol('9.6', TODAY).eolDate, '2021-11-11');
  });

  it('15-18 are supported on 2026-12-03; 19 has a projected date', () => {
    for (const m of [15, 16, 17, 18]) assert.equal(majorEol(m, TODAY).eol, false, String(m));
    assert.equal(majorEol(15, TODAY).eolDate, '2027-11-11');
    assert.equal(majorEol(19, TODAY).eolBasis, 'projected');
    assert.equal(majorEol(19, TODAY).eolDate, '2031-11-13');
  });

  it('majors outside the data', () => {
    const old = majorEol(9.5, TODAY);
    assert.deepEqual([old.known, old.eol, old.eolDate], [false, true, undefined]);
    const future = majorEol(25, TODAY);
    assert.deepEqual([future.known, future.eol], [false, false]);
  });
});

describe('outdatedMinor (PGW407)', () => {
  it('15.3 on 2026-12-03: outdated, CVEs fixed since listed, severity from the highest score', () => {
    const r = outdatedMinor('15.3', TODAY);
    assert.equal(r.ruleId, RULE_OUTDATED_MINOR);
    assert.equal(r.status, 'outdated');
    assert.equal(r.outdated, true);
    assert.equal(r.newestMinor, '15.19');
    assert.equal(r.newestMinorDate, '2026-08-13');
    assert.equal(r.minorsBehind, 16);
    const ids = r.cvesFixedSince.map((c) => c.id);
    assert.ok(ids.includes('CVE-2023-39417'), 'fixed in 15.4');
    assert.ok(ids.includes('CVE-2026-14662'), 'fixed in 15.19');
    assert.ok(!ids.includes('CVE-2023-2454'), 'fixed in 15.3 itself: not listed');
    assert.ok(!ids.includes('CVE-2026-14676'), '18-only CVE: not listed');
    for (const c of r.cvesFixedSince) {
      assert.ok(minorOf(c.fixedIn) > 3 && minorOf(c.fixedIn) <= 19, `${c.id} ${c.fixedIn}`);
      assert.ok(c.fixedIn.startsWith('15.'));
      assert.ok(c.summary.length > 0);
    }
    const expected = PG_CVES.filter((c) => {
      const f = c.fixedIn['15'];
      return f !== undefined && minorOf(f) > 3 && c.component !== 'installer';
    }).length;
    assert.equal(r.cvesFixedSince.length, expected);
    const highest = Math.max(...r.cvesFixedSince.map((c) => c.score));
    assert.equal(r.highestScore, highest);
    assert.equal(r.severity, severityFromScore(highest));
    assert.equal(r.severity, 'high');
    const scores = r.cvesFixedSince.map((c) => c.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
      'sorted by score, highest first',
    );
    assert.ok(
      r.notes.some((n) => n.includes('2026-11-12')),
      'mentions the scheduled release the data misses',
    );
  });

  it('14.9 on 2026-12-03: outdated against the final known 14.24', () => {
    const r = outdatedMinor('14.9', TODAY);
    assert.equal(r.outdated, true);
    assert.equal(r.newestMinor, '14.24');
    assert.ok(r.cvesFixedSince.length > 0);
  });

  it('a current newest minor is not outdated', () => {
    for (const v of ['18.6', '17.11', '16.15', '15.19', '14.24', '13.23', '9.6.24']) {
      const r = outdatedMinor(v, TODAY);
      assert.equal(r.status, 'current', v);
      assert.equal(r.outdated, false, v);
      assert.deepEqual(r.cvesFixedSince, [], v);
      assert.equal(r.severity, 'low', v);
      assert.equal(r.highestScore, undefined, v);
    }
  });

  it('judges by the newest minor released on or before today', () => {
    const before = outdatedMinor('18.4', '2026-06-01');
    assert.equal(before.status, 'current');
    const after = outdatedMinor('18.4', '2026-08-13');
    assert.equal(after.status, 'outdated');
    assert.equal(after.newestMinor, '18.6');
    assert.ok(after.cvesFixedSince.every((c) => c.fixReleaseDate <= '2026-08-13'));
  });

  it('a floating tag is judged as the newest minor it resolves to today, and says so', () => {
    const r = outdatedMinor('16', TODAY);
    assert.equal(r.status, 'floating');
    assert.equal(r.outdated, false);
    assert.equal(r.judgedVersion, '16.15');
    assert.ok(r.notes.some((n) => /floating tag 16: judged as 16\.15/.test(n)));
    const resolved = resolvePgVersion('postgres:16-alpine', { today: TODAY });
    assert.ok(!resolved.unresolvable);
    assert.equal(outdatedMinor(resolved, TODAY).status, 'floating');
  });

  it('a major-only version that does not float has an unknown minor', () => {
    const pinned = resolvePgVersion('timescale/timescaledb:2.14.2-pg16', { today: TODAY });
    assert.ok(!pinned.unresolvable);
    const r = outdatedMinor(pinned, TODAY);
    assert.equal(r.status, 'unknown-minor');
    assert.equal(r.outdated, false);
    assert.equal(r.newestMinor, '16.15');
  });

  it('pre-releases are reported with a prerelease flag', () => {
    const r = outdatedMinor('19beta3', TODAY);
    assert.equal(r.status, 'prerelease');
    assert.equal(r.prerelease, 'beta3');
    assert.equal(r.outdated, false);
    assert.deepEqual(r.cvesFixedSince, []);
    assert.ok(r.notes.some((n) => /19\.0 release date is not in pgwarden's data/.test(n)));
    const older = outdatedMinor('19beta1', TODAY);
    assert.equal(older.outdated, true, 'a newer beta exists');
    const afterGa = outdatedMinor('16rc1', TODAY);
    assert.equal(afterGa.outdated, true, '16 has been released');
    assert.equal(afterGa.newestMinor, '16.15');
  });

  it('18.5 (never published) is flagged and compared with 18.6', () => {
    const r = outdatedMinor('18.5', TODAY);
    assert.equal(r.status, 'outdated');
    assert.ok(r.notes.some((n) => /never published/.test(n)));
    assert.ok(r.cvesFixedSince.some((c) => c.fixedIn === '18.6'));
  });

  it('a minor newer than the data is not called outdated', () => {
    const r = outdatedMinor('15.20', TODAY);
    assert.equal(r.status, 'newer-than-data');
    assert.equal(r.outdated, false);
  });

  it('the Windows-installer CVE is never listed for images', () => {
    const r = outdatedMinor('12.2', TODAY);
    assert.ok(r.cvesFixedSince.length > 0);
    assert.ok(!r.cvesFixedSince.some((c) => c.id === 'CVE-2020-10733'));
  });

  it('says when CVEs before the data coverage are missing', () => {
    const r = outdatedMinor('10.5', TODAY);
    assert.equal(r.outdated, true);
    assert.ok(r.notes.some((n) => /CVEs fixed before 2020-02-13/.test(n)));
  });

  it('unknown majors and bad input', () => {
    assert.equal(outdatedMinor('25.1', TODAY).status, 'unknown-major');
    assert.throws(() => outdatedMinor('banana', TODAY), RangeError);
    assert.throws(() => outdatedMinor('15.3', '03/12/2026'), RangeError);
  });
});

describe('severityFromScore', () => {
  const cases: Array<[number | undefined, string]> = [
    [10, 'critical'],
    [9, 'critical'],
    [8.9, 'high'],
    [7, 'high'],
    [6.9, 'medium'],
    [0.1, 'medium'],
    [undefined, 'low'],
  ];
  for (const [score, sev] of cases) {
    it(`${String(score)} → ${sev}`, () => assert.equal(severityFromScore(score), sev));
  }
});

describe('data age', () => {
  it('counts days from the data date', () => {
    assert.equal(DATA_CURRENT_TO, '2026-08-13');
    assert.equal(dataAge('2026-08-13'), 0);
    assert.equal(dataAge(TODAY), 112);
    assert.equal(dataAge('2026-08-01'), -12);
  });

  it('is stale after 120 days', () => {
    assert.equal(isDataStale(TODAY), false);
    assert.equal(isDataStale('2026-12-11'), false);
    assert.equal(isDataStale('2026-12-12'), true);
    assert.equal(isDataStale(TODAY, 30), true);
  });

  it('lists scheduled releases the data does not cover', () => {
    assert.deepEqual(missedScheduledReleases('2026-11-11'), []);
    assert.deepEqual(missedScheduledReleases(TODAY), ['2026-11-12']);
    assert.deepEqual(missedScheduledReleases('2027-03-01'), ['2026-11-12', '2027-02-11']);
    const f = dataFreshness(TODAY);
    assert.deepEqual([f.currentTo, f.ageDays, f.stale], ['2026-08-13', 112, false]);
  });
});

describe('describeVersion / formatAdvisoryText', () => {
  it('15.3 on 2026-12-03', () => {
    const a = describeVersion('15.3', TODAY);
    assert.ok(!a.unresolvable);
    assert.equal(a.major, 15);
    assert.equal(a.minor, 3);
    assert.equal(a.eol, false);
    assert.equal(a.eolDate, '2027-11-11');
    assert.equal(a.newestMinor, '15.19');
    assert.equal(a.outdated, true);
    assert.equal(a.severity, 'high');
    assert.ok(a.cvesFixedSince.length > 10);
    assert.equal(a.dataCurrentTo, '2026-08-13');
    assert.deepEqual(
      a.findings.map((f) => f.ruleId),
      [RULE_OUTDATED_MINOR],
    );
    const text = formatAdvisoryText(a);
    assert.match(text, /^PostgreSQL 15\.3 on 2026-12-03/);
    assert.match(text, /supported until 2027-11-11/);
    assert.match(text, /Newest minor: 15\.19 \(released 2026-08-13\)/);
    assert.match(text, /CVE-2023-39417\s+7\.5\s+fixed in 15\.4/);
    assert.match(text, /Data: current to 2026-08-13 \(112 days old\)/);
  });

  it('14.9 on 2026-12-03 reports both end of life and outdated minor', () => {
    const a = describeVersion('14.9', TODAY);
    assert.ok(!a.unresolvable);
    assert.equal(a.eol, true);
    assert.equal(a.eolDate, '2026-11-12');
    assert.deepEqual(
      a.findings.map((f) => f.ruleId),
      [RULE_MAJOR_EOL, RULE_OUTDATED_MINOR],
    );
    assert.match(formatAdvisoryText(a), /END OF LIFE since 2026-11-12/);
  });

  it('accepts image references and bare tags', () => {
    const a = describeVersion('postgres:13.4-bullseye', TODAY);
    assert.ok(!a.unresolvable);
    assert.equal(a.version, '13.4');
    assert.equal(a.eol, true);
    assert.match(a.resolvedFrom ?? '', /13\.4-bullseye/);
    const latest = describeVersion('latest', TODAY);
    assert.ok(!latest.unresolvable);
    assert.equal(latest.major, 18);
    assert.equal(latest.minorRelease.status, 'floating');
  });

  it('unresolvable input gives a reason', () => {
    const a = describeVersion('redis:7', TODAY);
    assert.equal(a.unresolvable, true);
    assert.match(formatAdvisoryText(a), /not resolvable/);
  });

  it('marks stale data in the text', () => {
    const a = describeVersion('17.11', '2027-06-01');
    assert.ok(!a.unresolvable);
    assert.equal(a.data.stale, true);
    assert.match(formatAdvisoryText(a), /STALE/);
  });
});
