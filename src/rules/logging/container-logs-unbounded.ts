import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW704',
  slug: 'container-logs-unbounded',
  title: 'Container logs are not rotated',
  category: 'logging',
  guideline: 'Compliance and Monitoring › Logging: implement log aggregation and analysis',
  rationale:
    'The default json-file driver keeps every line forever: the disk fills, and nothing ships the audit trail anywhere.',
  remediation:
    'Set `max-size`/`max-file` on json-file or local, or ship logs with a driver such as fluentd, gelf or syslog.',
  severity: { dev: 'off', staging: 'low', prod: 'low' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'suggestion',
  messages: { unbounded: 'Log driver {driver} has no max-size: logs grow without bound{where}.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  log_driver = "json-file"\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  log_driver = "json-file"\n  log_opts = {\n    "max-size" = "10m"\n    "max-file" = "3"\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const lg = dep.logging;
      const driver = lg?.driver.value ?? 'json-file';
      if (!['json-file', 'local'].includes(driver)) continue;
      if (lg?.options['max-size']?.value) continue;
      ctx.report({
        messageId: 'unbounded',
        data: { driver, where: lg ? '' : ' (the daemon default, unless daemon.json sets rotation)' },
        loc: lg?.loc ?? dep.loc,
        deployment: dep,
        path: 'logging',
      });
    }
  },
});
