/** What counts as a secret, and how to speak of one without showing it. */

const SECRET_NAME =
  /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|(^|_)PG?PASS$|_PASS$)/i;
/** Variables that name where a secret is, not the secret. */
const SECRET_POINTER = /(_FILE|_PATH|_DIR|_METHOD|_URL_FILE|_ARN|_NAME|_ID)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !SECRET_POINTER.test(name);
}

/** Values that stand for a secret without being one. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  return /\$\{[^}]*\}|\$\(|\{\{.*\}\}|^<[^>]+>$|^\*+$/.test(v);
}

/** Well-known default or weak passwords (lower case). */
export const WEAK_PASSWORDS = new Set([
  'postgres',
  'postgresql',
  'password',
  'passw0rd',
  'password1',
  'password123',
  'changeme',
  'change_me',
  'changeit',
  'admin',
  'admin123',
  'administrator',
  'secret',
  'example',
  'test',
  'test123',
  'root',
  'toor',
  'pass',
  'pgpass',
  'pgpassword',
  'mysecretpassword',
  'default',
  'letmein',
  'welcome',
  'qwerty',
  '123456',
  '12345678',
  '1234',
  'db',
  'database',
  'user',
  'guest',
]);

export const MIN_PASSWORD_LENGTH = 12;

export function weaknessOf(value: string): string | undefined {
  if (WEAK_PASSWORDS.has(value.toLowerCase())) return 'a well-known default password';
  if (value.length < MIN_PASSWORD_LENGTH) return `shorter than ${MIN_PASSWORD_LENGTH} characters`;
  return undefined;
}

/** A length class, the most any output says about a secret value. */
export function lengthClass(value: string): string {
  if (value.length < MIN_PASSWORD_LENGTH) return `short: under ${MIN_PASSWORD_LENGTH} characters`;
  if (value.length < 24) return 'medium: 12–23 characters';
  return 'long: 24 characters or more';
}

/** `scheme://user:password@host`: the password's offsets inside the string, if any. */
export function urlPassword(value: string): { start: number; end: number; password: string } | undefined {
  // the password runs to the last `@` before the host, so `p@ss/word` stays whole
  const m = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/:@]+):(\S+)@(?=[^\s@/]+)/i.exec(value);
  if (!m || m[2] === undefined || m[1] === undefined) return undefined;
  if (isPlaceholder(m[2])) return undefined;
  const start = m.index + m[0].length - 1 - m[2].length;
  return { start, end: start + m[2].length, password: m[2] };
}

const KEYED_SECRET =
  /\b([A-Za-z_]*(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key)[A-Za-z_]*)(\s*[=:]\s*|\s+)(['"]?)([^\s'"&;,]+)/gi;
const NOT_SECRET_KEY = /(_FILE|_PATH|_DIR|_METHOD|_ENCRYPTION|_COMMAND|_NAME|_ID)$|^password_encryption$/i;

/**
 * Masks whatever looks like a credential in free text: URL passwords, `password=…`, `--password …`. A second line
 * of defence for text that quotes an input the adapters could not read (parse errors, code frames, CLI errors).
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(
      /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)(\S+)(@[^\s@/]+)/gi,
      (_m, a: string, _p: string, c: string) => `${a}****${c}`,
    )
    .replace(KEYED_SECRET, (whole, key: string, sep: string, quote: string, value: string) => {
      if (NOT_SECRET_KEY.test(key) || isPlaceholder(value) || value.startsWith('$') || value === '****') return whole;
      if (/^\s+$/.test(sep) && !/^-/.test(text.slice(Math.max(0, text.indexOf(whole) - 2), text.indexOf(whole)))) {
        return whole; // `password is` in prose: only `--password value` counts without = or :
      }
      return `${key}${sep}${quote}****`;
    });
}

export interface EmbeddedPassword {
  password: string;
  /** What holds it, for messages: a URL, a libpq keyword string, a JDBC URL. */
  kind: 'a connection URL' | 'a connection string';
}

/**
 * A password inside a longer value: `scheme://user:password@host`, a libpq keyword string (`password=…`), or
 * query parameters of a JDBC/ODBC URL (`?user=…&password=…`, `;Password=…`).
 */
export function embeddedPassword(value: string): EmbeddedPassword | undefined {
  const url = urlPassword(value);
  if (url) return { password: url.password, kind: 'a connection URL' };
  const m = /(?:^|[\s?&;])(?:password|pwd)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|"([^"]*)"|([^\s&;'"]+))/i.exec(value);
  const secret = m?.[1] ?? m?.[2] ?? m?.[3];
  if (!secret || isPlaceholder(secret) || secret.startsWith('$')) return undefined;
  return { password: secret, kind: 'a connection string' };
}

const ASSIGNED =
  /(?:^|[\s;&|])(?:--?)?(?:[A-Za-z_]*PASSWORD|PGPASSWORD|password|passwd|secret|token)[=:]\s*([^\s'"]+)/i;

/** A secret written into command-line words: a URL with a password, or `PASSWORD=…` / `--password=…`. */
export function commandLineSecret(words: string[]): string | undefined {
  const joined = words.join(' ');
  const url = urlPassword(joined);
  if (url) return url.password;
  const m = ASSIGNED.exec(joined);
  if (m?.[1] && !isPlaceholder(m[1]) && !m[1].startsWith('$')) return m[1];
  return undefined;
}

/** A password inside a setting value: a libpq conninfo (`password=…`, quoted or not) or a URL with a password. */
export function settingSecret(value: string): string | undefined {
  const url = urlPassword(value);
  if (url) return url.password;
  const m = /(?:^|\s)password\s*=\s*(?:'((?:[^'\\]|\\.)*)'|([^\s']+))/i.exec(value);
  const secret = m?.[1] ?? m?.[2];
  return secret && !isPlaceholder(secret) ? secret : undefined;
}
