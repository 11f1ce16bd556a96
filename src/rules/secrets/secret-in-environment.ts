import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW104',
  slug: 'secret-in-environment',
  title: 'Password passed as a plain environment variable',
  category: 'secrets',
  guideline: 'Secret Management › Environment Variable Security: use Docker secrets when available',
  rationale:
    'Environment variables are stored in the container configuration: `docker inspect`, the Terraform state and ' +
    'any process that can read /proc see them. A file-based secret is readable only inside the container.',
  remediation:
    'Use `POSTGRES_PASSWORD_FILE=/run/secrets/<name>` with a Docker secret (compose `secrets:`), a Terraform ' +
    '`upload` from `source`, or a tmpfs-mounted file; drop `POSTGRES_PASSWORD`.',
  severity: { dev: 'low', staging: 'medium', prod: 'medium' },
  formats: ['tf', 'compose', 'docker', 'inspect'],
  fixable: 'suggestion',
  messages: { env: '{name} passes the database password as an environment variable, visible in docker inspect.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\nresource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD=${var.db_password}"]\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD_FILE=/run/secrets/db"]\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?}\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n    secrets: [db]\nsecrets:\n  db:\n    external: true\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      for (const e of dep.env) {
        if (e.name !== 'POSTGRES_PASSWORD' && e.name !== 'PGPASSWORD') continue;
        ctx.report({
          messageId: 'env',
          data: { name: e.name },
          loc: e.loc,
          related: e.value.via,
          deployment: dep,
          path: `env.${e.name}`,
        });
      }
    }
  },
});
