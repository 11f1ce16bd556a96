/**
 * Resolving the PostgreSQL version of a deployment from an image reference (tag), from the image's
 * PG_VERSION / PG_MAJOR environment, or from a live server's server_version(_num).
 */
import { parseImageRef, type ImageRef } from '../model/image.js';
import {
  DATA_CURRENT_TO,
  PG_MAJORS,
  assertIsoDate,
  formatPgVersion,
  fromParts,
  getMajor,
  newestMajorOn,
  type PgVersion,
} from './data.js';

export type VersionSource = 'tag' | 'env' | 'live';

/** Image families whose tags pgwarden knows how to read. */
export type ImageFamily =
  | 'official'
  | 'postgresql'
  | 'bitnami'
  | 'postgis'
  | 'timescaledb'
  | 'timescaledb-ha'
  | 'pgvector'
  | 'supabase'
  | 'crunchy'
  | 'derived';

export interface ResolvedVersion {
  unresolvable?: false;
  major: number;
  /** Undefined when the tag/input does not name a minor (floating tags, PG_MAJOR, pinned derived images). */
  minor?: number;
  /** The input names one specific build: a full major.minor, or a pre-release such as 19beta3. */
  exact: boolean;
  /** The tag moves to each new minor of its major (e.g. `16`, `16-alpine`, `latest`). */
  floating: boolean;
  /** 'beta3', 'rc1', ... for pre-release builds. */
  prerelease?: string;
  /** The tag is `latest`, `alpine` or a bare variant: "newest major known on the date". */
  latestAlias: boolean;
  source: VersionSource;
  /** Human-readable explanation of how the version was derived, including caveats. */
  reason: string;
  /** '15.3', '16', '9.6.24', '19beta3'. */
  version: string;
  /** Image variant named by the tag: 'bookworm', 'alpine3.18', 'alpine', ... */
  variant?: string;
  family?: ImageFamily;
  image?: ImageRef;
}

export interface Unresolvable {
  unresolvable: true;
  reason: string;
  image?: ImageRef;
}

export type VersionResolution = ResolvedVersion | Unresolvable;

export interface ResolveOptions {
  /** Scan date (ISO); decides what `latest` means. Defaults to the data's current-to date. */
  today?: string;
  /** Read tags of unknown repositories with the official image's scheme (e.g. a renamed mirror of `postgres`). */
  assumeOfficialScheme?: boolean;
}

export function isResolved(r: VersionResolution): r is ResolvedVersion {
  return r.unresolvable !== true;
}

const CURRENT_DEBIAN = ['trixie', 'bookworm'];
const FUTURE_DEBIAN = ['forky', 'duke'];
const RETIRED_DEBIAN = ['bullseye', 'buster', 'stretch', 'jessie', 'wheezy'];
/** Oldest alpine3.N still built (bare `alpine3.N` tags older than this stopped moving). */
const OLDEST_CURRENT_ALPINE_MINOR = 22;

const VERSION_TAG = /^(\d+(?:\.\d+)*)(?:-?(alpha|beta|rc)(\d+))?(?:-(.+))?$/;
const PG_MARKER = /(?:^|[-_])pg(\d+)(?:\.(\d+))?(?=$|[-_])/i;
const VARIANT = /^(alpine(?:\d+\.\d+)?|trixie|bookworm|bullseye|buster|stretch|jessie|forky)$/;

type Base = Pick<ResolvedVersion, 'source' | 'family' | 'image' | 'variant'>;

function make(
  v: PgVersion,
  base: Base,
  fields: { floating: boolean; latestAlias?: boolean; reason: string },
): ResolvedVersion {
  return {
    major: v.major,
    ...(v.minor !== undefined ? { minor: v.minor } : {}),
    exact: v.minor !== undefined || v.prerelease !== undefined,
    floating: fields.floating,
    ...(v.prerelease !== undefined ? { prerelease: v.prerelease } : {}),
    latestAlias: fields.latestAlias ?? false,
    source: base.source,
    reason: fields.reason,
    version: formatPgVersion(v),
    ...(base.variant !== undefined ? { variant: base.variant } : {}),
    ...(base.family !== undefined ? { family: base.family } : {}),
    ...(base.image !== undefined ? { image: base.image } : {}),
  };
}

