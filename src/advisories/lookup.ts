/**
 * Version advisories from the shipped data:
 *   PGW406 — the major is past end of life on the scan date;
 *   PGW407 — a newer minor of the major exists; lists the CVEs fixed since the deployed minor.
 * `today` (ISO date) is always passed in by the caller; nothing here reads the clock.
 */
import {
  DATA_COMPILED_ON,
  DATA_CURRENT_TO,
  PG_CVES,
  SCHEDULED_MINOR_RELEASES,
  assertIsoDate,
  daysBetween,
  formatPgVersion,
  getMajor,
  knownMajorRange,
  majorKey,
  minorOf,
  newestReleaseOn,
  parsePgVersion,
  releasesOn,
  type PgVersion,
} from './data.js';
import { isResolved, resolvePgVersion, type VersionResolution } from './tags.js';
import type { AdvisorySeverity, CveComponent, EolBasis, PgCveRecord } from './types.js';

export const RULE_MAJOR_EOL = 'PGW406' as const;
export const RULE_OUTDATED_MINOR = 'PGW407' as const;
/** The data counts as stale when it is older than this many days on the scan date. */
export const STALE_AFTER_DAYS = 120;
/** CVEs fixed before this date are not in the data (it starts with the 2020-02-13 release). */
const CVE_COVERAGE_FROM = PG_CVES.reduce((a, c) => (c.fixReleaseDate < a ? c.fixReleaseDate : a), '9999-12-31');

/** Input accepted by the lookups: a version string ('15.3', '16', '19beta3') or a resolved version. */
export type VersionInput = string | (PgVersion & { floating?: boolean; exact?: boolean });

export interface CveRef {
  id: string;
  score: number;
  summary: string;
  /** First fixed version in the deployed major, e.g. '15.4'. */
  fixedIn: string;
  fixReleaseDate: string;
  component: CveComponent;
}

export interface MajorEolResult {
  ruleId: typeof RULE_MAJOR_EOL;
  major: number;
  /** The major is in pgwarden's data. */
  known: boolean;
  /** Past (or on) its end-of-life date on `today`. */
  eol: boolean;
  eolDate?: string;
  eolBasis?: EolBasis;
  /** Days since end of life (when eol) or until it (when not). */
  daysPastEol?: number;
  daysUntilEol?: number;
  finalMinor?: string;
  /**
   * CVEs fixed only in newer majors whose records say all older versions are affected too (never fixed here).
   * Upper bound: a CVE in a feature newer than this major is still listed when its record says so.
   */
  unfixedCves: CveRef[];
  note: string;
}

export type MinorStatus =
  /** Deployed minor is the newest known on the date. */
  | 'current'
  /** A newer minor exists. */
  | 'outdated'
  /** Floating tag: judged as the newest minor it resolves to on the date. */
  | 'floating'
  /** The minor is not known (PG_MAJOR only, derived image pinned to its own release, tag pinned by digest). */
  | 'unknown-minor'
  /** Pre-release build (beta/rc). */
  | 'prerelease'
  /** The deployed minor is newer than anything in the data (data is behind). */
  | 'newer-than-data'
  /** Major not in the data. */
  | 'unknown-major';

export interface OutdatedMinorResult {
  ruleId: typeof RULE_OUTDATED_MINOR;
  major: number;
  /** Version judged: '15.3'; for floating tags the newest minor they resolve to. */
  judgedVersion: string;
  status: MinorStatus;
  /** True when a newer minor (or, for pre-releases, a newer build) exists on the date. */
  outdated: boolean;
  newestMinor?: string;
  newestMinorDate?: string;
  /** Number of minor releases between the deployed and the newest minor. */
  minorsBehind?: number;
  cvesFixedSince: CveRef[];
  /** Highest CVSS score among cvesFixedSince (undefined when there are none). */
  highestScore?: number;
  severity: AdvisorySeverity;
  prerelease?: string;
  notes: string[];
}

export interface DataFreshness {
  currentTo: string;
  compiledOn: string;
  ageDays: number;
  stale: boolean;
  /** Scheduled release dates between the data's end and `today` that the data does not cover. */
  missedScheduledReleases: string[];
}

export interface AdvisoryFinding {
  ruleId: typeof RULE_MAJOR_EOL | typeof RULE_OUTDATED_MINOR;
  severity: AdvisorySeverity;
  message: string;
}

