import type { Finding } from '../core/finding.js';
import type { ScanModel } from '../core/scan-model.js';
import { lineText, type SourceFile } from '../core/source.js';
import type { Comment } from '../model/deployment.js';
import { coveredRange, isCommentOnlyLine, type LineRange } from './block-range.js';
import { hasReason, parseDirective, type Directive } from './directive.js';
import type { SuppressionProblem } from './types.js';

/** Problems with PGW003 itself are reported, never suppressed inline (that would hide the report about it). */
export const INVALID_SUPPRESSION_RULE = 'PGW003';

/** A `pgwarden-ignore` comment and what it covers. */
export interface InlineDirective {
  directive: Directive;
  comment: Comment;
  file: string;
  /** Lines covered; undefined when nothing follows the directive (a blank line or the end of the file). */
  range?: LineRange;
  /** Deployments whose declaring line (block header) is the covered line: every finding about them is covered. */
  deployments: Set<string>;
  /** False when the directive has no reason, has expired or is malformed: it then suppresses nothing. */
  active: boolean;
  /** Rule ids that suppressed at least one finding. */
  used: Set<string>;
}

/** Short form of a directive for messages: at most 100 characters. */
function shown(text: string): string {
  return text.length > 100 ? text.slice(0, 99) + '…' : text;
}

/**
 * Reads every `pgwarden-ignore` comment of the scanned files (model.comments holds the comments of every format),
 * decides what each covers, and reports the ones that cannot suppress (missing reason, expired, malformed, unknown
 * rule ids) into `problems`.
 *
 * Placement rule: a directive at the end of a line covers that line; a directive on its own line covers the next
 * line that is not a comment (a blank line in between means it covers nothing). When the covered line opens a block
 * (a compose service or any YAML key with nested lines, a Terraform block, a Dockerfile stage), the whole block is
 * covered, and so is every finding about a deployment declared on that line, wherever the finding is located.
 * `pgwarden-ignore-file` covers the whole file and the deployments declared in it.
 */
export function collectInlineDirectives(
  model: ScanModel,
  resolveRule: (token: string) => string | undefined,
  today: string,
  problems: SuppressionProblem[],
): InlineDirective[] {
  const out: InlineDirective[] = [];
  for (const comment of model.comments) {
    const directive = parseDirective(comment.text, resolveRule);
    if (!directive) continue;
    const file = model.files.get(comment.loc.file);
    const problem = (kind: SuppressionProblem['kind'], rules: string[], detail: string) =>
      problems.push({ kind, loc: comment.loc, source: 'inline', directive: shown(directive.text), rules, detail });
    let active = true;
    if (directive.error) {
      problem('malformed', directive.ids, directive.error);
      active = false;
    } else {
      for (const u of directive.unknown) problem('unknown-rule', [u], u);
      if (directive.ids.includes(INVALID_SUPPRESSION_RULE)) {
        problem(
          'malformed',
          [INVALID_SUPPRESSION_RULE],
          `${INVALID_SUPPRESSION_RULE} cannot be suppressed inline; turn it off or add an \`ignore\` entry in the configuration file`,
        );
        directive.ids = directive.ids.filter((id) => id !== INVALID_SUPPRESSION_RULE);
      }
      if (!directive.ids.length) active = false;
      else if (!hasReason(directive.reason)) {
        problem('missing-reason', directive.ids, '');
        active = false;
      } else if (directive.until && today > directive.until) {
        problem('expired', directive.ids, directive.until);
        active = false;
      }
    }
    const entry: InlineDirective = {
      directive,
      comment,
      file: comment.loc.file,
      deployments: new Set(),
      active,
      used: new Set(),
    };
    if (file) placeDirective(entry, file, model);
    out.push(entry);
  }
  return out;
}

function placeDirective(entry: InlineDirective, file: SourceFile, model: ScanModel): void {
  const { comment, directive } = entry;
  const declaredHere = (from: number, to: number) =>
    model.deployments.filter(
      (d) => d.loc.file === file.rel && !d.loc.live && d.loc.start.line >= from && d.loc.start.line <= to,
    );
  if (directive.scope === 'file') {
    entry.range = { start: 1, end: file.lineStarts.length };
    for (const d of declaredHere(1, file.lineStarts.length)) entry.deployments.add(d.id);
    return;
  }
  const before = lineText(file, comment.loc.start.line).slice(0, comment.loc.start.column - 1);
  let target: number | undefined = comment.loc.start.line;
  if (!before.trim()) {
    target = undefined;
    for (let l = comment.loc.end.line + 1; l <= file.lineStarts.length; l++) {
      if (!lineText(file, l).trim()) break;
      if (isCommentOnlyLine(file, comment.format, l)) continue;
      target = l;
      break;
    }
  }
  if (target === undefined) return;
  entry.range = coveredRange(file, comment.format, target);
  for (const d of declaredHere(target, target)) entry.deployments.add(d.id);
}

/** Whether an active directive covers a finding. */
export function directiveCovers(d: InlineDirective, f: Finding): boolean {
  if (!d.active || !d.directive.ids.includes(f.ruleId)) return false;
  if (f.deploymentId && d.deployments.has(f.deploymentId)) return true;
  if (!d.range || f.loc.live || f.loc.file !== d.file) return false;
  return f.loc.start.line >= d.range.start && f.loc.start.line <= d.range.end;
}
