import type { SourceFile } from '../core/source.js';
import { locOf, type Loc } from '../core/location.js';
import { addressWidth, maskPrefix } from '../model/addresses.js';
import { settingSecret } from '../model/secrets.js';
import type { HbaFile, HbaRule, PgConfFile, Setting } from '../model/deployment.js';
import { markReachability } from '../model/hba.js';
import { parsePgHba, type HbaLine } from '../parsers/pgconf/pg-hba.js';
import { parsePostgresqlConf, type ParsedConf } from '../parsers/pgconf/postgresql-conf.js';
import { resolveScanned, type AdaptContext } from './context.js';

/**
 * postgresql.conf files in the scan become setting maps; `include` files in the scan are read in place, in file
 * order (a setting after an include wins over the included file, as in PostgreSQL).
 */
export function adaptPostgresqlConf(ctx: AdaptContext, file: SourceFile): void {
  const settings: Record<string, Setting> = {};
  const includes: string[] = [];
  readConf(ctx, file, settings, [file.rel], includes);
  ctx.pgConfs.set(file.rel, { file: file.rel, settings, includes } satisfies PgConfFile);
}

/** Each file is parsed once per scan, so its errors and comments are reported once however often it is included. */
const parsedConfs = new WeakMap<SourceFile, ParsedConf>();

function parseConfOnce(ctx: AdaptContext, file: SourceFile): ParsedConf {
  const cached = parsedConfs.get(file);
  if (cached) return cached;
  const parsed = parsePostgresqlConf(file);
  parsedConfs.set(file, parsed);
  for (const c of parsed.comments) ctx.comments.push({ ...c, format: 'conf' });
  for (const e of parsed.errors)
    ctx.problems.push({ file: file.rel, kind: 'parse-error', message: e.message, loc: e.loc });
  return parsed;
}

function readConf(
  ctx: AdaptContext,
  file: SourceFile,
  settings: Record<string, Setting>,
  stack: string[],
  includes: string[],
): void {
  const parsed = parseConfOnce(ctx, file);
  const lines = [
    ...parsed.entries.map((entry) => ({ at: entry.loc.start.offset, entry })),
    ...parsed.includes.map((include) => ({ at: include.loc.start.offset, include })),
  ].sort((a, b) => a.at - b.at);
  for (const line of lines) {
    if ('entry' in line) {
      const e = line.entry;
      registerSettingSecret(ctx, file, e.value, e.valueLoc);
      settings[e.name] = {
        name: e.name,
        value: { value: e.value, state: 'explicit', loc: e.valueLoc, literal: true },
        source: 'config-file',
      };
      continue;
    }
    const inc = line.include;
    if (inc.directive === 'include_dir') continue;
    const rel = resolveScanned(ctx, file.rel, inc.path);
    const target = rel ? ctx.files.get(rel) : undefined;
    if (target && stack.includes(target.rel)) {
      reportCycle(ctx, [...stack.slice(stack.indexOf(target.rel)), target.rel], inc.loc);
    } else if (target) {
      if (!includes.includes(target.rel)) includes.push(target.rel);
      readConf(ctx, target, settings, [...stack, target.rel], includes);
    } else if (inc.directive === 'include') {
      ctx.problems.push({
        file: file.rel,
        kind: 'skipped',
        message: `include "${inc.path}" is not in the scanned tree; its settings are not checked`,
        loc: inc.loc,
      });
    }
  }
}

/** PostgreSQL refuses a configuration whose includes nest without end; one report per cycle, whichever file starts. */
function reportCycle(ctx: AdaptContext, cycle: string[], loc: Loc): void {
  const ring = cycle.slice(0, -1);
  const first = ring.indexOf([...ring].sort()[0] ?? '');
  const canonical = [...ring.slice(first), ...ring.slice(0, first), ring[first] ?? ''];
  const message = `include cycle: ${canonical.join(' → ')} (PostgreSQL stops at include depth 10 and refuses the file)`;
  if (ctx.problems.some((p) => p.message === message)) return;
  ctx.problems.push({ file: loc.file, kind: 'parse-error', message, loc });
}

export function adaptPgHba(ctx: AdaptContext, file: SourceFile): void {
  const parsed = parsePgHba(file);
  for (const c of parsed.comments) ctx.comments.push({ ...c, format: 'conf' });
  for (const e of parsed.errors)
    ctx.problems.push({ file: file.rel, kind: 'parse-error', message: e.message, loc: e.loc });
  const lines = parsed.lines.filter((l) => {
    if (l.mask === undefined || hbaAddress(l) !== undefined) return true;
    const loc = l.fieldLocs[4] ?? l.loc;
    ctx.problems.push({ file: file.rel, kind: 'parse-error', message: `invalid IP mask "${l.mask}"`, loc });
    return false;
  });
  const rules: HbaRule[] = lines.map((l) => ({
    type: { value: l.type, state: 'explicit', loc: l.fieldLocs[0] ?? l.loc, literal: true },
    databases: l.databases,
    users: l.users,
    address: hbaAddressTracked(file, l),
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

/** `address mask` (`0.0.0.0 0.0.0.0`) as the CIDR PostgreSQL reads (`0.0.0.0/0`); the address as written otherwise. */
function hbaAddress(l: HbaLine): string | undefined {
  if (l.address === undefined || l.mask === undefined) return l.address;
  const width = addressWidth(l.address);
  const prefix = width === undefined ? undefined : maskPrefix(l.mask, width);
  return prefix === undefined ? undefined : `${l.address}/${prefix}`;
}

function hbaAddressTracked(file: SourceFile, l: HbaLine): HbaRule['address'] {
  const value = hbaAddress(l);
  const addressLoc = l.fieldLocs[3] ?? l.loc;
  if (value === undefined) return undefined;
  if (l.mask === undefined) return { value, state: 'explicit', loc: addressLoc, literal: true };
  // two fields make the value: not a literal a fix could replace in place
  const maskLoc = l.fieldLocs[4] ?? addressLoc;
  return { value, state: 'explicit', loc: locOf(file, addressLoc.start.offset, maskLoc.end.offset), literal: false };
}

/** A password in a setting (`primary_conninfo = '… password=…'`) is masked in every output, the model dump included. */
function registerSettingSecret(ctx: AdaptContext, file: SourceFile, value: string, valueLoc: Loc): void {
  const secret = settingSecret(value);
  if (!secret) return;
  const at = file.text.slice(valueLoc.start.offset, valueLoc.end.offset).indexOf(secret);
  const start = valueLoc.start.offset + at;
  ctx.secrets.add(secret, at >= 0 ? locOf(file, start, start + secret.length) : undefined);
}
