import type { Rule } from '../core/rule.js';
import type { EnvName } from '../model/deployment.js';

const ENVS: EnvName[] = ['dev', 'staging', 'prod'];
const FORMAT_NAMES: Record<string, string> = {
  tf: 'Terraform/OpenTofu',
  compose: 'docker compose',
  docker: 'Dockerfile',
  inspect: 'docker inspect',
  conf: 'postgresql.conf / pg_hba.conf',
  live: 'live server',
};

export function renderRuleDoc(rule: Rule): string {
  const lines = [
    `<!-- Generated from src/rules by scripts/generate.ts: do not edit. -->`,
    `# ${rule.id} ${rule.slug}: ${rule.title}`,
    '',
    `- Category: ${rule.category}`,
    `- Guideline: ${rule.guideline}`,
    `- Applies to: ${rule.formats.map((f) => FORMAT_NAMES[f] ?? f).join(', ')}`,
    `- Fix: ${rule.fixable}`,
    '',
    '| environment | severity |',
    '|---|---|',
    ...ENVS.map((e) => `| ${e} | ${rule.severity[e]} |`),
    ...(rule.severityNote ? ['', `Severity per finding: ${rule.severityNote}.`] : []),
    '',
    '## Why',
    '',
    rule.rationale,
    '',
    '## How to fix',
    '',
    rule.remediation,
    '',
  ];
  if (rule.options && Object.keys(rule.options).length) {
    lines.push('## Options', '', ...Object.entries(rule.options).map(([k, v]) => `- \`${k}\`: ${v}`), '');
  }
  for (const [format, ex] of Object.entries(rule.examples)) {
    if (!ex) continue;
    lines.push(`## Examples (${FORMAT_NAMES[format] ?? format})`, '');
    for (const b of ex.bad) lines.push(`Flagged by this rule (\`${b.file}\`):`, '', '```', b.code.trimEnd(), '```', '');
    for (const g of ex.good)
      lines.push(`Not flagged by this rule (\`${g.file}\`):`, '', '```', g.code.trimEnd(), '```', '');
  }
  return lines.join('\n');
}

export function renderRuleTable(rules: Rule[]): string {
  const rows = rules.map(
    (r) =>
      `| [${r.id}](docs/rules/${r.id}.md) | ${r.slug} | ${r.title} | ${r.severityNote ? `per finding: ${r.severityNote}` : ENVS.map((e) => r.severity[e]).join(' / ')} | ${r.formats.join(', ')} |`,
  );
  return ['| id | slug | what | dev / staging / prod | formats |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}