function unresolvable(reason: string, image?: ImageRef): Unresolvable {
  return { unresolvable: true, reason, ...(image !== undefined ? { image } : {}) };
}

function plausible(v: PgVersion | undefined): v is PgVersion {
  if (v === undefined) return false;
  const okMajor = (v.major >= 6 && v.major < 10) || (Number.isInteger(v.major) && v.major >= 10 && v.major < 100);
  return okMajor && (v.minor === undefined || v.minor < 100);
}

/** What `latest` (and its relatives) means on `today`. */
function resolveLatest(base: Base, today: string, what: string, assumed: boolean): VersionResolution {
  const newest = newestMajorOn(today);
  if (newest === undefined) return unresolvable(`${what}: no PostgreSQL major is known on ${today}`, base.image);
  let reason =
    `${what} follows the newest major${assumed ? ' (assumed for this image)' : ''}; ` +
    `the newest major known on ${today} is ${newest.major} (floating: the minor is whatever was current at pull time)`;
  const pending = PG_MAJORS.find(
    (m) => Number(m.major) > Number(newest.major) && m.firstRelease === undefined && m.prereleases.length > 0,
  );
  const firstPre = pending?.prereleases[0];
  if (pending !== undefined && firstPre !== undefined && firstPre.date <= today && today > DATA_CURRENT_TO) {
    reason +=
      `; ${pending.major} was still in pre-release when pgwarden's data ends (${DATA_CURRENT_TO}), ` +
      `so if ${pending.major} has been released since, ${what} now means ${pending.major}`;
  }
  return make({ major: Number(newest.major) }, base, { floating: true, latestAlias: true, reason });
}

function digestNote(image: ImageRef): string {
  return image.digest !== undefined ? `; pinned by digest ${shortDigest(image.digest)}` : '';
}

function shortDigest(d: string): string {
  return d.length > 19 ? `${d.slice(0, 19)}…` : d;
}

/**
 * A floating tag pinned by digest no longer floats: the content is whatever the tag pointed to when pinned.
 */
function applyDigest(r: ResolvedVersion, image: ImageRef): ResolvedVersion {
  if (image.digest === undefined) return r;
  if (r.floating) {
    return {
      ...r,
      floating: false,
      reason: `${r.reason}; but pinned by digest ${shortDigest(image.digest)}, so the content is frozen at the ${r.version}.x minor that was current when it was pinned (unknown offline: read PG_VERSION from the image config)`,
    };
  }
  return { ...r, reason: `${r.reason}${digestNote(image)}` };
}

/** Tag scheme of the official image (and of plain `<version>[-suffix]` tags of close derivatives). */
function resolveOfficialTag(tag: string, base: Base, today: string, label: string): VersionResolution {
  const t = tag.toLowerCase();
  if (t === 'latest') return resolveLatest(base, today, `'latest'`, false);
  if (t === 'alpine') return resolveLatest({ ...base, variant: 'alpine' }, today, `'alpine'`, false);
  const alpine = /^alpine3\.(\d+)$/.exec(t);
  if (
    CURRENT_DEBIAN.includes(t) ||
    FUTURE_DEBIAN.includes(t) ||
    (alpine && Number(alpine[1]) >= OLDEST_CURRENT_ALPINE_MINOR)
  ) {
    return resolveLatest({ ...base, variant: t }, today, `bare variant tag '${t}'`, false);
  }
  if (RETIRED_DEBIAN.includes(t) || alpine) {
    return unresolvable(
      `bare variant tag '${t}' belongs to a retired base image: it stopped moving when that base was dropped and ` +
        `points to the major that was newest then (not derivable offline; read PG_VERSION from the image config)`,
      base.image,
    );
  }
  const m = VERSION_TAG.exec(t);
  if (m === null || m[1] === undefined) {
    return unresolvable(`${label} tag '${tag}' does not name a PostgreSQL version`, base.image);
  }
  const parts = m[1].split('.').map(Number);
  const pre = m[2] !== undefined ? `${m[2]}${m[3] ?? ''}` : undefined;
  const rest = m[4];
  let variant: string | undefined;
  let suffixNote = '';
  if (rest !== undefined) {
    if (VARIANT.test(rest)) variant = rest;
    else suffixNote = `; suffix '${rest}' not interpreted`;
  }
  const b: Base = { ...base, ...(variant !== undefined ? { variant } : {}) };
  if (parts.length === 1 && parts[0] === 9 && pre === undefined) {
    return make({ major: 9.6 }, b, {
      floating: true,
      reason: `${label} tag '${tag}': the old '9' alias, which last pointed at 9.6 (floating, end of life)${suffixNote}`,
    });
  }
  const v = fromParts(parts, pre);
  if (!plausible(v)) {
    return unresolvable(`${label} tag '${tag}' does not look like a PostgreSQL version`, base.image);
  }
  if (v.prerelease !== undefined) {
    return make(v, b, {
      floating: false,
      reason: `${label} tag '${tag}': pre-release build ${formatPgVersion(v)} (not for production use; no security fixes)${suffixNote}`,
    });
  }
  if (v.minor === undefined) {
    return make(v, b, {
      floating: true,
      reason: `${label} tag '${tag}': major ${formatPgVersion(v)} only; the tag moves to each new ${formatPgVersion(v)}.x minor${suffixNote}`,
    });
  }
  return make(v, b, {
    floating: false,
    reason: `${label} tag '${tag}': PostgreSQL ${formatPgVersion(v)}${suffixNote}`,
  });
}

