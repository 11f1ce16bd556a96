import { spawnSync } from 'node:child_process';
import { cliPath } from '../helpers.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `node bin/pgwarden.js …` as a user would, in the given folder. */
export function pgwarden(cwd: string, args: string[], input?: string): CliRun {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
