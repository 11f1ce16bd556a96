import { defineRule } from '../../core/rule.js';
import { dataDirs, postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW502',
  slug: 'bind-mount-for-data',
  title: 'Data directory is a host bind mount',
  category: 'access',
  guideline: 'Access Control › File System Security: use named volumes instead of bind mounts when possible',
  rationale:
    'A bind mount exposes the data directory to whoever can read that host path, and its ownership and mode ' +
    'depend on the host. A named volume is owned by Docker and the postgres uid.',
  remediation: 'Use a named volume for the data directory (`pgdata:/var/lib/postgresql/data`).',
  severity: { dev: 'off', staging: 'low', prod: 'low' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'suggestion',
  messages: { bind: 'The data directory {target} is a bind mount of host path {source}.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  volumes {\n    host_path      = "/srv/postgres/data"\n    container_path = "/var/lib/postgresql/data"\n  }\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  volumes {\n    volume_name    = "pgdata"\n    container_path = "/var/lib/postgresql/data"\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    volumes:\n      - ./pgdata:/var/lib/postgresql/data\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {}\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const dirs = dataDirs(dep);
      (dep.mounts ?? []).forEach((m, i) => {
        const target = m.target.value?.replace(/\/+$/, '');
        if (m.kind !== 'bind' || !target || !dirs.includes(target)) return;
        ctx.report({
          messageId: 'bind',
          data: { target, source: m.source?.value ?? '?' },
          loc: m.loc,
          deployment: dep,
          path: `mounts[${i}]`,
        });
      });
    }
  },
});
