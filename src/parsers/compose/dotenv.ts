import { locOf } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import type { EnvFileValue } from '../../evaluate/compose/interpolate.js';

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

/**
 * `.env` / `env_file` syntax as compose reads it: `KEY=VALUE`, `export KEY=…`, `#` comments (whole lines, or after
 * whitespace in an unquoted value), single quotes (literal) and double quotes (`\n`, `\t`, `\"`, `\\` escapes); what
 * follows a closing quote is a comment. The location of each entry is its value (inside the quotes).
 */
export function parseDotenv(file: SourceFile): Map<string, EnvFileValue> {
  const out = new Map<string, EnvFileValue>();
  let offset = 0;
  for (const rawLine of file.text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const m = /^(\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=[ \t]*)(.*)$/.exec(line);
    if (m && m[2] !== undefined) {
      const start = offset + (m[1] ?? '').length;
      const { value, from, to } = dotenvValue(m[3] ?? '');
      out.set(m[2], { value, loc: locOf(file, start + from, start + to) });
    }
    offset += rawLine.length + 1;
  }
  return out;
}

/** The value of one entry and its span inside `raw` (the text after `=`). */
function dotenvValue(raw: string): { value: string; from: number; to: number } {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    let value = '';
    for (let i = 1; i < raw.length; i++) {
      const c = raw[i] ?? '';
      if (c === quote) return { value, from: 1, to: i };
      if (quote === '"' && c === '\\' && i + 1 < raw.length) {
        const next = raw[++i] ?? '';
        value += ESCAPES[next] ?? next;
        continue;
      }
      value += c;
    }
    // no closing quote: compose would read on into the next lines; take the rest of this line as written
    return { value: raw.trimEnd(), from: 0, to: raw.trimEnd().length };
  }
  const comment = /\s#/.exec(raw);
  const value = (comment ? raw.slice(0, comment.index) : raw).trimEnd();
  return { value, from: 0, to: value.length };
}