/** Images whose tag carries a `pgNN` / `pgNN.m` marker (TimescaleDB, pgvector, Apache AGE, ParadeDB, ...). */
function resolveMarkerTag(tag: string, base: Base, today: string, label: string): VersionResolution {
  const m = PG_MARKER.exec(tag);
  if (m === null || m[1] === undefined) {
    if (/^latest$/i.test(tag)) return resolveLatest(base, today, `${label} 'latest'`, true);
    return unresolvable(`${label} tag '${tag}' has no pgNN marker, so the PostgreSQL major is unknown`, base.image);
  }
  const v = fromParts(m[2] !== undefined ? [Number(m[1]), Number(m[2])] : [Number(m[1])]);
  if (!plausible(v)) return unresolvable(`${label} tag '${tag}': pg marker is not a PostgreSQL version`, base.image);
  if (v.minor !== undefined) {
    return make(v, base, {
      floating: false,
      reason: `${label} tag '${tag}': PostgreSQL ${formatPgVersion(v)} from the pg marker`,
    });
  }
  const withoutMarker = tag.replace(m[0], '');
  const pinnedExtension = /\d+\.\d+\.\d+/.exec(withoutMarker);
  if (pinnedExtension !== null) {
    return make(v, base, {
      floating: false,
      reason:
        `${label} tag '${tag}': PostgreSQL ${formatPgVersion(v)} (major only); the image release ${pinnedExtension[0]} is ` +
        `pinned, so the minor is whatever ${formatPgVersion(v)}.x it was built with (read PG_VERSION from the image config)`,
    });
  }
  return make(v, base, {
    floating: true,
    reason: `${label} tag '${tag}': PostgreSQL ${formatPgVersion(v)} (major only); the tag follows new ${formatPgVersion(v)}.x builds`,
  });
}

function resolvePostgisTag(tag: string, base: Base, today: string): VersionResolution {
  if (/^latest$/i.test(tag)) return resolveLatest(base, today, `PostGIS 'latest'`, true);
  const m = /^(\d+(?:\.\d+)?)-(master|\d+\.\d+(?:\.\d+)?)(?:-(.+))?$/i.exec(tag);
  if (m === null || m[1] === undefined) {
    // Older PostGIS images (e.g. mdillon/postgis:11-alpine) used the official scheme.
    return resolveOfficialTag(tag, base, today, 'PostGIS');
  }
  const v = fromParts(m[1].split('.').map(Number));
  if (!plausible(v)) return unresolvable(`PostGIS tag '${tag}' does not start with a PostgreSQL version`, base.image);
  const variant = m[3] !== undefined && VARIANT.test(m[3]) ? m[3] : undefined;
  const b: Base = { ...base, ...(variant !== undefined ? { variant } : {}) };
  if (v.minor !== undefined) {
    return make(v, b, {
      floating: false,
      reason: `PostGIS tag '${tag}': PostgreSQL ${formatPgVersion(v)}, PostGIS ${m[2]}`,
    });
  }
  return make(v, b, {
    floating: true,
    reason: `PostGIS tag '${tag}': PostgreSQL ${formatPgVersion(v)} (major only; rebuilt on new ${formatPgVersion(v)}.x minors), PostGIS ${m[2]}`,
  });
}