export interface VersionAdvisory {
  unresolvable?: false;
  input: string;
  today: string;
  /** '15.3', '16', '19beta3'. */
  version: string;
  major: number;
  minor?: number;
  prerelease?: string;
  /** How an image reference was read. */
  resolvedFrom?: string;
  /** Summary: the major is past end of life on `today`. */
  eol: boolean;
  eolDate?: string;
  /** Summary: newest minor of the major on `today`. */
  newestMinor?: string;
  outdated: boolean;
  cvesFixedSince: CveRef[];
  highestScore?: number;
  severity: AdvisorySeverity;
  dataCurrentTo: string;
  /** Details. */
  endOfLife: MajorEolResult;
  minorRelease: OutdatedMinorResult;
  data: DataFreshness;
  findings: AdvisoryFinding[];
}

export interface UnresolvableAdvisory {
  unresolvable: true;
  input: string;
  today: string;
  reason: string;
  data: DataFreshness;
}

/** ≥ 9 critical, ≥ 7 high, any other score medium; no CVE low. */
export function severityFromScore(score: number | undefined): AdvisorySeverity {
  if (score === undefined) return 'low';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  return 'medium';
}

function toVersion(input: VersionInput): (PgVersion & { floating?: boolean }) | undefined {
  if (typeof input !== 'string') return input;
  const v = parsePgVersion(input);
  if (v === undefined) return undefined;
  return v.minor === undefined && v.prerelease === undefined ? { ...v, floating: true } : v;
}

function cveRef(c: PgCveRecord, fixedIn: string): CveRef {
  return {
    id: c.id,
    score: c.score,
    summary: c.summary,
    fixedIn,
    fixReleaseDate: c.fixReleaseDate,
    component: c.component,
  };
}

function byScoreThenId(a: CveRef, b: CveRef): number {
  return b.score - a.score || a.fixReleaseDate.localeCompare(b.fixReleaseDate) || a.id.localeCompare(b.id);
}

/** Applies to container images: everything but the Windows installer. */
function appliesToImages(c: PgCveRecord): boolean {
  return c.component !== 'installer';
}

/** PGW406: is `major` past end of life on `today`? */
export function majorEol(major: number | string, today: string): MajorEolResult {
  assertIsoDate(today, 'today');
  const num = typeof major === 'number' ? major : Number(major);
  const rec = getMajor(num);
  const range = knownMajorRange();
  if (rec === undefined) {
    if (num < range.oldest) {
      return {
        ruleId: RULE_MAJOR_EOL,
        major: num,
        known: false,
        eol: true,
        unfixedCves: [],
        note: `${majorKey(num)} is older than the oldest major in pgwarden's data (${majorKey(range.oldest)}), all of which are past end of life`,
      };
    }
    return {
      ruleId: RULE_MAJOR_EOL,
      major: num,
      known: false,
      eol: false,
      unfixedCves: [],
      note: `${majorKey(num)} is not in pgwarden's data (current to ${DATA_CURRENT_TO}); end of life unknown`,
    };
  }
  const eol = today >= rec.eolDate;
  const unfixed: CveRef[] = [];
  if (eol) {
    for (const c of PG_CVES) {
      if (!appliesToImages(c) || !c.olderUnsupportedAffected) continue;
      const majors = Object.keys(c.fixedIn).map(Number);
      if (majors.length > 0 && Math.min(...majors) > num && c.fixReleaseDate <= today) unfixed.push(cveRef(c, 'never'));
    }
    unfixed.sort(byScoreThenId);
  }
  const notes: string[] = [];
  if (eol) {
    notes.push(
      rec.finalMinor !== undefined
        ? `${rec.major} reached end of life on ${rec.eolDate} with ${rec.finalMinor}`
        : `${rec.major} reached end of life on ${rec.eolDate} (final release not in pgwarden's data)`,
    );
    if (unfixed.length > 0) {
      notes.push(
        `${unfixed.length} later CVE(s) are recorded as affecting all older versions too and will not be fixed`,
      );
    }
  } else {
    const how = rec.eolBasis === 'projected' ? 'projected from the 5-year policy' : 'announced';
    notes.push(`${rec.major} is supported until ${rec.eolDate} (${how})`);
  }
  const days = daysBetween(rec.eolDate, today);
  return {
    ruleId: RULE_MAJOR_EOL,
    major: num,
    known: true,
    eol,
    eolDate: rec.eolDate,
    eolBasis: rec.eolBasis,
    ...(eol ? { daysPastEol: days } : { daysUntilEol: -days }),
    ...(rec.finalMinor !== undefined ? { finalMinor: rec.finalMinor } : {}),
    unfixedCves: unfixed,
    note: notes.join('; '),
  };
}

