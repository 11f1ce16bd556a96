import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW308',
  slug: 'writable-root-filesystem',
  title: 'Root filesystem is writable',
  category: 'container',
  guideline: 'Container Security › Runtime Security',
  rationale:
    'PostgreSQL writes only to its data volume, /var/run/postgresql and /tmp. A read-only root stops an attacker ' +
    'from changing binaries or dropping tools.',
  remediation: 'Set `read_only: true` and mount tmpfs on /var/run/postgresql and /tmp.',
  severity: { dev: 'off', staging: 'low', prod: 'low' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'suggestion',
  messages: { writable: 'The root filesystem is writable (read_only is not set).' },
  examples: {
    tf: {
      bad: [
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n' },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  read_only = true\n  tmpfs = {\n    "/var/run/postgresql" = "rw"\n    "/tmp"                = "rw"\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    read_only: true\n    tmpfs: [/var/run/postgresql, /tmp]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const ro = dep.readOnlyRoot;
      if (ro?.state === 'unknown') ctx.couldNotVerify(ro, 'read_only', dep, 'readOnlyRoot');
      else if (ro?.value !== true)
        ctx.report({
          messageId: 'writable',
          loc: ro?.state === 'default' || !ro ? dep.loc : ro.loc,
          deployment: dep,
          path: 'readOnlyRoot',
        });
    }
  },
});