function resolveBitnamiTag(tag: string, base: Base, today: string): VersionResolution {
  if (/^latest$/i.test(tag)) return resolveLatest(base, today, `Bitnami 'latest'`, true);
  const m = /^(\d+(?:\.\d+){0,2})(?:-(.+))?$/.exec(tag);
  if (m === null || m[1] === undefined)
    return unresolvable(`Bitnami tag '${tag}' does not name a PostgreSQL version`, base.image);
  const v = fromParts(m[1].split('.').map(Number));
  if (!plausible(v)) return unresolvable(`Bitnami tag '${tag}' does not look like a PostgreSQL version`, base.image);
  const build = m[2] !== undefined ? ` (build '${m[2]}')` : '';
  if (v.minor === undefined) {
    return make(v, base, {
      floating: true,
      reason: `Bitnami tag '${tag}': major ${formatPgVersion(v)} only, moves to new minors`,
    });
  }
  return make(v, base, { floating: false, reason: `Bitnami tag '${tag}': PostgreSQL ${formatPgVersion(v)}${build}` });
}

function resolveSupabaseTag(tag: string, base: Base): VersionResolution {
  const m = /^(\d+)\.(\d+)\.\d+(?:\.\d+)?(?:-.+)?$/.exec(tag);
  if (m === null) return unresolvable(`Supabase tag '${tag}' is not '<pg major>.<pg minor>.<build>'`, base.image);
  const v = fromParts([Number(m[1]), Number(m[2])]);
  if (!plausible(v)) return unresolvable(`Supabase tag '${tag}' does not start with a PostgreSQL version`, base.image);
  return make(v, base, {
    floating: false,
    reason: `Supabase tag '${tag}': PostgreSQL ${formatPgVersion(v)} (Supabase build)`,
  });
}

function resolveCrunchyTag(tag: string, base: Base): VersionResolution {
  const m = /^(?:ubi|centos|rhel)\d*-(\d+(?:\.\d+)*)(?:-.+)?$/i.exec(tag);
  if (m === null || m[1] === undefined) {
    return unresolvable(`Crunchy Data tag '${tag}' is not '<base>-<pg version>-<build>'`, base.image);
  }
  const v = fromParts(m[1].split('.').map(Number));
  if (!plausible(v)) return unresolvable(`Crunchy Data tag '${tag}' does not name a PostgreSQL version`, base.image);
  return make(v, base, {
    floating: v.minor === undefined,
    reason: `Crunchy Data tag '${tag}': PostgreSQL ${formatPgVersion(v)}`,
  });
}

function familyOf(image: ImageRef, tag: string, assumeOfficial: boolean): ImageFamily | undefined {
  const segments = image.repository.toLowerCase().split('/');
  const name = segments[segments.length - 1] ?? '';
  const ns = segments.slice(0, -1).join('/');
  if (name === 'postgres' && /(^|\/)supabase$/.test(ns)) return 'supabase';
  if (name === 'postgres') return 'official';
  if (name === 'postgis') return 'postgis';
  if (name === 'timescaledb-ha') return 'timescaledb-ha';
  if (name.startsWith('timescaledb')) return 'timescaledb';
  if (name === 'pgvector' && ns === 'pgvector') return 'pgvector';
  if (name.startsWith('postgresql') && /(^|\/)bitnami/.test(ns)) return 'bitnami';
  if (name.startsWith('crunchy-postgres')) return 'crunchy';
  if (name === 'postgresql') return 'postgresql';
  if (PG_MARKER.test(tag)) return 'derived';
  if (assumeOfficial) return 'official';
  return undefined;
}

