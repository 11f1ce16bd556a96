import { defineRule } from '../../core/rule.js';
import { parseList } from '../../model/settings.js';
import { postgresOnly, settingsAnchor } from '../model-queries.js';

export default defineRule({
  id: 'PGW702',
  slug: 'no-audit-logging',
  title: 'No audit trail for sensitive operations',
  category: 'logging',
  guideline: 'Access Control › Database Access: enable audit logging for sensitive operations',
  rationale:
    'Role changes, grants and schema changes leave no trace without pgaudit or statement logging of DDL, so an ' +
    "attacker's new superuser goes unnoticed.",
  remediation: "Load pgaudit (`shared_preload_libraries = pgaudit`, `pgaudit.log = 'ddl, role'`) in a derived image.",
  severity: { dev: 'off', staging: 'low', prod: 'medium' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'],
  fixable: 'none',
  messages: { none: 'No audit logging: pgaudit is not loaded and log_statement does not cover DDL.' },
  examples: {
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: example/postgres-pgaudit:16.10\n    environment:\n      POSTGRES_DB: app\n    command: ["postgres", "-c", "shared_preload_libraries=pgaudit", "-c", "pgaudit.log=ddl,role"]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const libs = parseList(dep.settings['shared_preload_libraries']?.value.value);
      const stmt = (dep.settings['log_statement']?.value.value ?? 'none').replace(/'/g, '').toLowerCase();
      const libsValue = dep.settings['shared_preload_libraries']?.value;
      if (libsValue?.state === 'unknown' && !['ddl', 'mod', 'all'].includes(stmt)) {
        ctx.couldNotVerify(libsValue, 'shared_preload_libraries', dep, 'settings.shared_preload_libraries');
        continue;
      }
      if (libs.includes('pgaudit') || ['ddl', 'mod', 'all'].includes(stmt)) continue;
      ctx.report({ messageId: 'none', loc: settingsAnchor(dep), deployment: dep, path: 'settings.audit' });
    }
  },
});
