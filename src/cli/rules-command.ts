import { ALL_RULES } from '../rules/index.js';
import { renderRuleDoc } from '../report/rule-docs.js';
import { oneOf, UsageError, type ParsedArgs } from './args.js';
import type { Io } from './main.js';

export function listRules(args: ParsedArgs, io: Io): number {
  const format = oneOf(args, 'format', ['text', 'json'] as const) ?? 'text';
  if (format === 'json') {
    const rules = ALL_RULES.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      category: r.category,
      guideline: r.guideline,
      severity: r.severity,
      formats: r.formats,
      fixable: r.fixable,
      rationale: r.rationale,
      remediation: r.remediation,
    }));
    io.out(JSON.stringify(rules, null, 2) + '\n');
    return 0;
  }
  for (const r of ALL_RULES) {
    io.out(
      `${r.id}  ${r.slug.padEnd(34)} ${`${r.severity.dev}/${r.severity.staging}/${r.severity.prod}`.padEnd(24)} ${r.title}\n`,
    );
  }
  io.out(`\n${ALL_RULES.length} rules; severities are dev/staging/prod. pgwarden explain PGWnnn for details.\n`);
  return 0;
}

export function explainRule(args: ParsedArgs, io: Io): number {
  const id = (args.positionals[0] ?? '').toUpperCase();
  if (!id) throw new UsageError('explain needs a rule id or slug, e.g. pgwarden explain PGW201');
  const rule = ALL_RULES.find((r) => r.id === id || r.slug === args.positionals[0]);
  if (!rule) throw new UsageError(`no rule "${args.positionals[0]}" (pgwarden rules lists them)`);
  io.out(renderRuleDoc(rule).replace(/^<!--.*-->\n/, ''));
  return 0;
}