const FAMILY_LABEL: Record<ImageFamily, string> = {
  official: 'postgres',
  postgresql: 'postgresql',
  bitnami: 'Bitnami',
  postgis: 'PostGIS',
  timescaledb: 'TimescaleDB',
  'timescaledb-ha': 'TimescaleDB HA',
  pgvector: 'pgvector',
  supabase: 'Supabase',
  crunchy: 'Crunchy Data',
  derived: 'derived image',
};

/**
 * Resolves the PostgreSQL version from an image reference `[registry/][namespace/]repo[:tag][@sha256:digest]`.
 * No tag means `latest`; a digest without a tag is unresolvable offline.
 */
export function resolvePgVersion(imageRef: string, opts: ResolveOptions = {}): VersionResolution {
  const today = opts.today ?? DATA_CURRENT_TO;
  assertIsoDate(today, 'today');
  const raw = imageRef.trim();
  if (raw === '') return unresolvable('empty image reference');
  if (/[$]|\{\{/.test(raw)) {
    return unresolvable(`image reference '${raw}' contains an unexpanded variable`);
  }
  const image = parseImageRef(raw.replace(/^docker:\/\//, ''));
  if (image.repository === '' || /\s/.test(raw)) return unresolvable(`'${raw}' is not an image reference`, image);
  if (image.tag === undefined && image.digest !== undefined) {
    return unresolvable(
      `'${raw}' is pinned by digest without a tag: the version cannot be derived offline ` +
        `(read PG_VERSION from the image config, or query server_version_num)`,
      image,
    );
  }
  const tag = image.tag ?? 'latest';
  const family = familyOf(image, tag, opts.assumeOfficialScheme === true);
  if (family === undefined) {
    return unresolvable(
      `'${image.repository}' is not a PostgreSQL image pgwarden knows, and its tag '${tag}' carries no pgNN marker`,
      image,
    );
  }
  const base: Base = { source: 'tag', family, image };
  const label = FAMILY_LABEL[family];
  let r: VersionResolution;
  switch (family) {
    case 'official':
    case 'postgresql':
      r = resolveOfficialTag(tag, base, today, label);
      break;
    case 'postgis':
      r = resolvePostgisTag(tag, base, today);
      break;
    case 'bitnami':
      r = resolveBitnamiTag(tag, base, today);
      break;
    case 'supabase':
      r = resolveSupabaseTag(tag, base);
      break;
    case 'crunchy':
      r = resolveCrunchyTag(tag, base);
      break;
    case 'timescaledb':
    case 'timescaledb-ha':
    case 'pgvector':
    case 'derived':
      r = resolveMarkerTag(tag, base, today, label);
      break;
  }
  if (!isResolved(r)) return r;
  if (image.tag === undefined) r = { ...r, reason: `no tag means 'latest'; ${r.reason}` };
  return applyDigest(r, image);
}

const PACKAGE_VERSION = /^(?:\d+:)?(\d+(?:\.\d+)*)(?:~?(alpha|beta|rc)(\d+))?(?:[-+~].*)?$/i;

/**
 * Version from the image's `PG_VERSION` environment variable: Debian package versions such as
 * '14.9-1.pgdg120+1' or '19~beta3-1.pgdg13+1', Alpine upstream versions such as '18.3'.
 */
export function versionFromPgVersionEnv(value: string): VersionResolution {
  const text = value.trim();
  const m = PACKAGE_VERSION.exec(text);
  if (m === null || m[1] === undefined) return unresolvable(`PG_VERSION '${text}' is not a PostgreSQL version`);
  const pre = m[2] !== undefined ? `${m[2].toLowerCase()}${m[3] ?? ''}` : undefined;
  const v = fromParts(m[1].split('.').map(Number), pre);
  if (!plausible(v)) return unresolvable(`PG_VERSION '${text}' is not a PostgreSQL version`);
  const kind = v.prerelease !== undefined ? 'pre-release ' : '';
  return make(
    v,
    { source: 'env' },
    {
      floating: false,
      reason: `PG_VERSION=${text} in the image config: ${kind}PostgreSQL ${formatPgVersion(v)}`,
    },
  );
}

/** Version from the image's `PG_MAJOR` environment variable (major only; the minor stays unknown). */
export function versionFromPgMajorEnv(value: string): VersionResolution {
  const text = value.trim();
  const v = /^\d+(\.\d+)?$/.test(text) ? fromParts(text.split('.').map(Number)) : undefined;
  if (!plausible(v) || v.minor !== undefined) return unresolvable(`PG_MAJOR '${text}' is not a PostgreSQL major`);
  return make(
    v,
    { source: 'env' },
    {
      floating: false,
      reason: `PG_MAJOR=${text} in the image config: major ${formatPgVersion(v)}, minor unknown (PG_VERSION not given)`,
    },
  );
}

/**
 * Version from an image config environment, as `docker inspect` gives it (`["PG_MAJOR=16", ...]`) or as a map.
 * PG_VERSION wins over PG_MAJOR.
 */
export function versionFromImageEnv(
  env: readonly string[] | Readonly<Record<string, string | undefined>>,
): VersionResolution {
  const map = new Map<string, string>();
  if (Array.isArray(env)) {
    for (const entry of env as readonly string[]) {
      const eq = entry.indexOf('=');
      if (eq > 0) map.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } else {
    for (const [k, v] of Object.entries(env as Readonly<Record<string, string | undefined>>)) {
      if (v !== undefined) map.set(k, v);
    }
  }
  const pgVersion = map.get('PG_VERSION');
  const pgMajor = map.get('PG_MAJOR');
  if (pgVersion !== undefined) {
    const r = versionFromPgVersionEnv(pgVersion);
    if (isResolved(r) && pgMajor !== undefined && pgMajor.trim() !== String(r.major)) {
      return { ...r, reason: `${r.reason} (PG_MAJOR=${pgMajor.trim()} disagrees; PG_VERSION used)` };
    }
    return r;
  }
  if (pgMajor !== undefined) return versionFromPgMajorEnv(pgMajor);
  return unresolvable('neither PG_VERSION nor PG_MAJOR is set in the image environment');
}

/** Version from a live server's `server_version_num` (e.g. 150018 → 15.18, 90624 → 9.6.24). */
export function versionFromServerVersionNum(value: number | string): VersionResolution {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < 60000 || n > 999999) {
    return unresolvable(`server_version_num '${String(value)}' is not a PostgreSQL version number`);
  }
  const v: PgVersion =
    n >= 100000
      ? { major: Math.floor(n / 10000), minor: n % 10000 }
      : { major: Number(`${Math.floor(n / 10000)}.${Math.floor(n / 100) % 100}`), minor: n % 100 };
  if (!plausible(v)) return unresolvable(`server_version_num '${String(value)}' is not a PostgreSQL version number`);
  let reason = `server_version_num ${n}: PostgreSQL ${formatPgVersion(v)}`;
  if (v.minor === 0 && getMajor(v.major)?.releases.some((r) => r.minor === 0) !== true) {
    reason += ` (a .0 number is also reported by pre-releases; check server_version)`;
  }
  return make(v, { source: 'live' }, { floating: false, reason });
}

/** Version from a live server's `server_version` text, e.g. '16.2 (Debian 16.2-1.pgdg120+2)' or '19beta3'. */
export function versionFromServerVersion(text: string): VersionResolution {
  const first = text.trim().split(/\s+/)[0] ?? '';
  const m = /^(\d+(?:\.\d+)*)(?:(alpha|beta|rc)(\d+)|(devel))?$/i.exec(first);
  if (m === null || m[1] === undefined) return unresolvable(`server_version '${text}' is not a PostgreSQL version`);
  const pre = m[2] !== undefined ? `${m[2].toLowerCase()}${m[3] ?? ''}` : m[4] !== undefined ? 'devel' : undefined;
  const v = fromParts(m[1].split('.').map(Number), pre);
  if (!plausible(v)) return unresolvable(`server_version '${text}' is not a PostgreSQL version`);
  return make(
    v,
    { source: 'live' },
    { floating: false, reason: `server_version '${text.trim()}': PostgreSQL ${formatPgVersion(v)}` },
  );
}
