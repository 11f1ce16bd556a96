import type { SourceFile } from '../core/source.js';
import type { HbaFile, HbaRule, PgConfFile, Setting } from '../model/deployment.js';
import { markReachability } from '../model/hba.js';
import { parsePgHba } from '../parsers/pgconf/pg-hba.js';
import { parsePostgresqlConf } from '../parsers/pgconf/postgresql-conf.js';
import { resolveScanned, type AdaptContext } from './context.js';

/** postgresql.conf files in the scan become setting maps; `include` files in the scan are read in place. */
export function adaptPostgresqlConf(ctx: AdaptContext, file: SourceFile): void {
  const settings: Record<string, Setting> = {};
  readConf(ctx, file, settings, new Set());
  ctx.pgConfs.set(file.rel, { file: file.rel, settings } satisfies PgConfFile);
}

function readConf(ctx: AdaptContext, file: SourceFile, settings: Record<string, Setting>, seen: Set<string>): void {
  if (seen.has(file.rel)) {
    ctx.problems.push({ file: file.rel, kind: 'parse-error', message: `include cycle through ${file.rel}` });
    return;
  }
  seen.add(file.rel);
  const parsed = parsePostgresqlConf(file);
  for (const c of parsed.comments) ctx.comments.push({ ...c, format: 'conf' });
  for (const e of parsed.errors)
    ctx.problems.push({ file: file.rel, kind: 'parse-error', message: e.message, loc: e.loc });
  for (const e of parsed.entries) {
    settings[e.name] = {
      name: e.name,
      value: { value: e.value, state: 'explicit', loc: e.valueLoc, literal: true },
      source: 'config-file',
    };
  }
  for (const inc of parsed.includes) {
    if (inc.directive === 'include_dir') continue;
    const rel = resolveScanned(ctx, file.rel, inc.path);
    const target = rel ? ctx.files.get(rel) : undefined;
    if (target) readConf(ctx, target, settings, seen);
    else if (inc.directive === 'include') {
      ctx.problems.push({
        file: file.rel,
        kind: 'skipped',
        message: `include "${inc.path}" is not in the scanned tree; its settings are not checked`,
        loc: inc.loc,
      });
    }
  }
}

export function adaptPgHba(ctx: AdaptContext, file: SourceFile): void {
  const parsed = parsePgHba(file);
  for (const c of parsed.comments) ctx.comments.push({ ...c, format: 'conf' });
  for (const e of parsed.errors)
    ctx.problems.push({ file: file.rel, kind: 'parse-error', message: e.message, loc: e.loc });
  const rules: HbaRule[] = parsed.lines.map((l) => ({
    type: { value: l.type, state: 'explicit', loc: l.fieldLocs[0] ?? l.loc, literal: true },
    databases: l.databases,
    users: l.users,
    address:
      l.address === undefined
        ? undefined
        : { value: l.address, state: 'explicit', loc: l.fieldLocs[3] ?? l.loc, literal: true },
    method: {
      value: l.method,
      state: 'explicit',
      loc: l.fieldLocs[l.type === 'local' ? 3 : l.mask ? 5 : 4] ?? l.loc,
      literal: true,
    },
    options: l.options,
    loc: l.loc,
    reachable: true,
  }));
  markReachability(rules);
  ctx.hbaFiles.set(file.rel, { file: file.rel, rules } satisfies HbaFile);
}
