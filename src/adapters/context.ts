import type { SourceFile } from '../core/source.js';
import type { InputProblem, SecretRegistry } from '../core/scan-model.js';
import type { Comment, Deployment, HbaFile, PgConfFile, TerraformFacts } from '../model/deployment.js';
import type { InputKind } from '../discover/formats.js';

/** What every adapter reads and writes: the discovered files, parsed config files to link, and the outputs. */
export interface AdaptContext {
  files: Map<string, SourceFile>;
  kinds: Map<string, InputKind>;
  pgConfs: Map<string, PgConfFile>;
  hbaFiles: Map<string, HbaFile>;
  secrets: SecretRegistry;
  problems: InputProblem[];
  deployments: Deployment[];
  comments: Comment[];
  /** Terraform `--var` / `--var-file` and the like, for the Terraform adapter. */
  options: AdaptOptions;
  /** Terraform-level facts (variables, outputs, providers, state encryption), filled by the Terraform adapter. */
  terraform?: TerraformFacts;
}

export interface AdaptOptions {
  tfVars?: Array<{ kind: 'var'; name: string; value: string } | { kind: 'var-file'; path: string }>;
  environment?: Record<string, string | undefined>;
}

/** Resolves a path written in an input (relative to that input's folder) to a scanned file, if it is one. */
export function resolveScanned(ctx: AdaptContext, fromFile: string, path: string): string | undefined {
  if (!path || path.startsWith('/') || /^[a-z]+:\/\//i.test(path)) return undefined;
  const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
  const parts = (dir ? dir + '/' + path : path).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  const rel = out.join('/');
  return ctx.files.has(rel) ? rel : undefined;
}
