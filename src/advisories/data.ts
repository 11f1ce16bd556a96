/**
 * Typed access to the shipped PostgreSQL release/CVE data and small version helpers.
 * Majors are numbers in the public API (9.6, 10, ..., 19); the data keys them as strings ('9.6', '10').
 */
import {
  DATA_COMPILED_ON,
  DATA_CURRENT_TO,
  PG_CVES,
  PG_MAJORS,
  SCHEDULED_MINOR_RELEASES,
} from './pg-data.generated.js';
import type { AdvisoryDataSet, PgMajorRecord, PgRelease } from './types.js';

export { DATA_COMPILED_ON, DATA_CURRENT_TO, PG_CVES, PG_MAJORS, SCHEDULED_MINOR_RELEASES };

/** The shipped data as one object (what validateAdvisoryData checks). */
export const ADVISORY_DATA: AdvisoryDataSet = {
  currentTo: DATA_CURRENT_TO,
  majors: PG_MAJORS,
  cves: PG_CVES,
  scheduledMinorReleases: SCHEDULED_MINOR_RELEASES,
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws unless `date` is a real calendar date written YYYY-MM-DD. */
export function assertIsoDate(date: string, what = 'date'): void {
  const m = ISO_DATE.exec(date);
  if (m === null) throw new RangeError(`${what} must be an ISO date (YYYY-MM-DD), got '${date}'`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== date) throw new RangeError(`${what} is not a valid date: '${date}'`);
}

/** Whole days from `from` to `to` (both ISO dates); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  assertIsoDate(from, 'from');
  assertIsoDate(to, 'to');
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** '9.6' for 9.6, '16' for 16. */
export function majorKey(major: number): string {
  return String(major);
}

export function getMajor(major: number): PgMajorRecord | undefined {
  const key = majorKey(major);
  return PG_MAJORS.find((m) => m.major === key);
}

/** Oldest and newest majors in the data (9.6 and 19 at the time of writing). */
export function knownMajorRange(): { oldest: number; newest: number } {
  const nums = PG_MAJORS.map((m) => Number(m.major));
  return { oldest: Math.min(...nums), newest: Math.max(...nums) };
}

/** Releases of `major` published on or before `today`, oldest first. */
export function releasesOn(major: number, today: string): PgRelease[] {
  return (getMajor(major)?.releases ?? []).filter((r) => r.date <= today);
}

/** Newest published release of `major` on `today`. */
export function newestReleaseOn(major: number, today: string): PgRelease | undefined {
  const list = releasesOn(major, today);
  return list[list.length - 1];
}

/** Newest major whose x.0 release is on or before `today` (what `latest` points to, as far as the data knows). */
export function newestMajorOn(today: string): PgMajorRecord | undefined {
  let best: PgMajorRecord | undefined;
  for (const m of PG_MAJORS) {
    if (m.firstRelease !== undefined && m.firstRelease <= today) {
      if (best === undefined || Number(m.major) > Number(best.major)) best = m;
    }
  }
  return best;
}

/** A PostgreSQL version as numbers: 15.3 → { major: 15, minor: 3 }; 9.6.24 → { major: 9.6, minor: 24 }. */
export interface PgVersion {
  major: number;
  minor?: number;
  /** 'beta3', 'rc1', ... */
  prerelease?: string;
}

/**
 * Parses a bare version string: '15.3', '16', '9.6', '9.6.24', '16.2.0' (third number ignored for 10+),
 * '19beta3', '12rc1'. Returns undefined for anything else.
 */
export function parsePgVersion(text: string): PgVersion | undefined {
  const m = /^(\d+(?:\.\d+)*?)(?:\.?(alpha|beta|rc)(\d+))?$/i.exec(text.trim());
  if (m === null || m[1] === undefined) return undefined;
  const parts = m[1].split('.').map(Number);
  const prerelease = m[2] !== undefined ? `${m[2].toLowerCase()}${m[3] ?? ''}` : undefined;
  return fromParts(parts, prerelease);
}

/** Shared rules: majors before 10 have two numbers (9.6), later ones one. */
export function fromParts(parts: number[], prerelease?: string): PgVersion | undefined {
  const [a, b, c] = parts;
  if (a === undefined || !Number.isInteger(a)) return undefined;
  let v: PgVersion;
  if (a >= 10) {
    v = { major: a, ...(b !== undefined ? { minor: b } : {}) };
  } else {
    if (b === undefined) return undefined;
    v = { major: Number(`${a}.${b}`), ...(c !== undefined ? { minor: c } : {}) };
  }
  if (prerelease !== undefined) {
    if (v.minor !== undefined) return undefined;
    v.prerelease = prerelease;
  }
  return v;
}

/** '15.3', '16', '9.6.24', '19beta3'. */
export function formatPgVersion(v: PgVersion): string {
  if (v.prerelease !== undefined) return `${majorKey(v.major)}${v.prerelease}`;
  return v.minor === undefined ? majorKey(v.major) : `${majorKey(v.major)}.${v.minor}`;
}

/** Minor number of a release version string of `major` ('15.19' → 19, '9.6.24' → 24). */
export function minorOf(version: string): number {
  const parts = version.split('.');
  return Number(parts[parts.length - 1]);
}
