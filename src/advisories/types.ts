/**
 * Types of the shipped PostgreSQL version/CVE data (see pg-data.generated.ts) and of the advisory results.
 * Version conventions: a major is a string key ('9.6', '16'); a release version is 'MAJOR.MINOR'
 * ('9.6.24', '16.2'); pre-releases are 'MAJORbetaN' / 'MAJORrcN' ('19beta3').
 */

export type ReleaseKind = 'major' | 'cumulative' | 'out-of-cycle';

export interface PgRelease {
  /** e.g. '16.2', '9.6.24'. */
  readonly version: string;
  /** The last number of the version: 2 for '16.2', 24 for '9.6.24'. */
  readonly minor: number;
  /** Public release (announcement) date, ISO. */
  readonly date: string;
  readonly kind: ReleaseKind;
}

export interface PgPrerelease {
  /** e.g. '19beta1'. */
  readonly version: string;
  /** e.g. 'beta1'. */
  readonly label: string;
  readonly date: string;
}

/**
 * How the end-of-life date is known: 'final-release' = the final minor release is in the data;
 * 'announced' = date published by the PostgreSQL project (versioning policy page) but the final release is not
 * in the data yet; 'projected' = computed from the 5-year policy (second Thursday of November), not seen published.
 */
export type EolBasis = 'final-release' | 'announced' | 'projected';

export interface PgMajorRecord {
  /** '9.6', '10', ... '19'. */
  readonly major: string;
  /** Date of the x.0 release; undefined while the major only has pre-releases in the data. */
  readonly firstRelease?: string;
  /** End-of-life date (date of the final minor release, or the planned one). */
  readonly eolDate: string;
  readonly eolBasis: EolBasis;
  /** Final minor release, once it is in the data. */
  readonly finalMinor?: string;
  /** Published releases, oldest first. */
  readonly releases: readonly PgRelease[];
  readonly prereleases: readonly PgPrerelease[];
  /** Version numbers that were skipped (never published), with a short note. */
  readonly skipped: readonly { readonly version: string; readonly note: string }[];
  /** Short factual notes in our own words. */
  readonly notes: readonly string[];
}

/**
 * Which part of PostgreSQL a CVE is in. 'client' = libpq, psql, pg_dump and other client programs that ship in the
 * server image; 'installer' = the Windows installer (never applies to container images).
 */
export type CveComponent = 'server' | 'contrib' | 'client' | 'server+client' | 'installer';

export interface PgCveRecord {
  readonly id: string;
  /** CVSS v3 base score. */
  readonly score: number;
  /** Who assigned the score: 'PostgreSQL', 'NVD' or 'Red Hat'. */
  readonly scoreSource: string;
  readonly component: CveComponent;
  /** Finer area when known, e.g. 'libpq', 'PL/Perl', 'row security'. */
  readonly area?: string;
  /** Date of the release that fixed it. */
  readonly fixReleaseDate: string;
  /** First fixed version per major key, e.g. { '16': '16.2', '15': '15.6' }. */
  readonly fixedIn: Readonly<Record<string, string>>;
  /** True when majors already end-of-life at fix time (older than every key of fixedIn) are affected too. */
  readonly olderUnsupportedAffected: boolean;
  /** One line, our own words. */
  readonly summary: string;
}

export interface AdvisoryDataSet {
  /** Newest release date covered by the data (ISO). */
  readonly currentTo: string;
  readonly majors: readonly PgMajorRecord[];
  readonly cves: readonly PgCveRecord[];
  /** Minor-release dates announced in advance (release calendar), ISO, ascending. */
  readonly scheduledMinorReleases: readonly string[];
}

/** Severity bands used by the advisories; a subset of the scanner's severities. */
export type AdvisorySeverity = 'critical' | 'high' | 'medium' | 'low';
