import { defineRule } from '../../core/rule.js';
import { parseBool } from '../../model/settings.js';
import { postgresOnly, settingsAnchor } from '../model-queries.js';

/** PostgreSQL 18 made log_connections a list of aspects; any non-empty list other than off logs. */
function logsConnections(value: string | undefined): boolean {
  if (value === undefined) return false;
  const b = parseBool(value);
  if (b !== undefined) return b;
  const v = value.replace(/^'|'$/g, '').trim();
  return v !== '' && v !== "''";
}

export default defineRule({
  id: 'PGW701',
  slug: 'connection-logging-off',
  title: 'Connection logging is off',
  category: 'logging',
  guideline: 'Compliance and Monitoring › Logging: monitor for suspicious access patterns',
  rationale:
    'Without log_connections and log_disconnections there is no record of who connected, from where, and for how long.',
  remediation:
    'Set `log_connections = on` (18+: `receipt,authentication,authorization`) and `log_disconnections = on`.',
  severity: { dev: 'off', staging: 'low', prod: 'medium' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'],
  fixable: 'suggestion',
  messages: { off: '{names} {verb} off.' },
  examples: {
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    command: ["postgres", "-c", "log_connections=on", "-c", "log_disconnections=on"]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const off = ['log_connections', 'log_disconnections'].filter(
        (n) => !logsConnections(dep.settings[n]?.value.value),
      );
      if (!off.length) continue;
      const explicit = off.map((n) => dep.settings[n]).find((s) => s);
      ctx.report({
        messageId: 'off',
        data: { names: off.join(' and '), verb: off.length > 1 ? 'are' : 'is' },
        loc: explicit?.value.loc ?? settingsAnchor(dep),
        deployment: dep,
        path: 'settings.log_connections',
      });
    }
  },
});
