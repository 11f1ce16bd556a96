import type { Tracked } from '../core/tracked.js';
import type { Deployment } from '../model/deployment.js';
import { isResolved, resolvePgVersion, type ResolvedVersion } from '../advisories/index.js';

export interface DeployedVersion {
  version: ResolvedVersion;
  /** Where the version is written: the image reference, or the observed PG_VERSION / server version. */
  where: Tracked<string>;
  label: string;
}

/**
 * The PostgreSQL version a deployment runs: an observed version wins over the tag. Returns the unknown value
 * when neither says it, so the caller can report "could not verify".
 */
export function deployedVersion(
  dep: Deployment,
  today: string,
): DeployedVersion | { unknown: Tracked<string> } | undefined {
  const observed = dep.pgVersion;
  if (observed?.value) {
    const r = resolvePgVersion(`postgres:${observed.value}`, { today });
    if (isResolved(r)) return { version: r, where: observed, label: observed.value };
  }
  const ref = dep.image?.ref;
  if (!ref || dep.image?.opaque) return undefined;
  if (ref.state === 'unknown' || !ref.value) return { unknown: ref };
  const r = resolvePgVersion(ref.value, { today });
  if (!isResolved(r)) {
    return {
      unknown: {
        ...ref,
        value: undefined,
        state: 'unknown',
        reason: `the PostgreSQL version of "${ref.value}" cannot be told: ${r.reason}`,
      },
    };
  }
  return { version: r, where: ref, label: ref.value };
}
