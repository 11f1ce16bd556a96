import type { Loc } from '../core/location.js';

/** What is wrong with a suppression: reported as PGW003 (invalid-suppression). */
export type SuppressionProblemKind = 'missing-reason' | 'expired' | 'unused' | 'unknown-rule' | 'malformed';

export interface SuppressionProblem {
  kind: SuppressionProblemKind;
  /** Where the suppression is written: the inline comment, or the `ignore` entry of the configuration file. */
  loc: Loc;
  source: 'inline' | 'config';
  /** The directive as written (inline) or a short description of the `ignore` entry (config). */
  directive: string;
  /** The rule ids the problem is about. */
  rules: string[];
  /** Kind-specific detail: the expiry date, the unknown id, what is malformed. */
  detail: string;
}

/** One `ignore` entry of the configuration file, with where it is written. */
export interface ConfigIgnore {
  /** Rule id (`PGW201`), already resolved from a slug. */
  rule: string;
  /** Glob over the file path (relative to the scanned root). */
  path?: string;
  /** Deployment name: the compose service, the Terraform resource, the Dockerfile stage. */
  resource?: string;
  reason: string;
  /** `YYYY-MM-DD`: the last day the entry applies. */
  expires?: string;
  /** Position of the entry in the `ignore` list. */
  index: number;
  /** Where the entry is written; `loc.file` is the configuration file's path as found. */
  loc?: Loc;
}

export interface SuppressOptions {
  /** Honour inline `pgwarden-ignore` comments (default true); false audits everything (`--no-inline-ignores`). */
  inline?: boolean;
  /** `ignore` entries of the configuration file. */
  ignores?: ConfigIgnore[];
}
