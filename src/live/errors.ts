/** Why a live audit stopped, in words an operator can act on. Every one of them ends the run with exit code 2. */

export type LiveFailure =
  | 'auth'
  | 'refused'
  | 'unreachable'
  | 'connect-timeout'
  | 'statement-timeout'
  | 'lost'
  | 'tls'
  | 'no-password'
  | 'rejected'
  | 'other';

export class LiveAuditError extends Error {
  constructor(
    message: string,
    readonly failure: LiveFailure,
  ) {
    super(message);
  }
}

interface PgLikeError {
  code?: string;
  message?: string;
  errors?: Array<{ code?: string; message?: string }>;
}

function codeOf(error: unknown): string | undefined {
  const e = error as PgLikeError;
  return e?.code ?? e?.errors?.find((x) => x.code)?.code;
}

/** PostgreSQL SQLSTATE of a server error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  const c = codeOf(error);
  return c && /^[0-9A-Z]{5}$/.test(c) ? c : undefined;
}

/** A connection-time failure. */
export function connectFailure(error: unknown, target: string, timeoutMs: number): LiveAuditError {
  if (error instanceof LiveAuditError) return error;
  const e = error as PgLikeError;
  const message = e?.message || e?.errors?.map((x) => x.message).join('; ') || String(error);
  const code = codeOf(error);
  switch (code) {
    case '28P01':
      return new LiveAuditError(`password authentication failed at ${target}: ${message}`, 'auth');
    case '28000':
      return new LiveAuditError(`the server rejected the connection to ${target}: ${message}`, 'rejected');
    case '3D000':
      return new LiveAuditError(`${message} (at ${target})`, 'rejected');
    case '53300':
      return new LiveAuditError(`${target} has no free connection slot: ${message}`, 'rejected');
    case '57P03':
      return new LiveAuditError(`${target} is not accepting connections yet: ${message}`, 'rejected');
    case 'ECONNREFUSED':
      return new LiveAuditError(`connection refused at ${target}: no PostgreSQL server listens there`, 'refused');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new LiveAuditError(`cannot resolve the host of ${target}`, 'unreachable');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new LiveAuditError(`${target} is unreachable: ${message}`, 'unreachable');
    case 'ECONNRESET':
      return new LiveAuditError(`${target} closed the connection while connecting: ${message}`, 'lost');
  }
  if (/timeout/i.test(message)) {
    return new LiveAuditError(
      `no answer from ${target} within ${timeoutMs / 1000} s (connect timeout)`,
      'connect-timeout',
    );
  }
  if (/SSL|TLS|certificate/i.test(message)) return new LiveAuditError(`TLS to ${target} failed: ${message}`, 'tls');
  if (/terminated/i.test(message))
    return new LiveAuditError(`${target} closed the connection while connecting: ${message}`, 'lost');
  return new LiveAuditError(`cannot connect to ${target}: ${message}`, 'other');
}

/** A failure once connected: the audit cannot finish, so it reports nothing rather than half a picture. */
export function sessionFailure(error: unknown, target: string, step: string, timeoutMs: number): LiveAuditError {
  if (error instanceof LiveAuditError) return error;
  const e = error as PgLikeError;
  const message = e?.message ?? String(error);
  const code = codeOf(error);
  if (code === '57014' || /Query read timeout/i.test(message)) {
    return new LiveAuditError(
      `statement timeout (${timeoutMs} ms) while reading ${step} at ${target}: the server is overloaded or a ` +
        'catalog is locked by another session; try again, or raise --statement-timeout',
      'statement-timeout',
    );
  }
  if (
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    /terminat|Connection ended|ECONNRESET|EPIPE/i.test(message) ||
    code === 'ECONNRESET'
  ) {
    return new LiveAuditError(
      `the connection to ${target} was lost while reading ${step} (${message}): the server stopped or restarted ` +
        'during the audit; nothing is reported from an incomplete audit',
      'lost',
    );
  }
  return new LiveAuditError(`reading ${step} at ${target} failed: ${message}`, 'other');
}
