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
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'],
  fixable: 'suggestion',
  messages: {
    none: 'max_connections is not set, and no per-role connection limits are declared.',
    live: 'max_connections is the default ({max}) and login roles {roles} have no connection limit.',
  },
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
      if (dep.live) {
        // live: login roles without a limit while max_connections is left at its default
        const roles = dep.live.roles;
        const max = dep.settings['max_connections'];
        // initdb writes max_connections into postgresql.conf: its built-in value still counts as the default
        const atDefault = max?.value.state === 'default' || (!!max?.bootValue && max.value.value === max.bootValue);
        if (!max || !atDefault) continue;
        if (roles.state === 'unknown' || !roles.value) {
          ctx.couldNotVerify(roles, 'the roles', dep, 'roles');
          continue;
        }
        const open = roles.value.filter((r) => r.canLogin && !r.superuser && r.connLimit < 0).map((r) => r.name);
        if (open.length) {
          ctx.report({
            messageId: 'live',
            data: { max: max.value.value ?? '?', roles: open.join(', ') },
            loc: max.value.loc,
            deployment: dep,
            path: 'settings.max_connections',
          });
        }
        continue;
      }
      if (dep.settings['max_connections']) continue;
      ctx.report({ messageId: 'none', loc: settingsAnchor(dep), deployment: dep, path: 'settings.max_connections' });
    }
  },
});
