import type { Loc, RelatedLoc } from './location.js';
import type { Severity, SeverityOrOff } from './severity.js';
import type { Tracked } from './tracked.js';
import type { Deployment, EnvName, Format } from '../model/deployment.js';
import type { ScanModel } from './scan-model.js';

export type Category = 'run' | 'secrets' | 'network' | 'container' | 'image' | 'access' | 'logging' | 'docs' | 'drift';

export interface RuleExample {
  /** File name the example is scanned as (decides the format): `compose.yaml`, `Dockerfile`, `main.tf`, … */
  file: string;
  code: string;
  /** Extra files beside it (a `.env`, a `variables.tf`). */
  extra?: Record<string, string>;
  env?: EnvName;
}

export interface RuleExamples {
  bad: RuleExample[];
  good: RuleExample[];
}

export interface ReportInput<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  loc: Loc;
  related?: RelatedLoc[];
  deployment?: Deployment;
  /** Model path of the judged value, part of the fingerprint. */
  path?: string;
  /**
   * A value that distinguishes findings at the same path, hashed into the fingerprint. Never a secret: fingerprints
   * are published (SARIF, baselines) without a salt, so a hashed password could be guessed back.
   */
  valueKey?: string;
  /** Overrides the environment's default severity (e.g. PGW407 follows the CVE scores). */
  severity?: Severity;
  suggestion?: string;
}

export interface RuleContext<M extends string> {
  model: ScanModel;
  /** The scan date, ISO `YYYY-MM-DD`. */
  today: string;
  /** Rule options from the configuration file. */
  options: Record<string, unknown>;
  /** Deployments of the formats this rule applies to. */
  deployments: Deployment[];
  report(input: ReportInput<M>): void;
  /** A value this rule needs could not be resolved: reports PGW002 (info), never a pass, never a false alarm. */
  couldNotVerify(value: Tracked<unknown>, what: string, deployment?: Deployment, path?: string): void;
}

export interface RuleMeta<M extends string = string> {
  id: string;
  slug: string;
  title: string;
  category: Category;
  /** The guideline section this rule implements. */
  guideline: string;
  rationale: string;
  remediation: string;
  severity: Record<EnvName, SeverityOrOff>;
  /** Shown instead of the table when the severity is decided per finding. */
  severityNote?: string;
  formats: Format[];
  fixable: 'safe' | 'suggestion' | 'none';
  messages: Record<M, string>;
  /** Option names and what they mean, for docs and config validation. */
  options?: Record<string, string>;
  /** Per-format examples: documentation and test cases at once. Formats without examples are exercised elsewhere. */
  examples: Partial<Record<Format, RuleExamples>>;
}

export interface Rule<M extends string = string> extends RuleMeta<M> {
  check(ctx: RuleContext<M>): void;
}

/** Rules are plain data plus a check over the model; the id is the stable public name. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  if (!/^PGW\d{3}$/.test(rule.id)) throw new Error(`rule id ${rule.id} is not of the form PGWnnn`);
  return rule;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
