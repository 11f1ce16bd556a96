import { SEVERITIES, type Severity } from '../core/severity.js';
import { formatLoc } from '../core/location.js';
import type { Finding } from '../core/finding.js';
import { codeFrame } from './code-frame.js';
import { buildChecklist } from './checklist.js';
import type { Reporter } from './types.js';

const COLORS: Record<Severity, string> = {
  critical: '\x1b[1;35m',
  high: '\x1b[1;31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
};
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';

/** Human report: findings grouped by file with code frames, why and how to fix, then a summary. */
export const textReporter: Reporter = (result, options) => {
  const { model } = result;
  const c = (code: string, s: string) => (options.color ? code + s + RESET : s);
  const rules = new Map(options.rules.map((r) => [r.id, r]));
  const active = result.findings.filter((f) => !f.suppressions?.length);
  const suppressed = result.findings.length - active.length;
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of active) {
    const list = byFile.get(f.loc.file);
    if (list) list.push(f);
    else byFile.set(f.loc.file, [f]);
  }
  for (const [file, findings] of byFile) {
    const env = findings[0] ? `${findings[0].env} — ${findings[0].envReason}` : '';
    out.push(c(BOLD, file) + c(DIM, `  (environment: ${env})`));
    for (const f of findings) {
      if (options.quiet && f.severity === 'info') continue;
      const rule = rules.get(f.ruleId);
      out.push(
        `  ${c(COLORS[f.severity], f.severity.toUpperCase().padEnd(8))} ${c(BOLD, f.ruleId)} ${rule?.title ?? ''}  ${c(DIM, formatLoc(f.loc))}`,
      );
      out.push(`    ${f.message}`);
      const source = model.files.get(f.loc.file);
      if (source && !options.quiet) for (const l of codeFrame(source, f.loc, model.secrets)) out.push('  ' + c(DIM, l));
      for (const r of f.related) out.push(c(DIM, `    ↳ ${r.message}: ${formatLoc(r.loc)}`));
      if (rule && !options.quiet && f.ruleId !== 'PGW001' && f.ruleId !== 'PGW002') {
        out.push(`    ${c(DIM, 'why:')} ${firstSentence(rule.rationale)}`);
        out.push(`    ${c(DIM, 'fix:')} ${f.suggestion ?? rule.remediation}`);
      }
      out.push('');
    }
  }
  const skipped = model.problems.filter((p) => p.kind === 'skipped');
  if (skipped.length) {
    out.push(c(BOLD, 'Skipped'));
    for (const p of skipped)
      out.push(`  ${p.file}${p.loc ? ':' + p.loc.start.line : ''}: ${p.message.replace(/^skipped: /, '')}`);
    out.push('');
  }
  if (!options.quiet) {
    out.push(c(BOLD, 'Security checklist'));
    for (const item of buildChecklist(result.findings, model)) {
      const mark = item.status === 'met' ? '[x]' : item.status === 'failed' ? '[ ]' : '[?]';
      out.push(`  ${mark} ${item.item} — ${item.detail}`);
    }
    out.push('');
  }
  for (const n of options.notes ?? []) out.push(c(DIM, `note: ${n}`));
  const counts = SEVERITIES.map((s) => `${active.filter((f) => f.severity === s).length} ${s}`).join(', ');
  const envs = [...new Set(model.inputs.map((i) => `${i.env.env}`))].join(', ') || 'none';
  out.push(
    `${c(BOLD, `${active.length} finding${active.length === 1 ? '' : 's'}`)} (${counts})` +
      `${suppressed ? `, ${suppressed} suppressed` : ''}` +
      `${options.quiet && active.some((f) => f.severity === 'info') ? ' (info not shown: --quiet)' : ''}` +
      ` in ${model.inputs.length} file${model.inputs.length === 1 ? '' : 's'}; ` +
      `environment: ${envs}; ${options.failOn === 'none' ? 'never failing (--fail-on none)' : `failing at ${options.failOn} and above`}.`,
  );
  return model.secrets.redact(out.join('\n')) + '\n';
};

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return m?.[1] ?? text;
}
