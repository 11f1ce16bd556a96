import type { Loc } from '../../core/location.js';
import { byDefault, unknown, type Tracked } from '../../core/tracked.js';
import {
  asBool,
  asNumber,
  asString,
  deepMarks,
  formatNumber,
  type AttrView,
  type TfValue,
} from '../../evaluate/terraform/index.js';

/**
 * Evaluated Terraform values as model values. `loc` is where the value is written: the literal itself when a
 * single literal reached the block through references (a variable default, a tfvars line, a docker_image name),
 * so that a fix edits the right text; otherwise the expression in the block. `via` is the chain.
 */
export function toTracked<T>(
  value: TfValue,
  useLoc: Loc,
  literalHere: boolean,
  convert: (v: TfValue) => T | undefined,
  what: string,
): Tracked<T> {
  const marks = deepMarks(value);
  const via = value.via?.length ? [...value.via] : undefined;
  const sensitive = marks.sensitive ? { sensitive: true } : {};
  if (value.kind === 'unknown') {
    return unknown<T>(useLoc, value.reason, { ...(via ? { via } : {}), ...sensitive });
  }
  if (value.kind === 'null') {
    return {
      value: undefined,
      state: 'derived',
      loc: useLoc,
      ...(via ? { via } : {}),
      reason: `${what} is null`,
      ...sensitive,
    };
  }
  const converted = convert(value);
  if (converted === undefined) {
    return unknown<T>(useLoc, `${what} is a ${value.kind}, which cannot be read here`, {
      ...(via ? { via } : {}),
      ...sensitive,
    });
  }
  if (literalHere)
    return { value: converted, state: 'explicit', loc: useLoc, literal: true, ...(via ? { via } : {}), ...sensitive };
  const origin = value.literal && value.loc && !value.loc.live ? value.loc : undefined;
  if (origin && (origin.file !== useLoc.file || origin.start.offset !== useLoc.start.offset)) {
    return {
      value: converted,
      state: 'derived',
      loc: origin,
      via: [{ loc: useLoc, message: `used as ${what}` }, ...(via ?? [])],
      literal: true,
      ...sensitive,
    };
  }
  return { value: converted, state: 'derived', loc: useLoc, ...(via ? { via } : {}), literal: false, ...sensitive };
}

export const asStr = (v: TfValue): string | undefined => asString(v);
export const asBoolean = (v: TfValue): boolean | undefined => asBool(v);
export const asNumStr = (v: TfValue): string | undefined => {
  const n = asNumber(v);
  return n === undefined ? undefined : formatNumber(n);
};

export function str(attr: AttrView | undefined, what: string): Tracked<string> | undefined {
  return attr ? toTracked(attr.value, attr.loc, attr.literal, asStr, what) : undefined;
}

export function boolOf(attr: AttrView | undefined, what: string): Tracked<boolean> | undefined {
  return attr ? toTracked(attr.value, attr.loc, attr.literal, asBoolean, what) : undefined;
}

export function boolOr(
  attr: AttrView | undefined,
  what: string,
  dflt: boolean,
  blockLoc: Loc,
  reason: string,
): Tracked<boolean> {
  return boolOf(attr, what) ?? byDefault(dflt, blockLoc, reason);
}

/** A list attribute as one tracked value per element (each with its own location when written as a list). */
export function listOf(attr: AttrView | undefined, what: string): Tracked<string>[] {
  if (!attr) return [];
  const v = attr.value;
  if (v.kind === 'unknown') return [unknown(attr.loc, v.reason, v.via ? { via: v.via } : {})];
  if (v.kind !== 'list') return [toTracked(v, attr.loc, attr.literal, asStr, what)];
  return v.items.map((item) => {
    const inherited: TfValue = { ...item, via: [...(item.via ?? []), ...(v.via ?? [])] };
    if (!inherited.via?.length) delete inherited.via;
    const here = attr.literal && item.loc ? item.loc : attr.loc;
    return toTracked(inherited, attr.literal ? here : attr.loc, attr.literal, asStr, what);
  });
}

/** A map attribute (`log_opts`, `tmpfs`, service `env`) as tracked strings by key. */
export function mapOf(attr: AttrView | undefined, what: string): Record<string, Tracked<string>> | undefined {
  if (!attr) return undefined;
  const v = attr.value;
  if (v.kind !== 'object') return undefined;
  const out: Record<string, Tracked<string>> = {};
  for (const [k, item] of v.attrs) {
    const inherited: TfValue = { ...item, via: [...(item.via ?? []), ...(v.via ?? [])] };
    if (!inherited.via?.length) delete inherited.via;
    out[k] = toTracked(
      inherited,
      attr.literal && item.loc ? item.loc : attr.loc,
      attr.literal,
      asStr,
      `${what}["${k}"]`,
    );
  }
  return out;
}

/** A list of strings as one tracked string[] (command, entrypoint, healthcheck test). */
export function argsOf(attr: AttrView | undefined, what: string): Tracked<string[]> | undefined {
  if (!attr) return undefined;
  const v = attr.value;
  if (v.kind === 'list' && v.items.some((i) => i.kind === 'unknown')) {
    const u = v.items.find((i) => i.kind === 'unknown');
    return {
      value: v.items.map((i) => asString(i) ?? ''),
      state: 'derived',
      loc: attr.loc,
      reason: `part of ${what} is unresolved${u?.kind === 'unknown' ? `: ${u.reason}` : ''}`,
      ...(v.via?.length ? { via: v.via } : {}),
      ...(deepMarks(v).sensitive ? { sensitive: true } : {}),
    };
  }
  return toTracked(
    v,
    attr.loc,
    attr.literal,
    (x) => {
      if (x.kind !== 'list') return undefined;
      return x.items.map((i) => asString(i) ?? '');
    },
    what,
  );
}
