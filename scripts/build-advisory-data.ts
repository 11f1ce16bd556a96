/**
 * Builds src/advisories/pg-data.generated.ts from the PostgreSQL release/CVE research notes.
 *
 *   node dist/scripts/build-advisory-data.js [--from DIR] [--check]
 *
 * DIR holds pg-versions.json and pg-cves.json (default: ../shared/data relative to the repository root, or the
 * PGWARDEN_ADVISORY_SOURCE environment variable). Only facts are kept (versions, dates, CVE ids, scores, fixed-in
 * versions, component); CVE summaries and major notes come from data/cve-summaries.json and data/major-notes.json,
 * written for pgwarden. --check regenerates in memory and exits 1 if the committed file differs.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  CveComponent,
  EolBasis,
  PgCveRecord,
  PgMajorRecord,
  PgPrerelease,
  PgRelease,
  ReleaseKind,
} from '../src/advisories/types.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const OUT_FILE = join(REPO_ROOT, 'src', 'advisories', 'pg-data.generated.ts');
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function fail(message: string): never {
  throw new Error(message);
}

function obj(value: Json | undefined, what: string): JsonObject {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    fail(`${what}: expected an object`);
  }
  return value;
}

function arr(value: Json | undefined, what: string): Json[] {
  if (!Array.isArray(value)) fail(`${what}: expected an array`);
  return value;
}

function str(value: Json | undefined, what: string): string {
  if (typeof value !== 'string') fail(`${what}: expected a string`);
  return value;
}

function num(value: Json | undefined, what: string): number {
  if (typeof value !== 'number') fail(`${what}: expected a number`);
  return value;
}

function isoDate(value: Json | undefined, what: string): string {
  const s = str(value, what);
  if (!ISO_DATE.test(s)) fail(`${what}: expected an ISO date, got '${s}'`);
  return s;
}

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

/** Research component strings → our component/area. Unknown strings fail the build so they get mapped on purpose. */
const COMPONENTS: Record<string, { component: CveComponent; area?: string }> = {
  'core server': { component: 'server' },
  'core server (PL/Perl)': { component: 'server', area: 'PL/Perl' },
  'core server (RLS)': { component: 'server', area: 'row security' },
  'core server (RLS/MERGE)': { component: 'server', area: 'row security, MERGE' },
  'core server (SSL startup)': { component: 'server', area: 'SSL connection startup' },
  'core server (logical replication)': { component: 'server', area: 'logical replication' },
  'core server (planner statistics)': { component: 'server', area: 'planner statistics' },
  'core server / contrib extension scripts': { component: 'server', area: 'extension scripts' },
  'core server / extension scripts': { component: 'server', area: 'extension scripts' },
  'core server and libpq': { component: 'server+client', area: 'libpq' },
  'contrib module': { component: 'contrib' },
  client: { component: 'client' },
  'client (libpq)': { component: 'client', area: 'libpq' },
  'client (libpq escaping; psql)': { component: 'client', area: 'libpq, psql' },
  'client (libpq-based tools)': { component: 'client', area: 'libpq' },
  'client (pg_dump)': { component: 'client', area: 'pg_dump' },
  'client (pg_dump/psql)': { component: 'client', area: 'pg_dump, psql' },
  'client (pg_dump/psql) + restore target server': { component: 'client', area: 'pg_dump, psql' },
  'client (psql)': { component: 'client', area: 'psql' },
  'Windows installer (EDB) - not applicable to Docker images': { component: 'installer', area: 'Windows installer' },
};

function scoreSource(raw: string, id: string): string {
  if (raw.startsWith('NVD')) return 'NVD';
  if (raw.startsWith('PostgreSQL CNA') || raw.startsWith('postgresql.org')) return 'PostgreSQL';
  if (raw.startsWith('Red Hat')) return 'Red Hat';
  return fail(`${id}: unknown cvss_source '${raw}'`);
}

function releaseKind(raw: string, what: string): ReleaseKind {
  if (raw === 'major' || raw === 'cumulative' || raw === 'out-of-cycle') return raw;
  return fail(`${what}: unknown release_kind '${raw}'`);
}

function lastNumber(version: string): number {
  const parts = version.split('.');
  return Number(parts[parts.length - 1]);
}

export interface BuildResult {
  text: string;
  log: string[];
}

