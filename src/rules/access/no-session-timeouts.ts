import { defineRule } from '../../core/rule.js';
import { parseDurationMs } from '../../model/settings.js';
import { postgresOnly, settingsAnchor } from '../model-queries.js';

const TIMEOUTS = ['statement_timeout', 'idle_in_transaction_session_timeout', 'idle_session_timeout'];

export default defineRule({
  id: 'PGW508',
  slug: 'no-session-timeouts',
  title: 'No session timeouts',
  category: 'access',
  guideline: 'Access Control › Database Access: use connection limits and timeouts',
  rationale:
    'Runaway statements and sessions left idle in a transaction hold locks, block vacuum and keep connection ' +
    'slots; all three timeouts are 0 (off) by default.',
  remediation: 'Set `statement_timeout` and `idle_in_transaction_session_timeout` (per application role is best).',
  severity: { dev: 'off', staging: 'low', prod: 'medium' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'],
  fixable: 'suggestion',
  messages: { none: 'statement_timeout, idle_in_transaction_session_timeout and idle_session_timeout are all off.' },
  examples: {
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    command: ["postgres", "-c", "statement_timeout=60s"]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const set = TIMEOUTS.some((n) => {
        const ms = parseDurationMs(dep.settings[n]?.value.value);
        return ms !== undefined && ms > 0;
      });
      // live: `ALTER ROLE app SET statement_timeout = …` (the recommended place) counts as set
      const perRole = (dep.live?.roleSettings.value ?? []).some(
        (s) => TIMEOUTS.includes(s.name) && (parseDurationMs(s.value) ?? 0) > 0,
      );
      const loc = dep.live ? (dep.settings['statement_timeout']?.value.loc ?? dep.loc) : settingsAnchor(dep);
      if (!set && !perRole) ctx.report({ messageId: 'none', loc, deployment: dep, path: 'settings.timeouts' });
    }
  },
});
