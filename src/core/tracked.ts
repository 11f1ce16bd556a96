import type { Loc } from './location.js';

export type TrackedState = 'explicit' | 'default' | 'derived' | 'unknown';

/**
 * A model value with its provenance. Adapters never invent a silent default: they say `default`
 * (with the real Docker/PostgreSQL default) or `unknown` (with the reason).
 */
export interface Tracked<T> {
  value: T | undefined;
  state: TrackedState;
  /** Where it is written; for a default, the enclosing block. */
  loc: Loc;
  /** The chain the value came through: variable default, tfvars line, .env line, anchor, override file. */
  via?: Array<{ loc: Loc; message: string }>;
  /** A literal sits at loc: only then is an automatic text fix safe. */
  literal?: boolean;
  /** From a secret place (marked sensitive, or a password sink): masked in every output. */
  sensitive?: boolean;
  /** Why the value is unknown. */
  reason?: string;
}

export function explicit<T>(value: T, loc: Loc, extra: Partial<Tracked<T>> = {}): Tracked<T> {
  return { value, state: 'explicit', loc, literal: true, ...extra };
}

export function derived<T>(value: T, loc: Loc, via: Tracked<T>['via'], extra: Partial<Tracked<T>> = {}): Tracked<T> {
  return { value, state: 'derived', loc, via, ...extra };
}

export function byDefault<T>(value: T | undefined, loc: Loc, reason?: string): Tracked<T> {
  return { value, state: 'default', loc, reason };
}

export function unknown<T>(loc: Loc, reason: string, extra: Partial<Tracked<T>> = {}): Tracked<T> {
  return { value: undefined, state: 'unknown', loc, reason, ...extra };
}

export function isKnown<T>(t: Tracked<T> | undefined): t is Tracked<T> & { value: T } {
  return !!t && t.state !== 'unknown' && t.value !== undefined;
}
