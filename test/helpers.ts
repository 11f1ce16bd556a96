import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

/** The repository root, found from the compiled test file (dist/test/…) or the source. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = resolve(dir, '..');
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export const repoRoot = findRoot();
export const cliPath = join(repoRoot, 'bin', 'pgwarden.js');
