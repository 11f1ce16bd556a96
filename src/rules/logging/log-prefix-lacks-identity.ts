import { defineRule } from '../../core/rule.js';
import { postgresOnly, settingsAnchor } from '../model-queries.js';

export default defineRule({
  id: 'PGW705',
  slug: 'log-prefix-lacks-identity',
  title: 'Log lines do not say who did what',
  category: 'logging',
  guideline: 'Compliance and Monitoring › Logging: monitor for suspicious access patterns',
  rationale:
    'The default log_line_prefix (`%m [%p] `) has no user, database or client: suspicious activity cannot be traced.',
  remediation: "Set `log_line_prefix = '%m [%p] %q%u@%d %r app=%a '`.",
  severity: { dev: 'off', staging: 'low', prod: 'low' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'],
  fixable: 'suggestion',
  messages: { lacks: 'log_line_prefix {how} lacks {missing}.' },
  examples: {
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    command: ["postgres", "-c", "log_line_prefix=%m [%p] %u@%d %r "]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const s = dep.settings['log_line_prefix'];
      const prefix = s?.value.value ?? '%m [%p] ';
      const missing = [
        prefix.includes('%u') ? undefined : 'the user (%u)',
        prefix.includes('%d') ? undefined : 'the database (%d)',
        prefix.includes('%h') || prefix.includes('%r') ? undefined : 'the client (%h or %r)',
      ].filter(Boolean);
      if (!missing.length) continue;
      ctx.report({
        messageId: 'lacks',
        data: {
          how: s && s.value.state !== 'default' ? 'as set' : "(default '%m [%p] ')",
          missing: missing.join(', '),
        },
        loc: s?.value.loc ?? settingsAnchor(dep),
        deployment: dep,
        path: 'settings.log_line_prefix',
      });
    }
  },
});
