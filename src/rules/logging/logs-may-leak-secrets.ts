import { defineRule } from '../../core/rule.js';
import { parseDurationMs } from '../../model/settings.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW703',
  slug: 'logs-may-leak-secrets',
  title: 'Statement logging may write secrets to the log',
  category: 'logging',
  guideline: "Compliance and Monitoring › Logging: ensure logs don't contain sensitive information",
  rationale:
    '`log_statement = all` and `log_min_duration_statement = 0` write every statement, data and ' +
    "`ALTER ROLE … PASSWORD '…'` in clear, into the log. `ddl` and `mod` still log role passwords.",
  remediation:
    "Set `log_statement = none` and audit DDL and role changes with pgaudit (`pgaudit.log = 'ddl, role'`). If " +
    '`log_statement = ddl` stays, set passwords pre-hashed (psql `\\password`); this rule keeps noting it at low.',
  severity: { dev: 'low', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'],
  fixable: 'suggestion',
  messages: {
    all: '{name} = {value}: every statement, including passwords in ALTER ROLE, is written to the log.',
    ddl: 'log_statement = {value}: CREATE/ALTER ROLE statements and their passwords are written to the log.',
  },
  examples: {
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    command: ["postgres", "-c", "log_statement=all"]\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    command: ["postgres", "-c", "log_statement=none"]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const stmt = dep.settings['log_statement'];
      const value = (stmt?.value.value ?? '').replace(/'/g, '').toLowerCase();
      if (stmt && value === 'all')
        ctx.report({
          messageId: 'all',
          data: { name: 'log_statement', value },
          loc: stmt.value.loc,
          deployment: dep,
          path: 'settings.log_statement',
        });
      else if (stmt && (value === 'ddl' || value === 'mod'))
        ctx.report({
          messageId: 'ddl',
          data: { value },
          loc: stmt.value.loc,
          deployment: dep,
          path: 'settings.log_statement',
          severity: 'low',
        });
      const dur = dep.settings['log_min_duration_statement'];
      if (dur && parseDurationMs(dur.value.value) === 0)
        ctx.report({
          messageId: 'all',
          data: { name: 'log_min_duration_statement', value: '0' },
          loc: dur.value.loc,
          deployment: dep,
          path: 'settings.log_min_duration_statement',
        });
    }
  },
});
