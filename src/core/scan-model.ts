import type { SourceFile } from './source.js';
import { WEAK_PASSWORDS } from '../model/secrets.js';
import type { Loc } from './location.js';
import type { SuppressionProblem } from '../suppress/types.js';
import type {
  CiDefinition,
  Comment,
  Deployment,
  EnvDecision,
  HbaFile,
  PgConfFile,
  TerraformFacts,
} from '../model/deployment.js';

/** A file that could not be read or parsed: becomes PGW001 (parse) or a skipped-file note. */
export interface InputProblem {
  file: string;
  kind: 'parse-error' | 'skipped';
  message: string;
  loc?: Loc;
}

export interface ScanInput {
  file: string;
  format: string;
  env: EnvDecision;
}

/** Everything the adapters produced: rules see only this. */
export interface ScanModel {
  root: string;
  files: Map<string, SourceFile>;
  inputs: ScanInput[];
  problems: InputProblem[];
  deployments: Deployment[];
  hbaFiles: HbaFile[];
  pgConfs: PgConfFile[];
  comments: Comment[];
  terraform?: TerraformFacts;
  ciDefinitions: CiDefinition[];
  envOf(file: string): EnvDecision;
  /** Secret values and spans seen in the inputs: every reporter masks them. */
  secrets: SecretRegistry;
  /** Filled by the suppress stage after the rules ran: bad suppressions, which PGW003 reports. */
  suppressionProblems?: SuppressionProblem[];
}

export class SecretRegistry {
  readonly values = new Set<string>();
  readonly spans = new Map<string, Array<[number, number]>>();

  /** With the scan's files, a registered location narrows to where the value itself is written in it. */
  constructor(private readonly files?: Map<string, SourceFile>) {}

  /**
   * Registers a secret. Its span is masked in code frames; its value is redacted from all output unless it is a
   * common word (a default such as `postgres`), which would garble unrelated text and reveals nothing.
   * When the value is written inside `loc` (a URL in a longer string, a fallback default in `${VAR:-…}`), exactly
   * those characters are masked; otherwise the whole location is.
   */
  add(value: string | undefined, loc?: Loc): void {
    if (value && value.length >= 6 && !WEAK_PASSWORDS.has(value.toLowerCase())) this.values.add(value);
    if (!loc || loc.live) return;
    const list = this.spans.get(loc.file) ?? [];
    const text = this.files?.get(loc.file)?.text.slice(loc.start.offset, loc.end.offset);
    let at = value && text ? text.indexOf(value) : -1;
    if (at < 0 || !value) list.push([loc.start.offset, loc.end.offset]);
    while (at >= 0 && value) {
      list.push([loc.start.offset + at, loc.start.offset + at + value.length]);
      at = text!.indexOf(value, at + value.length);
    }
    this.spans.set(loc.file, list);
  }

  /** Replace every known secret in text; the longest first so a secret inside another is not half-shown. */
  redact(text: string): string {
    if (!this.values.size) return text;
    if (!this.sorted || this.sortedFor !== this.values.size) {
      // also the JSON-escaped spelling, so a value with a quote or backslash cannot slip through JSON output
      const all = new Set<string>();
      for (const v of this.values) {
        all.add(v);
        all.add(JSON.stringify(v).slice(1, -1));
      }
      this.sorted = [...all].sort((a, b) => b.length - a.length);
      this.sortedFor = this.values.size;
    }
    let out = text;
    for (const v of this.sorted) if (out.includes(v)) out = out.split(v).join('****');
    return out;
  }

  private sorted?: string[];
  private sortedFor = 0;
}
