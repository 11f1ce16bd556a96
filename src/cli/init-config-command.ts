import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_NAMES, findConfig } from '../config/load.js';
import { STARTER_CONFIG } from '../config/starter.js';
import { UsageError, type ParsedArgs } from './args.js';
import type { Io } from './main.js';

/** `pgwarden init-config [DIR] [--force]`: writes a commented `.pgwarden.yml`; never overwrites without --force. */
export function initConfigCommand(args: ParsedArgs, io: Io): number {
  const dir = args.positionals[0] ?? '.';
  if (args.positionals.length > 1) throw new UsageError('init-config takes one folder at most');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`no such folder: ${dir}`);
  const target = join(dir, CONFIG_NAMES[0] ?? '.pgwarden.yml');
  const existing = findConfig(dir);
  if (existing && !args.flags.has('force')) {
    throw new UsageError(`${existing} already exists; pgwarden init-config --force replaces it with the starter file`);
  }
  writeFileSync(target, STARTER_CONFIG);
  io.out(
    `wrote ${target}${existing && existing !== target ? ` (it is read before ${existing}, which you may delete)` : ''}\n`,
  );
  return 0;
}
