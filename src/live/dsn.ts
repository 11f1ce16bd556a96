/**
 * `postgres://user@host:port/db?sslmode=…` connection URLs. The password, if the URL carries one, is kept apart
 * and never appears in the target string that reports and messages use.
 */

export class DsnError extends Error {}

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

export interface Dsn {
  host: string;
  port: number;
  user: string;
  database: string;
  sslmode: SslMode;
  sslrootcert?: string;
  /** Only when the URL itself carries one (discouraged: shell history, process list). */
  urlPassword?: string;
  /** `postgres://user@host:port/db`: what reports and messages show. */
  target: string;
}

const NO_HOST = 'pgwarden-no-host.invalid';

export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text.trim());
}

/** Parses a connection URL; unset parts come from PGHOST/PGPORT/PGUSER/PGDATABASE/PGSSLMODE, then libpq defaults. */
export function parseDsn(text: string, env: Record<string, string | undefined> = {}): Dsn {
  const raw = text.trim();
  if (!isPostgresUrl(raw)) throw new DsnError(`"${redactUrl(raw)}" is not a postgres:// or postgresql:// URL`);
  let url: URL;
  // the WHATWG parser treats postgres: as an opaque scheme; http: gives the same authority rules, but needs a host
  const rest = raw.replace(/^postgres(ql)?:\/\//i, '');
  const authority = /^[^/?#]*/.exec(rest)?.[0] ?? '';
  const at = authority.lastIndexOf('@');
  const hostPort = authority.slice(at + 1);
  const noHost = hostPort === '' || hostPort.startsWith(':');
  try {
    url = new URL(`http://${authority.slice(0, at + 1)}${noHost ? NO_HOST : ''}${rest.slice(at + 1)}`);
  } catch {
    throw new DsnError(`cannot read the connection URL "${redactUrl(raw)}"`);
  }
  const params = url.searchParams;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new DsnError('the connection URL has an invalid %-escape');
    }
  };
  const hostParam = params.get('host') ?? undefined;
  const host = hostParam ?? (noHost ? (env['PGHOST'] ?? 'localhost') : decode(url.hostname).replace(/^\[|\]$/g, ''));
  const portText = url.port || params.get('port') || env['PGPORT'] || '5432';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DsnError(`invalid port "${portText}"`);
  const user =
    (url.username ? decode(url.username) : undefined) ??
    params.get('user') ??
    env['PGUSER'] ??
    env['USER'] ??
    'postgres';
  const path = decode(url.pathname.replace(/^\//, ''));
  const database = path || params.get('dbname') || env['PGDATABASE'] || user;
  const modeText = (params.get('sslmode') ?? env['PGSSLMODE'] ?? 'prefer').toLowerCase();
  if (!SSL_MODES.includes(modeText as SslMode)) {
    throw new DsnError(`sslmode must be one of ${SSL_MODES.join(', ')} (got "${modeText}")`);
  }
  const urlPass = url.password ? decode(url.password) : (params.get('password') ?? undefined);
  const sslrootcert = params.get('sslrootcert') ?? env['PGSSLROOTCERT'];
  const hostShown = host.includes(':') && !host.startsWith('/') ? `[${host}]` : host;
  return {
    host,
    port,
    user,
    database,
    sslmode: modeText as SslMode,
    ...(sslrootcert ? { sslrootcert } : {}),
    ...(urlPass ? { urlPassword: urlPass } : {}),
    target: host.startsWith('/')
      ? `postgres://${encodeURIComponent(user)}@/${encodeURIComponent(database)}?host=${host}&port=${port}`
      : `postgres://${encodeURIComponent(user)}@${hostShown}:${port}/${encodeURIComponent(database)}`,
  };
}

/** A URL with any password removed (for messages about a URL that could not even be parsed). */
export function redactUrl(text: string): string {
  return text
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*):[^@/\s]*@/i, '$1@')
    .replace(/([?&]password=)[^&]*/gi, '$1****');
}
