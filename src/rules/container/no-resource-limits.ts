import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW309',
  slug: 'no-resource-limits',
  title: 'No memory limit',
  category: 'container',
  guideline: 'Container Security › Privilege Management (minimal required privileges)',
  rationale: 'Without a memory limit one runaway query or connection storm can starve every other process on the host.',
  remediation:
    'Set a memory limit (`mem_limit`, `deploy.resources.limits.memory`, Terraform `memory`) and a CPU limit.',
  severity: { dev: 'off', staging: 'low', prod: 'medium' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'none',
  messages: { none: 'No memory limit is set.' },
  examples: {
    tf: {
      bad: [
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n' },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  memory = 2048\n  cpus   = "2"\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    mem_limit: 2g\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const m = dep.memoryLimit;
      if (m?.state === 'unknown') ctx.couldNotVerify(m, 'the memory limit', dep, 'memoryLimit');
      else if (!m || m.value === undefined || m.value === '0' || m.value === '')
        ctx.report({ messageId: 'none', loc: m?.loc ?? dep.loc, deployment: dep, path: 'memoryLimit' });
    }
  },
});