/**
 * PGW407: does a newer minor of the deployed major exist on `today`, and which CVEs were fixed since?
 * Floating tags ('16') are judged as the newest minor they resolve to on `today`.
 */
export function outdatedMinor(version: VersionInput, today: string): OutdatedMinorResult {
  assertIsoDate(today, 'today');
  const v = toVersion(version);
  if (v === undefined) throw new RangeError(`not a PostgreSQL version: '${String(version)}'`);
  const notes: string[] = [];
  const base = {
    ruleId: RULE_OUTDATED_MINOR,
    major: v.major,
    cvesFixedSince: [] as CveRef[],
    severity: 'low' as AdvisorySeverity,
    notes,
  };
  const rec = getMajor(v.major);
  if (rec === undefined) {
    notes.push(`major ${majorKey(v.major)} is not in pgwarden's data`);
    return { ...base, judgedVersion: formatPgVersion(v), status: 'unknown-major', outdated: false };
  }
  const missed = rec.finalMinor === undefined ? missedScheduledReleases(today) : [];
  if (missed.length > 0) {
    notes.push(
      `the data ends on ${DATA_CURRENT_TO}; scheduled release(s) on ${missed.join(', ')} are not covered, ` +
        `so a newer minor and more fixed CVEs may exist`,
    );
  }
  const newest = newestReleaseOn(v.major, today);
  const newestFields = newest !== undefined ? { newestMinor: newest.version, newestMinorDate: newest.date } : {};

  if (v.prerelease !== undefined) {
    const pres = rec.prereleases.filter((p) => p.date <= today);
    const latestPre = pres[pres.length - 1];
    const newerPre =
      latestPre !== undefined && latestPre.label !== v.prerelease && pres.some((p) => p.label === v.prerelease);
    const outdated = newest !== undefined || newerPre;
    notes.push(`${formatPgVersion(v)} is a pre-release: not supported for production and not covered by CVE matching`);
    if (rec.firstRelease === undefined && today > DATA_CURRENT_TO) {
      notes.push(
        `the ${rec.major}.0 release date is not in pgwarden's data (ends ${DATA_CURRENT_TO}); it may have been released since`,
      );
    }
    if (newest !== undefined)
      notes.push(`${rec.major} has been released; newest minor on ${today} is ${newest.version}`);
    else if (newerPre && latestPre !== undefined) notes.push(`a newer pre-release exists: ${latestPre.version}`);
    return {
      ...base,
      ...newestFields,
      judgedVersion: formatPgVersion(v),
      status: 'prerelease',
      outdated,
      prerelease: v.prerelease,
    };
  }

  if (newest === undefined) {
    notes.push(`no ${rec.major}.x release is known on ${today}`);
    return { ...base, judgedVersion: formatPgVersion(v), status: 'unknown-minor', outdated: false };
  }

  if (v.minor === undefined) {
    if (v.floating === true) {
      notes.push(
        `floating tag ${majorKey(v.major)}: judged as ${newest.version}, the newest minor on ${today}; ` +
          `an image pulled earlier may be older (pin a digest and check PG_VERSION)`,
      );
      return { ...base, ...newestFields, judgedVersion: newest.version, status: 'floating', outdated: false };
    }
    notes.push(`minor of ${majorKey(v.major)} unknown: read PG_VERSION from the image config or server_version_num`);
    return { ...base, ...newestFields, judgedVersion: majorKey(v.major), status: 'unknown-minor', outdated: false };
  }

  const judged = formatPgVersion(v);
  const published = releasesOn(v.major, today);
  if (rec.skipped.some((s) => s.version === judged)) {
    notes.push(`${judged} was never published as an official release`);
  } else if (!rec.releases.some((r) => r.minor === v.minor)) {
    notes.push(`${judged} is not a release known to pgwarden`);
  } else if (!published.some((r) => r.minor === v.minor)) {
    notes.push(`${judged} was released after ${today}`);
  }
  if (v.minor > newest.minor) {
    notes.push(`${judged} is newer than the newest minor in pgwarden's data on ${today} (${newest.version})`);
    return { ...base, ...newestFields, judgedVersion: judged, status: 'newer-than-data', outdated: false };
  }
  if (v.minor === newest.minor) {
    return { ...base, ...newestFields, judgedVersion: judged, status: 'current', outdated: false, minorsBehind: 0 };
  }
  const key = majorKey(v.major);
  const deployedMinor = v.minor;
  const cves: CveRef[] = [];
  for (const c of PG_CVES) {
    const fixed = c.fixedIn[key];
    if (fixed === undefined || !appliesToImages(c)) continue;
    const fixedMinor = minorOf(fixed);
    if (fixedMinor > deployedMinor && fixedMinor <= newest.minor && c.fixReleaseDate <= today)
      cves.push(cveRef(c, fixed));
  }
  cves.sort(byScoreThenId);
  const deployedRelease = rec.releases.find((r) => r.minor === v.minor);
  if (deployedRelease !== undefined && deployedRelease.date < CVE_COVERAGE_FROM) {
    notes.push(`CVEs fixed before ${CVE_COVERAGE_FROM} are not in pgwarden's data`);
  }
  const highestScore = cves.length > 0 ? Math.max(...cves.map((c) => c.score)) : undefined;
  return {
    ...base,
    ...newestFields,
    judgedVersion: judged,
    status: 'outdated',
    outdated: true,
    minorsBehind: published.filter((r) => r.minor > deployedMinor).length,
    cvesFixedSince: cves,
    ...(highestScore !== undefined ? { highestScore } : {}),
    severity: severityFromScore(highestScore),
  };
}

