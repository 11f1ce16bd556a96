import { defineRule } from '../../core/rule.js';
import type { RuleContext } from '../../core/rule.js';
import type { Deployment } from '../../model/deployment.js';
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
  formats: ['tf', 'compose', 'inspect', 'live'],
  fixable: 'none',
  messages: {
    onlySuperuser: 'Only the bootstrap superuser {user} is created; no init script creates a least-privilege role.',
    appAsSuperuser: 'Service "{service}" connects as {user}, the bootstrap superuser.',
    liveOnlySuperuser: 'No login role other than superusers{besides}: applications connect as a superuser.',
    liveSuperuser: 'Role {role} can log in as a superuser besides {bootstrap} ({count} login superusers).',
    liveAttributes: 'Role {role} has {attributes}: {why}.',
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
      if (dep.live) checkLiveRoles(ctx, dep);
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

type Messages = 'onlySuperuser' | 'appAsSuperuser' | 'liveOnlySuperuser' | 'liveSuperuser' | 'liveAttributes';

/** Live: more than one login superuser, roles with CREATEROLE/BYPASSRLS, or no role but superusers to log in as. */
function checkLiveRoles(ctx: RuleContext<Messages>, dep: Deployment): void {
  const roles = dep.live?.roles;
  if (!roles) return;
  if (roles.state === 'unknown' || !roles.value) {
    ctx.couldNotVerify(roles, 'the roles', dep, 'roles');
    return;
  }
  const audit = dep.live?.auditRole;
  const supers = roles.value.filter((r) => r.superuser && r.canLogin);
  const bootstrap = supers.find((r) => r.bootstrap) ?? supers[0];
  if (supers.length > 1) {
    for (const r of supers) {
      if (r === bootstrap) continue;
      ctx.report({
        messageId: 'liveSuperuser',
        data: { role: r.name, bootstrap: bootstrap?.name ?? '?', count: supers.length },
        loc: r.loc,
        deployment: dep,
        path: `roles.${r.name}`,
      });
    }
  }
  for (const r of roles.value) {
    if (r.superuser) continue;
    const attributes = [r.createRole ? 'CREATEROLE' : '', r.bypassRls ? 'BYPASSRLS' : ''].filter(Boolean);
    if (!attributes.length) continue;
    const why = [
      r.createRole ? 'CREATEROLE creates, alters and grants roles (before PostgreSQL 16 nearly any role)' : '',
      r.bypassRls ? 'BYPASSRLS ignores every row-level security policy' : '',
    ]
      .filter(Boolean)
      .join('; ');
    ctx.report({
      messageId: 'liveAttributes',
      data: { role: r.name, attributes: attributes.join(' and '), why },
      loc: r.loc,
      deployment: dep,
      path: `roles.${r.name}`,
    });
  }
  const others = roles.value.filter((r) => r.canLogin && !r.superuser && r.name !== audit);
  if (!others.length) {
    ctx.report({
      messageId: 'liveOnlySuperuser',
      data: { besides: audit && !dep.live?.auditRoleIsSuperuser ? ` (besides this audit's role ${audit})` : '' },
      loc: roles.loc,
      deployment: dep,
      path: 'roles',
    });
  }
}
