import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW303',
  slug: 'runs-as-root',
  title: 'Container starts as root',
  category: 'container',
  guideline: 'Container Security › User Configuration: avoid running containers as root',
  rationale:
    "The official image's entrypoint starts as root, fixes ownership and drops to uid 999 (70 on Alpine) with " +
    'gosu. Starting as that uid instead removes root from the container entirely.',
  remediation:
    'Set the user to the postgres uid (`user: "999:999"`, Terraform `user = "999:999"`, Alpine `70:70`) and make ' +
    'the data volume owned by it.',
  severity: { dev: 'low', staging: 'medium', prod: 'medium' },
  formats: ['tf', 'compose', 'docker', 'inspect'],
  fixable: 'suggestion',
  messages: {
    unset: 'No user is set: the container starts as root.',
    root: 'The container runs as {user}.',
  },
  examples: {
    tf: {
      bad: [
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n' },
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  user = "root"\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  user = "999:999"\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    user: root\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    user: "999:999"\n' }],
    },
    docker: {
      bad: [{ file: 'Dockerfile', code: 'FROM postgres:16.10\nUSER root\n' }],
      good: [{ file: 'Dockerfile', code: 'FROM postgres:16.10\nUSER postgres\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const u = dep.user;
      if (u?.state === 'unknown') {
        ctx.couldNotVerify(u, 'the container user', dep, 'user');
        continue;
      }
      const name = (u?.value ?? '').split(':')[0]?.trim() ?? '';
      if (!u || name === '') ctx.report({ messageId: 'unset', loc: dep.loc, deployment: dep, path: 'user' });
      else if (name === 'root' || name === '0')
        ctx.report({ messageId: 'root', data: { user: u.value ?? '' }, loc: u.loc, deployment: dep, path: 'user' });
    }
  },
});
