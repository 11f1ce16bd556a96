import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep, dirname } from 'node:path';
import { kindByContent, kindByName, type InputKind } from './formats.js';
import { makeSourceFile, type SourceFile } from '../core/source.js';
import type { InputProblem } from '../core/scan-model.js';

const NOT_AN_INPUT =
  'not a recognised input: pgwarden reads compose files, Dockerfiles, Terraform/OpenTofu, postgresql.conf, pg_hba.conf and docker inspect JSON';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Files that are read even when they are no input of their own, because inputs refer to them. */
const SUPPORTING = /\.(ya?ml|conf|env)$|(^|\/)\.env(\.[\w.-]+)?$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', 'dist', '.hg', '.svn', '__pycache__']);

export interface DiscoveredFile {
  file: SourceFile;
  /** undefined: no input of its own, kept because inputs may name it (env_file, extends, include). */
  kind: InputKind | undefined;
}

export interface Discovery {
  root: string;
  files: DiscoveredFile[];
  problems: InputProblem[];
}

/** The directory entry and file facts the walk needs (a subset of node:fs Dirent and Stats). */
export interface DirEntryInfo {
  name: string;
  isDirectory(): boolean;
}
export interface FileInfo {
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** The file system calls of the walk; injectable so tests can simulate what root cannot (EACCES, EIO). */
export interface DiscoverFs {
  readdir(path: string): Promise<DirEntryInfo[]>;
  readFile(path: string): Promise<Buffer>;
  stat(path: string): Promise<FileInfo>;
  lstat(path: string): Promise<FileInfo>;
  realpath(path: string): Promise<string>;
}

export const nodeFs: DiscoverFs = {
  readdir: (path) => readdir(path, { withFileTypes: true }),
  readFile: (path) => readFile(path),
  stat: (path) => stat(path),
  lstat: (path) => lstat(path),
  realpath: (path) => realpath(path),
};

export interface DiscoverOptions {
  exclude?: (rel: string) => boolean;
  /** Replaces some or all file system calls (tests); node:fs/promises otherwise. */
  fs?: Partial<DiscoverFs>;
}

/**
 * Walks the given paths. Every file is read once; unreadable, binary, oversized files and symlink loops become
 * skipped-file notes, and the walk goes on.
 */
export async function discover(paths: string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const fs: DiscoverFs = { ...nodeFs, ...options.fs };
  const absPaths = paths.map((p) => resolve(p));
  const root = await commonRoot(absPaths, fs);
  const files: DiscoveredFile[] = [];
  const problems: InputProblem[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const toRel = (abs: string) => relative(root, abs).split(sep).join('/') || basename(abs);

  async function visit(abs: string, explicit: boolean): Promise<void> {
    const rel = toRel(abs);
    if (!explicit && options.exclude?.(rel)) return;
    let info;
    try {
      info = await fs.stat(abs);
    } catch (error) {
      const link = await fs.lstat(abs).catch(() => undefined);
      const reason = link?.isSymbolicLink() ? symlinkProblem(error) : errText(error);
      problems.push({ file: rel, kind: 'skipped', message: `skipped: ${reason}` });
      return;
    }
    if (info.isDirectory()) {
      const real = await fs.realpath(abs).catch(() => abs);
      if (seenDirs.has(real)) {
        problems.push({
          file: rel,
          kind: 'skipped',
          message: 'skipped: directory already scanned (symbolic link loop)',
        });
        return;
      }
      seenDirs.add(real);
      let entries;
      try {
        entries = await fs.readdir(abs);
      } catch (error) {
        problems.push({ file: rel, kind: 'skipped', message: `skipped directory: ${errText(error)}` });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
        await visit(join(abs, entry.name), false);
      }
      return;
    }
    if (!info.isFile()) return;
    const real = await fs.realpath(abs).catch(() => abs);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    await readOne(abs, rel, info.size, explicit);
  }

  async function readOne(abs: string, rel: string, size: number, explicit = false): Promise<void> {
    const byName = kindByName(rel);
    const maybeRelevant = byName !== undefined || /\.json$/i.test(rel) || SUPPORTING.test(rel);
    const unrecognised = () => {
      if (explicit) problems.push({ file: rel, kind: 'skipped', message: NOT_AN_INPUT });
    };
    if (!maybeRelevant) return unrecognised();
    if (size > MAX_FILE_BYTES) {
      problems.push({
        file: rel,
        kind: 'skipped',
        message: `skipped: file is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`,
      });
      return;
    }
    let buffer: Buffer;
    try {
      buffer = await fs.readFile(abs);
    } catch (error) {
      problems.push({ file: rel, kind: 'skipped', message: `skipped: ${errText(error)}` });
      return;
    }
    if (buffer.subarray(0, 8192).includes(0)) {
      if (byName) problems.push({ file: rel, kind: 'skipped', message: 'skipped: binary file (contains NUL bytes)' });
      return;
    }
    const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
    const kind = byName ?? kindByContent(rel, text);
    if (!kind) {
      // not an input of its own, but one an input may name: an env_file, an extends file, an included .conf
      if (SUPPORTING.test(rel)) files.push({ file: makeSourceFile(rel, abs, text), kind: undefined });
      return unrecognised();
    }
    if (text.trim() === '' && kind !== 'dotenv') {
      problems.push({ file: rel, kind: 'skipped', message: 'skipped: empty file' });
      return;
    }
    files.push({ file: makeSourceFile(rel, abs, text), kind });
  }

  for (const abs of absPaths) {
    await visit(abs, true);
    // a compose file given on its own still reads the .env beside it, as compose does
    const info = await fs.stat(abs).catch(() => undefined);
    const dotenv = join(dirname(abs), '.env');
    if (info?.isFile() && (await fs.stat(dotenv).catch(() => undefined))?.isFile()) await visit(dotenv, false);
  }
  return { root, files, problems };
}

async function commonRoot(absPaths: string[], fs: DiscoverFs): Promise<string> {
  const dirs = await Promise.all(
    absPaths.map(async (p) => {
      const info = await fs.stat(p).catch(() => undefined);
      return info?.isDirectory() ? p : resolve(p, '..');
    }),
  );
  if (!dirs.length) return process.cwd();
  let root = dirs[0] ?? process.cwd();
  for (const d of dirs.slice(1)) {
    while (!(d + sep).startsWith(root.endsWith(sep) ? root : root + sep) && d !== root) root = resolve(root, '..');
  }
  return root;
}

function symlinkProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ELOOP') return 'a symbolic link loop (the link resolves to itself)';
  if (code === 'ENOENT') return 'a broken symbolic link (its target does not exist)';
  return `a symbolic link that cannot be followed (${errText(error)})`;
}

function errText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'ELOOP') return 'a symbolic link loop';
  return e?.message ?? String(error);
}

/** For in-memory scans (tests, rule examples). */
export function virtualFiles(entries: Record<string, string>): DiscoveredFile[] {
  return Object.entries(entries).map(([rel, text]) => {
    const file = makeSourceFile(rel, '/virtual/' + rel, text);
    return { file, kind: kindByName(rel) ?? kindByContent(rel, text) };
  });
}
