import { defineRule } from '../../core/rule.js';
import { wholeFileLoc } from '../../core/location.js';
import { scrubSecrets } from '../../model/secrets.js';

export default defineRule({
  id: 'PGW001',
  slug: 'parse-error',
  title: 'File could not be parsed',
  category: 'run',
  guideline: 'Quick Reference › Security scanning integrated into deployment pipeline',
  rationale:
    'A file that cannot be read is a file nobody checked. pgwarden reports where and why, and scans everything else.',
  remediation: 'Fix the syntax error at the reported position; the file is then checked like any other.',
  severity: { dev: 'high', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf'],
  fixable: 'none',
  messages: { parse: '{message}' },
  examples: {
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    <<: *defaults\n    image: postgres:16.10\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
    },
    conf: {
      bad: [{ file: 'pg_hba.conf', code: 'host all all 10.0.0.0/8 scram-sha-257\n' }],
      good: [{ file: 'pg_hba.conf', code: 'hostssl all all 10.0.0.0/8 scram-sha-256\n' }],
    },
  },
  check(ctx) {
    for (const p of ctx.model.problems) {
      if (p.kind !== 'parse-error') continue;
      const file = ctx.model.files.get(p.file);
      const loc = p.loc ?? (file ? wholeFileLoc(file) : undefined);
      if (!loc) continue;
      ctx.report({ messageId: 'parse', data: { message: p.message }, loc, path: `parse:${scrubSecrets(p.message)}` });
    }
  },
});
