/**
 * Where the audit's password comes from, in libpq's order: PGPASSWORD, then the password file (PGPASSFILE or
 * ~/.pgpass, ignored when others may read it), then a prompt when a terminal is attached. A password in the URL
 * is used but discouraged. The password is never printed, logged or stored in the model.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Dsn } from './dsn.js';

export interface PasswordSources {
  env: Record<string, string | undefined>;
  /** Asks on the terminal; undefined when there is no terminal. */
  prompt?: (question: string) => Promise<string>;
  /** Where warnings go (stderr). */
  warn: (message: string) => void;
}

export interface PasswordChoice {
  /** Called only when the server asks for a password. */
  get(): Promise<string | undefined>;
  /** Where it came from, once asked (`PGPASSWORD`, `~/.pgpass line 3`, `prompt`, `the URL`). */
  source(): string | undefined;
  /** The password, once known: registered as a secret so no output shows it. */
  known(): string | undefined;
}

export function choosePassword(dsn: Dsn, sources: PasswordSources): PasswordChoice {
  let chosen: { value: string; from: string } | undefined;
  let pending: Promise<string | undefined> | undefined;
  const find = async (): Promise<string | undefined> => {
    if (dsn.urlPassword !== undefined) {
      sources.warn(
        'the connection URL carries a password: it is visible in the process list and shell history; use PGPASSWORD or a .pgpass file',
      );
      chosen = { value: dsn.urlPassword, from: 'the URL' };
      return chosen.value;
    }
    const envPass = sources.env['PGPASSWORD'];
    if (envPass !== undefined && envPass !== '') {
      chosen = { value: envPass, from: 'PGPASSWORD' };
      return chosen.value;
    }
    const file = passFileEntry(dsn, sources);
    if (file) {
      chosen = file;
      return chosen.value;
    }
    if (sources.prompt) {
      const typed = await sources.prompt(`Password for ${dsn.target}: `);
      chosen = { value: typed, from: 'prompt' };
      return chosen.value;
    }
    return undefined;
  };
  return {
    get() {
      pending ??= find();
      return pending;
    },
    source: () => chosen?.from,
    known: () => chosen?.value,
  };
}

/** `hostname:port:database:username:password`, `*` matches anything, `\:` and `\\` escape. */
export function parsePgpass(text: string): Array<{ fields: string[]; line: number }> {
  const out: Array<{ fields: string[]; line: number }> = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (!lineText.trim() || lineText.startsWith('#')) return;
    const fields: string[] = [];
    let current = '';
    for (let j = 0; j < lineText.length; j++) {
      const c = lineText[j];
      if (c === '\\' && j + 1 < lineText.length) current += lineText[++j];
      else if (c === ':' && fields.length < 4) {
        fields.push(current);
        current = '';
      } else current += c;
    }
    fields.push(current);
    if (fields.length === 5) out.push({ fields, line: i + 1 });
  });
  return out;
}

function passFileEntry(dsn: Dsn, sources: PasswordSources): { value: string; from: string } | undefined {
  const home = sources.env['HOME'];
  const path = sources.env['PGPASSFILE'] ?? (home ? join(home, '.pgpass') : undefined);
  if (!path) return undefined;
  let text: string;
  try {
    const info = statSync(path);
    if (!info.isFile()) return undefined;
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      sources.warn(
        `password file ${path} is readable by others (mode ${(info.mode & 0o777).toString(8)}); ignored, as libpq does: chmod 600 it`,
      );
      return undefined;
    }
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const hostKey = dsn.host.startsWith('/') ? 'localhost' : dsn.host;
  const wants = [hostKey, String(dsn.port), dsn.database, dsn.user];
  for (const entry of parsePgpass(text)) {
    const [h, p, d, u, password = ''] = entry.fields;
    const keys = [h, p, d, u];
    if (keys.every((k, i) => k === '*' || k === wants[i])) {
      return { value: password, from: `${sources.env['PGPASSFILE'] ? 'PGPASSFILE' : '~/.pgpass'} line ${entry.line}` };
    }
  }
  return undefined;
}

/** Reads a password from the terminal without echo. */
export function promptOnTerminal(question: string): Promise<string> {
  const input = process.stdin;
  const output = process.stderr;
  return new Promise((resolve, reject) => {
    let typed = '';
    const wasRaw = input.isRaw;
    output.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error?: Error) => {
      input.setRawMode(wasRaw);
      input.pause();
      input.removeListener('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new Error('password prompt interrupted'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}
