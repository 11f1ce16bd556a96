import { locOf } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import type { EnvFileValue } from '../../evaluate/compose/interpolate.js';

/** `.env` / `env_file` syntax as compose reads it: `KEY=VALUE`, `export KEY=…`, quotes, `#` comments. */
export function parseDotenv(file: SourceFile): Map<string, EnvFileValue> {
  const out = new Map<string, EnvFileValue>();
  let offset = 0;
  for (const rawLine of file.text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (m && m[1] !== undefined) {
      let value = (m[2] ?? '').trim();
      if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
        value = value.length >= 2 ? value.slice(1, -1) : '';
      } else value = value.replace(/\s+#.*$/, '');
      out.set(m[1], { value, loc: locOf(file, offset, offset + line.length) });
    }
    offset += rawLine.length + 1;
  }
  return out;
}