/** Days between the data's current-to date and `today`. */
export function dataAge(today: string): number {
  return daysBetween(DATA_CURRENT_TO, today);
}

/** True when the data is older than `maxAgeDays` (default 120) on `today`. */
export function isDataStale(today: string, maxAgeDays = STALE_AFTER_DAYS): boolean {
  return dataAge(today) > maxAgeDays;
}

/** Scheduled minor-release dates after the data's end and on or before `today`. */
export function missedScheduledReleases(today: string): string[] {
  assertIsoDate(today, 'today');
  return SCHEDULED_MINOR_RELEASES.filter((d) => d > DATA_CURRENT_TO && d <= today);
}

export function dataFreshness(today: string): DataFreshness {
  return {
    currentTo: DATA_CURRENT_TO,
    compiledOn: DATA_COMPILED_ON,
    ageDays: dataAge(today),
    stale: isDataStale(today),
    missedScheduledReleases: missedScheduledReleases(today),
  };
}

/**
 * Everything pgwarden knows about a version on `today` (for `pgwarden advisories 15.3`). Accepts a version
 * ('15.3', '16', '9.6.24', '19beta3'), an image reference ('postgres:15.3-alpine') or a resolved version.
 */
export function describeVersion(
  input: string | VersionResolution,
  today: string,
): VersionAdvisory | UnresolvableAdvisory {
  assertIsoDate(today, 'today');
  const data = dataFreshness(today);
  let v: (PgVersion & { floating?: boolean }) | undefined;
  let resolvedFrom: string | undefined;
  let inputText: string;
  if (typeof input === 'string') {
    inputText = input.trim();
    v = toVersion(inputText);
    if (v === undefined) {
      // A bare tag ('latest', '16-alpine') is read as a tag of the official image.
      const ref = /[:/@]/.test(inputText) ? inputText : `postgres:${inputText}`;
      const r = resolvePgVersion(ref, { today });
      if (!isResolved(r)) return { unresolvable: true, input: inputText, today, reason: r.reason, data };
      v = r;
      resolvedFrom = r.reason;
    }
  } else {
    inputText = isResolved(input) ? input.version : '(unresolvable)';
    if (!isResolved(input)) return { unresolvable: true, input: inputText, today, reason: input.reason, data };
    v = input;
    resolvedFrom = input.reason;
  }
  const eol = majorEol(v.major, today);
  const minor = outdatedMinor(v, today);
  const findings: AdvisoryFinding[] = [];
  if (eol.eol) {
    findings.push({
      ruleId: RULE_MAJOR_EOL,
      severity: 'high',
      message:
        eol.eolDate !== undefined
          ? `PostgreSQL ${majorKey(v.major)} reached end of life on ${eol.eolDate} and gets no more security fixes`
          : `PostgreSQL ${majorKey(v.major)} is past end of life and gets no more security fixes`,
    });
  }
  if (minor.outdated) {
    const cveText =
      minor.cvesFixedSince.length > 0
        ? `; ${minor.cvesFixedSince.length} CVE(s) fixed since (highest CVSS ${minor.highestScore ?? 0})`
        : '';
    findings.push({
      ruleId: RULE_OUTDATED_MINOR,
      severity: minor.severity,
      message:
        minor.status === 'prerelease'
          ? `pre-release ${minor.judgedVersion} in use; newer build available${minor.newestMinor !== undefined ? ` (${minor.newestMinor})` : ''}`
          : `PostgreSQL ${minor.judgedVersion} is outdated: newest ${majorKey(v.major)}.x on ${today} is ${minor.newestMinor ?? '?'}${cveText}`,
    });
  }
  return {
    input: inputText,
    today,
    version: formatPgVersion(v),
    major: v.major,
    ...(v.minor !== undefined ? { minor: v.minor } : {}),
    ...(v.prerelease !== undefined ? { prerelease: v.prerelease } : {}),
    ...(resolvedFrom !== undefined ? { resolvedFrom } : {}),
    eol: eol.eol,
    ...(eol.eolDate !== undefined ? { eolDate: eol.eolDate } : {}),
    ...(minor.newestMinor !== undefined ? { newestMinor: minor.newestMinor } : {}),
    outdated: minor.outdated,
    cvesFixedSince: minor.cvesFixedSince,
    ...(minor.highestScore !== undefined ? { highestScore: minor.highestScore } : {}),
    severity: minor.severity,
    dataCurrentTo: DATA_CURRENT_TO,
    endOfLife: eol,
    minorRelease: minor,
    data,
    findings,
  };
}

