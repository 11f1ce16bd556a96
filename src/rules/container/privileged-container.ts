import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW302',
  slug: 'privileged-container',
  title: 'Privileged container',
  category: 'container',
  guideline: 'Container Security › Privilege Management',
  rationale: 'A privileged container has every capability and every host device: root in it is root on the host.',
  remediation: 'Remove `privileged`; PostgreSQL needs no extra privileges.',
  severity: { dev: 'high', staging: 'critical', prod: 'critical' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'suggestion',
  messages: { privileged: 'The container runs privileged: root inside is root on the host.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  privileged = true\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  privileged = false\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    privileged: true\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    privileged: false\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const p = dep.privileged;
      if (p?.state === 'unknown') ctx.couldNotVerify(p, 'privileged', dep, 'privileged');
      else if (p?.value === true)
        ctx.report({ messageId: 'privileged', loc: p.loc, related: p.via, deployment: dep, path: 'privileged' });
    }
  },
});
