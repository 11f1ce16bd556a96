import { formatLoc } from '../core/location.js';
import { SEVERITIES } from '../core/severity.js';
import { buildChecklist } from './checklist.js';
import type { Reporter } from './types.js';

const MARK = { met: '✅', failed: '❌', unverified: '❔' } as const;

/** Table cells quote scanned content: no raw HTML, links or mentions may come through. */
function cell(text: string): string {
  return text
    .replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c)
    .replace(/([[\]`*_@])/g, '\\$1')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
}

/** Markdown for pull-request comments and job summaries: the guideline's checklist, then a findings table. */
export const markdownReporter: Reporter = (result, options) => {
  const active = result.findings.filter((f) => !f.suppressions?.length);
  const rules = new Map(options.rules.map((r) => [r.id, r]));
  const lines = ['# pgwarden report', ''];
  const counts = SEVERITIES.map((s) => `${active.filter((f) => f.severity === s).length} ${s}`).join(', ');
  lines.push(
    `${active.length} findings (${counts}) in ${result.model.inputs.length} files, scanned ${result.today}.`,
    '',
  );
  lines.push('## Security checklist', '');
  for (const item of buildChecklist(result.findings, result.model))
    lines.push(`- ${MARK[item.status]} ${item.item} — ${item.detail}`);
  lines.push('');
  if (active.length) {
    lines.push('## Findings', '', '| severity | rule | location | message |', '|---|---|---|---|');
    for (const f of active) {
      const rule = rules.get(f.ruleId);
      lines.push(
        `| ${f.severity} | ${f.ruleId} ${cell(rule?.title ?? '')} | \`${formatLoc(f.loc).replace(/[`|\n]/g, ' ')}\` | ${cell(f.message)} |`,
      );
    }
    lines.push('');
  }
  for (const n of options.notes ?? []) lines.push(`> ${n}`);
  return result.model.secrets.redact(lines.join('\n')) + '\n';
};