export function buildAdvisoryModule(
  versionsJson: Json,
  cvesJson: Json,
  summariesJson: Json,
  notesJson: Json,
): BuildResult {
  const log: string[] = [];
  const versions = obj(versionsJson, 'pg-versions.json');
  const cvesRoot = obj(cvesJson, 'pg-cves.json');
  const summaries = obj(summariesJson, 'data/cve-summaries.json');
  const notes = obj(notesJson, 'data/major-notes.json');
  const compiledOn = isoDate(versions.generated_at, 'pg-versions.json generated_at');

  const majors: PgMajorRecord[] = [];
  for (const [key, rawMajor] of Object.entries(obj(versions.majors, 'majors'))) {
    const m = obj(rawMajor, `majors.${key}`);
    const releases: PgRelease[] = arr(m.minors, `majors.${key}.minors`).map((raw, i) => {
      const r = obj(raw, `majors.${key}.minors[${i}]`);
      const version = str(r.version, `majors.${key}.minors[${i}].version`);
      return {
        version,
        minor: lastNumber(version),
        date: isoDate(r.release_date, `${version} release_date`),
        kind: releaseKind(str(r.release_kind, `${version} release_kind`), version),
      };
    });
    const prereleases: PgPrerelease[] = arr(m.prereleases ?? [], `majors.${key}.prereleases`).map((raw, i) => {
      const p = obj(raw, `majors.${key}.prereleases[${i}]`);
      const version = str(p.version, `majors.${key}.prereleases[${i}].version`);
      return { version, label: version.slice(key.length), date: isoDate(p.release_date, `${version} release_date`) };
    });
    const skipped = arr(m.not_released ?? [], `majors.${key}.not_released`).map((raw, i) => {
      const s = obj(raw, `majors.${key}.not_released[${i}]`);
      return { version: str(s.version, `majors.${key}.not_released[${i}].version`), note: 'never published' };
    });
    const eolRaw = str(m.eol_final_release, `majors.${key}.eol_final_release`);
    const eolDate = isoDate(eolRaw.slice(0, 10), `majors.${key}.eol_final_release`);
    const finalMinor = typeof m.final_minor === 'string' ? m.final_minor : undefined;
    const note = typeof m.note === 'string' ? m.note : '';
    let eolBasis: EolBasis = 'announced';
    if (finalMinor !== undefined) eolBasis = 'final-release';
    else if (/projected/i.test(eolRaw) || /NOT seen/.test(note)) eolBasis = 'projected';
    const firstRelease =
      typeof m.first_release === 'string' ? isoDate(m.first_release, `${key} first_release`) : undefined;
    const majorNotes = notes[key] === undefined ? [] : arr(notes[key], `major-notes ${key}`).map((n) => str(n, key));
    majors.push({
      major: key,
      ...(firstRelease !== undefined ? { firstRelease } : {}),
      eolDate,
      eolBasis,
      ...(finalMinor !== undefined ? { finalMinor } : {}),
      releases,
      prereleases,
      skipped,
      notes: majorNotes,
    });
  }
  majors.sort((a, b) => Number(a.major) - Number(b.major));
  const knownMajors = new Set(majors.map((m) => m.major));

  const cves: PgCveRecord[] = [];
  for (const [i, raw] of arr(cvesRoot.cves, 'cves').entries()) {
    const c = obj(raw, `cves[${i}]`);
    const id = str(c.id, `cves[${i}].id`);
    const componentRaw = str(c.component, `${id} component`);
    const mapped = COMPONENTS[componentRaw] ?? fail(`${id}: unmapped component '${componentRaw}'`);
    const fixedIn: Record<string, string> = {};
    const fixedEntries = Object.entries(obj(c.fixed_in, `${id} fixed_in`)).sort(([a], [b]) => Number(b) - Number(a));
    for (const [major, v] of fixedEntries) {
      const version = str(v, `${id} fixed_in.${major}`);
      if (!knownMajors.has(major)) {
        log.push(`${id}: dropped fixed_in ${major} -> ${version} (major ${major} is not in the release data)`);
        continue;
      }
      fixedIn[major] = version;
    }
    const summary = summaries[id];
    if (typeof summary !== 'string') fail(`${id}: no summary in data/cve-summaries.json`);
    cves.push({
      id,
      score: num(c.cvss_v3_base, `${id} cvss_v3_base`),
      scoreSource: scoreSource(str(c.cvss_source, `${id} cvss_source`), id),
      component: mapped.component,
      ...(mapped.area !== undefined ? { area: mapped.area } : {}),
      fixReleaseDate: isoDate(c.fix_release_date, `${id} fix_release_date`),
      fixedIn,
      olderUnsupportedAffected: c.older_unsupported_majors_also_affected === true,
      summary,
    });
  }
  cves.sort((a, b) => a.fixReleaseDate.localeCompare(b.fixReleaseDate) || cveOrder(a.id, b.id));
  const extraSummaries = Object.keys(summaries).filter((k) => !k.startsWith('_') && !cves.some((c) => c.id === k));
  for (const k of extraSummaries) log.push(`note: summary for ${k} has no CVE in the input`);

  const allDates = majors.flatMap((m) => [...m.releases.map((r) => r.date), ...m.prereleases.map((p) => p.date)]);
  const currentTo = allDates.reduce((a, b) => (b > a ? b : a), '0000-00-00');
  const upcoming = obj(versions.upcoming_scheduled_minor_releases, 'upcoming_scheduled_minor_releases');
  const scheduled = arr(upcoming.dates, 'upcoming_scheduled_minor_releases.dates')
    .map((d, i) => isoDate(d, `upcoming_scheduled_minor_releases.dates[${i}]`))
    .filter((d) => d > currentTo)
    .sort();

  const text = [
    '// GENERATED FILE - do not edit by hand.',
    '// Produced by scripts/build-advisory-data.ts from the PostgreSQL release and CVE research notes',
    `// (pg-versions.json, pg-cves.json, compiled ${compiledOn}) plus data/cve-summaries.json and data/major-notes.json.`,
    `// Data current to ${currentTo} (newest release covered). Refresh: see src/advisories/README.md.`,
    "import type { PgCveRecord, PgMajorRecord } from './types.js';",
    '',
    '/** Newest release date covered by the data (ISO). */',
    `export const DATA_CURRENT_TO = ${JSON.stringify(currentTo)};`,
    '/** Date the research notes were compiled (ISO). */',
    `export const DATA_COMPILED_ON = ${JSON.stringify(compiledOn)};`,
    '/** Scheduled minor-release dates after DATA_CURRENT_TO (release calendar). */',
    `export const SCHEDULED_MINOR_RELEASES: readonly string[] = ${JSON.stringify(scheduled)};`,
    `export const PG_MAJORS: readonly PgMajorRecord[] = ${JSON.stringify(majors)};`,
    `export const PG_CVES: readonly PgCveRecord[] = ${JSON.stringify(cves)};`,
    '',
  ].join('\n');
  return { text, log };
}

