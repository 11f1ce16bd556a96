import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';

/**
 * Whether git ignores a file (a local `.env` listed in `.gitignore`). Undefined outside a checkout or without git;
 * callers then treat the file as committed, which fails safe.
 */
export function isIgnoredByGit(absPath: string): boolean | undefined {
  if (absPath.startsWith('/virtual/')) return undefined;
  const r = spawnSync('git', ['check-ignore', '-q', absPath], {
    cwd: dirname(absPath),
    stdio: 'ignore',
    timeout: 5000,
  });
  if (r.status === 0) return true;
  if (r.status === 1) return false;
  return undefined;
}
