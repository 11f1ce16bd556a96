import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { kindByContent, kindByName, type InputKind } from './formats.js';
import { makeSourceFile, type SourceFile } from '../core/source.js';
import type { InputProblem } from '../core/scan-model.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', 'dist', '.hg', '.svn', '__pycache__']);

export interface DiscoveredFile {
  file: SourceFile;
  kind: InputKind | undefined;
}

export interface Discovery {
  root: string;
  files: DiscoveredFile[];
  problems: InputProblem[];
}

export interface DiscoverOptions {
  exclude?: (rel: string) => boolean;
}

/**
 * Walks the given paths. Every file is read once; unreadable, binary, oversized files and symlink loops become
 * skipped-file notes, and the walk goes on.
 */
export async function discover(paths: string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const absPaths = paths.map((p) => resolve(p));
  const root = await commonRoot(absPaths);
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
      info = await stat(abs);
    } catch (error) {
      const link = await lstat(abs).catch(() => undefined);
      const reason = link?.isSymbolicLink()
        ? 'a symbolic link that cannot be followed (broken or a loop)'
        : errText(error);
      problems.push({ file: rel, kind: 'skipped', message: `skipped: ${reason}` });
      return;
    }
    if (info.isDirectory()) {
      const real = await realpath(abs).catch(() => abs);
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
        entries = await readdir(abs, { withFileTypes: true });
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
    const real = await realpath(abs).catch(() => abs);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    await readOne(abs, rel, info.size);
  }

  async function readOne(abs: string, rel: string, size: number): Promise<void> {
    const byName = kindByName(rel);
    const maybeRelevant = byName !== undefined || /\.(json|ya?ml|conf)$/i.test(rel);
    if (!maybeRelevant) return;
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
      buffer = await readFile(abs);
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
    if (!kind) return;
    if (text.trim() === '' && kind !== 'dotenv') {
      problems.push({ file: rel, kind: 'skipped', message: 'skipped: empty file' });
      return;
    }
    files.push({ file: makeSourceFile(rel, abs, text), kind });
  }

  for (const abs of absPaths) await visit(abs, true);
  return { root, files, problems };
}

async function commonRoot(absPaths: string[]): Promise<string> {
  const dirs = await Promise.all(
    absPaths.map(async (p) => {
      const info = await stat(p).catch(() => undefined);
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