function cveOrder(a: string, b: string): number {
  const [, ya = '0', na = '0'] = a.split('-');
  const [, yb = '0', nb = '0'] = b.split('-');
  return Number(ya) - Number(yb) || Number(na) - Number(nb);
}

async function formatTs(text: string, filePath: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(filePath)) ?? {};
  return prettier.format(text, { ...options, parser: 'typescript', filepath: filePath });
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const fromIdx = argv.indexOf('--from');
  const fromArg = fromIdx >= 0 ? argv[fromIdx + 1] : undefined;
  const from = resolve(REPO_ROOT, fromArg ?? process.env.PGWARDEN_ADVISORY_SOURCE ?? join('..', 'shared', 'data'));
  const versionsPath = join(from, 'pg-versions.json');
  const cvesPath = join(from, 'pg-cves.json');
  if (!existsSync(versionsPath) || !existsSync(cvesPath)) {
    process.stderr.write(
      `build-advisory-data: pg-versions.json / pg-cves.json not found in ${from} (use --from DIR)\n`,
    );
    return 2;
  }
  const { text, log } = buildAdvisoryModule(
    readJson(versionsPath),
    readJson(cvesPath),
    readJson(join(REPO_ROOT, 'data', 'cve-summaries.json')),
    readJson(join(REPO_ROOT, 'data', 'major-notes.json')),
  );
  for (const line of log) process.stdout.write(`${line}\n`);
  const formatted = await formatTs(text, OUT_FILE);
  if (check) {
    const current = existsSync(OUT_FILE) ? readFileSync(OUT_FILE, 'utf8') : '';
    if (current !== formatted) {
      process.stderr.write('build-advisory-data: src/advisories/pg-data.generated.ts is out of date; rebuild it\n');
      return 1;
    }
    process.stdout.write('build-advisory-data: generated data is up to date\n');
    return 0;
  }
  writeFileSync(OUT_FILE, formatted);
  process.stdout.write(`build-advisory-data: wrote src/advisories/pg-data.generated.ts\n`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`build-advisory-data: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
