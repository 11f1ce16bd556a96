import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW311',
  slug: 'no-healthcheck',
  title: 'No healthcheck',
  category: 'container',
  guideline: 'Compliance and Monitoring › Logging: monitor for suspicious patterns',
  rationale: 'Without a healthcheck a hung or crashed server goes unnoticed by the orchestrator and by monitoring.',
  remediation:
    'Add a healthcheck that runs `pg_isready` (e.g. `test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER}"]`).',
  severity: { dev: 'off', staging: 'low', prod: 'low' },
  formats: ['tf', 'compose', 'docker', 'inspect'],
  fixable: 'suggestion',
  messages: { none: 'No healthcheck is defined.', disabled: 'The healthcheck is disabled.' },
  examples: {
    tf: {
      bad: [
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n' },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  healthcheck {\n    test     = ["CMD", "pg_isready", "-U", "postgres"]\n    interval = "10s"\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready"]\n',
        },
      ],
    },
    docker: {
      bad: [{ file: 'Dockerfile', code: 'FROM postgres:16.10\n' }],
      good: [{ file: 'Dockerfile', code: 'FROM postgres:16.10\nHEALTHCHECK CMD pg_isready -U postgres\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      if (!dep.healthcheck) ctx.report({ messageId: 'none', loc: dep.loc, deployment: dep, path: 'healthcheck' });
      else if (!dep.healthcheck.enabled)
        ctx.report({ messageId: 'disabled', loc: dep.healthcheck.loc, deployment: dep, path: 'healthcheck' });
    }
  },
});
