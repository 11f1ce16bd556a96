import { defineRule } from '../../core/rule.js';
import { envVar, postgresOnly } from '../model-queries.js';

const INITDB_DIR = '/docker-entrypoint-initdb.d';

export default defineRule({
  id: 'PGW506',
  slug: 'superuser-for-applications',
  title: 'Applications connect as the superuser',
  category: 'access',
  guideline: 'Access Control › Database Access: implement role-based access control (RBAC)',
  rationale:
    'POSTGRES_USER is always a superuser. When it is the only role, every application connects with the power ' +
    'to read every table, run programs on the server (`COPY … PROGRAM`) and change every setting.',
  remediation:
    'Create least-privilege roles in an init script (`/docker-entrypoint-initdb.d/*.sql`): one owner role, one ' +
    'application role with only the grants it needs; keep the superuser for administration.',
  severity: { dev: 'low', staging: 'medium', prod: 'medium' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'none',
  messages: {
    onlySuperuser: 'Only the bootstrap superuser {user} is created; no init script creates a least-privilege role.',
    appAsSuperuser: 'Service "{service}" connects as {user}, the bootstrap superuser.',
  },
  examples: {
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_USER: app\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    volumes:\n      - ./init:/docker-entrypoint-initdb.d:ro\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      if (dep.kind !== 'declared') continue;
      const hasInit = (dep.mounts ?? []).some((m) => (m.target.value ?? '').startsWith(INITDB_DIR));
      const user = envVar(dep, 'POSTGRES_USER')?.value.value ?? 'postgres';
      if (!hasInit) {
        ctx.report({
          messageId: 'onlySuperuser',
          data: { user },
          loc: envVar(dep, 'POSTGRES_USER')?.loc ?? dep.loc,
          deployment: dep,
          path: 'roles',
        });
      }
      for (const other of ctx.deployments) {
        if (other === dep || other.file !== dep.file) continue;
        for (const e of other.env) {
          const m = /^[a-z][a-z0-9+.-]*:\/\/([^:@/\s]+)(?::[^@\s]*)?@([^:/\s]+)/i.exec(e.value.value ?? '');
          if (m && m[1] === user && m[2] === dep.name) {
            ctx.report({
              messageId: 'appAsSuperuser',
              data: { service: other.name, user },
              loc: e.loc,
              deployment: other,
              path: `env.${e.name}`,
            });
          }
        }
      }
    }
  },
});
