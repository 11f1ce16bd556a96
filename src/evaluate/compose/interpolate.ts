import type { Loc } from '../../core/location.js';

export interface EnvFileValue {
  value: string;
  loc: Loc;
  /** The file is ignored by git: the value is set on this machine, not committed with the configuration. */
  uncommitted?: boolean;
}

export interface Interpolated {
  /** undefined when a variable has no value and no fallback. */
  value: string | undefined;
  /** The text had `${…}` or `$VAR` references. */
  hasVariables: boolean;
  /** Variables without a value (unset, or required with `:?`). */
  unresolved: string[];
  /** Values taken from the `.env` file, with their lines. */
  fromEnvFile: Array<{ name: string; loc: Loc }>;
  /** A fallback default written in the file itself was used (`${X:-literal}`). */
  usedFallback: boolean;
  /** The text is not a valid template (unterminated or empty `${…}`): compose refuses the file; value is undefined. */
  error?: string;
}

/**
 * Compose interpolation: `$$` escapes, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
 * `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, nested in defaults. Only the `.env` file gives values: the shell of
 * the machine that runs the scan is not the deployment's.
 */
export function interpolate(text: string, env: Map<string, EnvFileValue>): Interpolated {
  const result: Interpolated = { value: '', hasVariables: false, unresolved: [], fromEnvFile: [], usedFallback: false };
  const out = expand(text, env, result, 0);
  result.value = out;
  return result;
}

function expand(text: string, env: Map<string, EnvFileValue>, r: Interpolated, depth: number): string | undefined {
  let out = '';
  let unknown = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, i + 1);
      if (close < 0) {
        r.error = `unterminated "\${" in "${text}"`;
        return undefined;
      }
      r.hasVariables = true;
      const inner = text.slice(i + 2, close);
      const piece = substitute(inner, env, r, depth);
      if (piece === undefined) unknown = true;
      else out += piece;
      i = close;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (m) {
      r.hasVariables = true;
      const v = lookup(m[0], env, r);
      if (v === undefined) {
        unknown = true;
        r.unresolved.push(m[0]);
      } else out += v;
      i += m[0].length;
      continue;
    }
    out += c;
  }
  return unknown ? undefined : out;
}

function substitute(inner: string, env: Map<string, EnvFileValue>, r: Interpolated, depth: number): string | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(inner);
  if (!m || !m[1]) {
    r.error = `"\${${inner}}" is not a valid variable reference`;
    return undefined;
  }
  const name = m[1];
  const op = m[2];
  const arg = m[3] ?? '';
  const entry = env.get(name);
  const isSet = entry !== undefined;
  const isNonEmpty = isSet && entry.value !== '';
  const useValue = () => {
    r.fromEnvFile.push({ name, loc: entry!.loc });
    return entry!.value;
  };
  if (!op) {
    if (isSet) return useValue();
    r.unresolved.push(name);
    return undefined;
  }
  const colon = op.startsWith(':');
  const present = colon ? isNonEmpty : isSet;
  switch (op.replace(':', '')) {
    case '-':
      if (present) return useValue();
      r.usedFallback = true;
      return depth > 10 ? undefined : expand(arg, env, r, depth + 1);
    case '?':
      if (present) return useValue();
      r.unresolved.push(name);
      return undefined;
    case '+':
      if (present) return depth > 10 ? undefined : expand(arg, env, r, depth + 1);
      return '';
  }
  return undefined;
}

function lookup(name: string, env: Map<string, EnvFileValue>, r: Interpolated): string | undefined {
  const entry = env.get(name);
  if (!entry) return undefined;
  r.fromEnvFile.push({ name, loc: entry.loc });
  return entry.value;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