/** Readable multi-line text for `pgwarden advisories`. */
export function formatAdvisoryText(a: VersionAdvisory | UnresolvableAdvisory): string {
  const lines: string[] = [];
  if (a.unresolvable === true) {
    lines.push(`${a.input}: version not resolvable (${a.reason})`);
  } else {
    const m = a.minorRelease;
    lines.push(`PostgreSQL ${a.version} on ${a.today}`);
    if (a.resolvedFrom !== undefined) lines.push(`  Resolved: ${a.resolvedFrom}`);
    const e = a.endOfLife;
    if (!e.known) {
      lines.push(`  Major ${majorKey(a.major)}: ${e.note}`);
    } else if (e.eol) {
      const final = e.finalMinor !== undefined ? `final release ${e.finalMinor}` : 'final release not in the data';
      lines.push(
        `  Major ${majorKey(a.major)}: END OF LIFE since ${e.eolDate ?? '?'} (${e.daysPastEol ?? 0} days; ${final}) [${e.ruleId}]`,
      );
      if (e.unfixedCves.length > 0) {
        lines.push(
          `    ${e.unfixedCves.length} later CVE(s) are recorded as affecting all older versions; never fixed here`,
        );
      }
    } else {
      const how = e.eolBasis === 'projected' ? ', projected' : '';
      lines.push(
        `  Major ${majorKey(a.major)}: supported until ${e.eolDate ?? '?'} (${e.daysUntilEol ?? 0} days left${how})`,
      );
    }
    if (m.newestMinor !== undefined) {
      lines.push(`  Newest minor: ${m.newestMinor} (released ${m.newestMinorDate ?? '?'})`);
    }
    switch (m.status) {
      case 'outdated':
        lines.push(
          `  Outdated [${m.ruleId}, ${m.severity}]: ${m.minorsBehind ?? '?'} minor release(s) behind; ` +
            `${m.cvesFixedSince.length} CVE(s) fixed since ${m.judgedVersion}` +
            (m.highestScore !== undefined ? `, highest CVSS ${m.highestScore}` : ''),
        );
        for (const c of m.cvesFixedSince) {
          lines.push(
            `    ${c.id.padEnd(15)} ${c.score.toFixed(1)}  fixed in ${c.fixedIn.padEnd(7)} ${c.component.padEnd(13)} ${c.summary}`,
          );
        }
        break;
      case 'current':
        lines.push('  Up to date: this is the newest known minor');
        break;
      case 'prerelease':
        lines.push(`  Pre-release ${a.version}${m.outdated ? ' (a newer build exists)' : ''}`);
        break;
      default:
        break;
    }
    for (const n of m.notes) lines.push(`  Note: ${n}`);
  }
  const d = a.data;
  const staleText = d.stale ? ' - STALE, refresh the data' : '';
  lines.push(`  Data: current to ${d.currentTo} (${d.ageDays} days old${staleText})`);
  return lines.join('\n');
}
