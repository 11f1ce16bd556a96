import { defineRule } from '../../core/rule.js';
import { commandLineSecret } from '../../model/secrets.js';

export default defineRule({
  id: 'PGW105',
  slug: 'secret-in-command-line',
  title: 'Secret on the command line',
  category: 'secrets',
  guideline: 'Secret Management › Environment Variable Security: avoid exposing sensitive data',
  rationale:
    'Command, entrypoint and healthcheck arguments are visible to every user of the host in the process list, in ' +
    '`docker inspect` and in orchestration logs.',
  remediation:
    'Read the secret from a file (`*_FILE`, a Docker secret) or an environment variable inside the container.',
  severity: { dev: 'high', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'docker', 'inspect'],
  fixable: 'none',
  messages: { arg: 'The container {where} carries a secret on the command line.' },
  examples: {
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    healthcheck:\n      test: ["CMD", "psql", "postgres://app:Hunter-Two-2@localhost/app", "-c", "select 1"]\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER}"]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of ctx.deployments) {
      for (const [where, t] of [
        ['command', dep.command],
        ['entrypoint', dep.entrypoint],
        ['healthcheck', dep.healthcheck?.test],
      ] as const) {
        if (!t?.value) continue;
        const secret = commandLineSecret(t.value);
        if (!secret) continue;
        ctx.model.secrets.add(secret);
        ctx.report({ messageId: 'arg', data: { where }, loc: t.loc, deployment: dep, path: where });
      }
    }
  },
});
