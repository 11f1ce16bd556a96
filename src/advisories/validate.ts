/**
 * Consistency checks for the advisory data (used by scripts/data-check.ts and the tests).
 */
import type { AdvisoryDataSet, CveComponent } from './types.js';

export interface DataIssue {
  level: 'error' | 'warning';
  /** Where: 'major 15', 'CVE-2024-0985', 'data'. */
  subject: string;
  message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const COMPONENTS: readonly CveComponent[] = ['server', 'contrib', 'client', 'server+client', 'installer'];

function isIsoDate(s: string | undefined): s is string {
  if (s === undefined || !ISO_DATE.test(s)) return false;
  return new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** Returns every problem found; an empty list means the data is consistent. */
export function validateAdvisoryData(data: AdvisoryDataSet): DataIssue[] {
  const issues: DataIssue[] = [];
  const err = (subject: string, message: string): void => {
    issues.push({ level: 'error', subject, message });
  };
  const warn = (subject: string, message: string): void => {
    issues.push({ level: 'warning', subject, message });
  };

  if (!isIsoDate(data.currentTo)) err('data', `currentTo '${data.currentTo}' is not an ISO date`);

  const releaseIndex = new Map<string, { major: string; date: string }>();
  const seenMajors = new Set<string>();
  let previousMajor = -Infinity;
  for (const m of data.majors) {
    const subject = `major ${m.major}`;
    if (!/^\d+(\.\d+)?$/.test(m.major)) err(subject, 'major key must look like 16 or 9.6');
    if (seenMajors.has(m.major)) err(subject, 'duplicate major');
    seenMajors.add(m.major);
    if (Number(m.major) <= previousMajor) err(subject, 'majors are not in ascending order');
    previousMajor = Number(m.major);

    let prev: { minor: number; date: string; version: string } | undefined;
    for (const r of m.releases) {
      if (!r.version.startsWith(`${m.major}.`) || !/^\d+$/.test(r.version.slice(m.major.length + 1))) {
        err(subject, `release ${r.version} does not belong to major ${m.major}`);
      }
      if (Number(r.version.slice(m.major.length + 1)) !== r.minor) {
        err(subject, `release ${r.version} has minor ${r.minor}`);
      }
      if (!isIsoDate(r.date)) err(subject, `release ${r.version} has an invalid date '${r.date}'`);
      if (releaseIndex.has(r.version)) err(subject, `release ${r.version} is listed twice`);
      releaseIndex.set(r.version, { major: m.major, date: r.date });
      if (prev !== undefined) {
        if (r.minor <= prev.minor) err(subject, `release ${r.version} is not after ${prev.version}`);
        if (r.date < prev.date)
          err(subject, `release dates out of order: ${prev.version} ${prev.date} > ${r.version} ${r.date}`);
        for (let missing = prev.minor + 1; missing < r.minor; missing++) {
          const v = `${m.major}.${missing}`;
          if (!m.skipped.some((s) => s.version === v))
            warn(subject, `no release ${v} between ${prev.version} and ${r.version}`);
        }
      } else if (r.minor !== 0) {
        warn(subject, `first release listed is ${r.version}, not ${m.major}.0`);
      }
      prev = { minor: r.minor, date: r.date, version: r.version };
      if (isIsoDate(data.currentTo) && r.date > data.currentTo) {
        err(subject, `release ${r.version} (${r.date}) is after currentTo ${data.currentTo}`);
      }
    }

    const first = m.releases[0];
    if (m.firstRelease !== undefined) {
      if (!isIsoDate(m.firstRelease)) err(subject, `firstRelease '${m.firstRelease}' is not an ISO date`);
      if (first !== undefined && first.minor === 0 && first.date !== m.firstRelease) {
        err(subject, `firstRelease ${m.firstRelease} differs from the ${first.version} date ${first.date}`);
      }
    } else if (m.releases.length > 0) {
      err(subject, 'has releases but no firstRelease date');
    }

    if (!isIsoDate(m.eolDate)) {
      err(subject, `missing or invalid end-of-life date '${m.eolDate}'`);
    } else {
      if (m.firstRelease !== undefined && m.eolDate <= m.firstRelease)
        err(subject, 'end of life is before first release');
      if (m.eolBasis === 'final-release') {
        const final = m.releases.find((r) => r.version === m.finalMinor);
        if (m.finalMinor === undefined || final === undefined) {
          err(subject, `marked end of life but final release '${m.finalMinor ?? '(none)'}' is not among its releases`);
        } else {
          if (final !== m.releases[m.releases.length - 1])
            err(subject, `final release ${final.version} is not the last one`);
          if (final.date !== m.eolDate)
            err(subject, `final release ${final.version} (${final.date}) differs from eolDate ${m.eolDate}`);
        }
      } else if (m.eolBasis === 'announced' || m.eolBasis === 'projected') {
        if (m.finalMinor !== undefined) err(subject, `has final release ${m.finalMinor} but eolBasis '${m.eolBasis}'`);
        if (isIsoDate(data.currentTo) && m.eolDate <= data.currentTo) {
          err(
            subject,
            `planned end of life ${m.eolDate} is not after currentTo ${data.currentTo}; add the final release`,
          );
        }
      } else {
        err(subject, `unknown eolBasis '${String(m.eolBasis)}'`);
      }
    }

    let prevPre: string | undefined;
    for (const p of m.prereleases) {
      if (!isIsoDate(p.date)) err(subject, `pre-release ${p.version} has an invalid date`);
      if (p.version !== `${m.major}${p.label}` || !/^(alpha|beta|rc)\d+$/.test(p.label)) {
        err(subject, `pre-release ${p.version} / '${p.label}' is malformed`);
      }
      if (prevPre !== undefined && p.date < prevPre) err(subject, `pre-release dates out of order at ${p.version}`);
      if (m.firstRelease !== undefined && p.date > m.firstRelease)
        err(subject, `pre-release ${p.version} is after the x.0 release`);
      prevPre = p.date;
    }
    if (m.releases.length === 0 && m.prereleases.length === 0) warn(subject, 'has no releases at all');
  }

  const seenCves = new Set<string>();
  for (const c of data.cves) {
    const subject = c.id;
    if (!CVE_ID.test(c.id)) err(subject, 'malformed CVE id');
    if (seenCves.has(c.id)) err(subject, 'duplicate CVE id');
    seenCves.add(c.id);
    if (!Number.isFinite(c.score) || c.score < 0 || c.score > 10) err(subject, `score ${c.score} is outside 0-10`);
    if (!COMPONENTS.includes(c.component)) err(subject, `unknown component '${String(c.component)}'`);
    if (!isIsoDate(c.fixReleaseDate)) err(subject, `invalid fixReleaseDate '${c.fixReleaseDate}'`);
    if (c.summary.trim() === '' || c.summary.includes('\n') || c.summary.length > 200) {
      err(subject, 'summary must be one non-empty line of at most 200 characters');
    }
    const fixed = Object.entries(c.fixedIn);
    if (fixed.length === 0) err(subject, 'no fixed-in versions');
    for (const [major, version] of fixed) {
      if (!seenMajors.has(major)) {
        err(subject, `fixed in ${version} for major ${major}, which is not in the release data`);
        continue;
      }
      const rel = releaseIndex.get(version);
      if (rel === undefined || rel.major !== major) {
        err(subject, `fixed-in version ${version} is not a release of major ${major}`);
      } else if (rel.date !== c.fixReleaseDate) {
        err(subject, `fixed-in ${version} was released ${rel.date}, not on fixReleaseDate ${c.fixReleaseDate}`);
      }
    }
  }

  let prevScheduled: string | undefined;
  for (const d of data.scheduledMinorReleases) {
    if (!isIsoDate(d)) err('data', `scheduled release date '${d}' is not an ISO date`);
    if (prevScheduled !== undefined && d <= prevScheduled) err('data', 'scheduled release dates are not ascending');
    prevScheduled = d;
  }
  return issues;
}

/** One line per issue: 'error: CVE-2024-0985: ...'. */
export function formatDataIssues(issues: readonly DataIssue[]): string {
  return issues.map((i) => `${i.level}: ${i.subject}: ${i.message}`).join('\n');
}
