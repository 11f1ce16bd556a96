import { defineRule } from '../../core/rule.js';
import { postgresOnly, settingsAnchor } from '../model-queries.js';

export default defineRule({
  id: 'PGW507',
  slug: 'no-connection-limits',
  title: 'No connection limits',
  category: 'access',
  guideline: 'Access Control › Database Access: use connection limits and timeouts',
  rationale:
    'Without a deliberate max_connections or per-role limits, one misbehaving client can take every connection ' +
    'slot and lock everyone else out.',
  remediation: 'Set `max_connections` for the workload and `ALTER ROLE app CONNECTION LIMIT n` for application roles.',
  severity: { dev: 'off', staging: 'low', prod: 'medium' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf'],
  fixable: 'suggestion',
  messages: { none: 'max_connections is not set, and no per-role connection limits are declared.' },
  examples: {
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    command: ["postgres", "-c", "max_connections=50"]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      if (dep.settings['max_connections']) continue;
      ctx.report({ messageId: 'none', loc: settingsAnchor(dep), deployment: dep, path: 'settings.max_connections' });
    }
  },
});
