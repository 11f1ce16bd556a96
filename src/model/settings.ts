/** PostgreSQL setting semantics: names are case-insensitive, booleans have many spellings, units vary. */

export function normalizeSettingName(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, '_');
}

/** PostgreSQL accepts on/off, true/false, yes/no, 1/0 and unique prefixes of them. */
export function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value
    .trim()
    .toLowerCase()
    .replace(/^['"]|['"]$/g, '');
  if (['on', 'true', 'yes', '1', 't', 'y', 'tr', 'tru', 'ye'].includes(v)) return true;
  if (['off', 'false', 'no', '0', 'f', 'n', 'fa', 'fal', 'fals', 'of'].includes(v)) return false;
  return undefined;
}

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A time setting in milliseconds; a bare number is in the setting's base unit (ms for timeouts). */
export function parseDurationMs(value: string | undefined, baseUnitMs = 1): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value.replace(/^['"]|['"]$/g, ''));
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  if (!unit) return n * baseUnitMs;
  const factor = TIME_UNITS[unit];
  return factor === undefined ? undefined : n * factor;
}

export function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v[0] === "'" && v.endsWith("'")) || (v[0] === '"' && v.endsWith('"')))) {
    return v.slice(1, -1).replace(/''/g, "'");
  }
  return v;
}

/** Comma-separated list settings such as shared_preload_libraries. */
export function parseList(value: string | undefined): string[] {
  if (!value) return [];
  return unquote(value)
    .split(',')
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
}

export interface CommandSetting {
  name: string;
  value: string;
  /** Index of the argument that holds the value. */
  argIndex: number;
}

/** `postgres -c name=value`, `-cname=value`, `--name=value` from a container command; later duplicates win. */
export function settingsFromArgs(args: string[]): CommandSetting[] {
  const out: CommandSetting[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    let assignment: string | undefined;
    let index = i;
    if (a === '-c' && i + 1 < args.length) {
      assignment = args[i + 1];
      index = i + 1;
      i++;
    } else if (a.startsWith('-c') && a.length > 2 && a.includes('=')) assignment = a.slice(2);
    else if (a.startsWith('--') && a.includes('=')) assignment = a.slice(2);
    if (!assignment) continue;
    const eq = assignment.indexOf('=');
    if (eq <= 0) continue;
    out.push({ name: normalizeSettingName(assignment.slice(0, eq)), value: assignment.slice(eq + 1), argIndex: index });
  }
  return out;
}

/** Splits a shell-form command string the way compose does (quotes, backslashes; no expansion). */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
