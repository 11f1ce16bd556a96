import { defineRule } from '../../core/rule.js';
import type { Tracked } from '../../core/tracked.js';
import { postgresOnly } from '../model-queries.js';
import { deployedVersion } from '../version-of.js';

const INITDB_DIR = '/docker-entrypoint-initdb.d';

export default defineRule({
  id: 'PGW509',
  slug: 'public-schema-writable',
  title: 'Anyone may create objects in schema public',
  category: 'access',
  guideline: 'Access Control › Database Access: implement role-based access control (RBAC)',
  rationale:
    'When PUBLIC may CREATE in schema `public`, every role can plant tables, functions and operators that other ' +
    "roles' queries pick up through the search path (the CVE-2018-1058 family). PostgreSQL 15 revoked this for new " +
    'clusters; older majors grant it by default, and clusters upgraded from them keep the old grant.',
  remediation:
    'Run `REVOKE CREATE ON SCHEMA public FROM PUBLIC;` in every database (an init script for containers), or ' +
    'upgrade to PostgreSQL 15 or later and check upgraded clusters live.',
  severity: { dev: 'low', staging: 'medium', prod: 'medium' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'live'],
  fixable: 'suggestion',
  messages: {
    live: 'PUBLIC may create objects in schema public of database {database}.',
    byDefault: 'PostgreSQL {major} lets PUBLIC create objects in schema public by default (revoked from 15 on).',
  },
  examples: {
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:14.19\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
    },
    inspect: {
      bad: [
        {
          file: 'inspect.json',
          code: '[{"Name": "/db", "HostConfig": {},\n  "Config": {"Image": "postgres:14", "Env": ["PG_VERSION=14.19-1.pgdg13+1"]}}]\n',
        },
      ],
      good: [
        {
          file: 'inspect.json',
          code: '[{"Name": "/db", "HostConfig": {},\n  "Config": {"Image": "postgres:17", "Env": ["PG_VERSION=17.6-1.pgdg13+1"]}}]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      if (dep.live) {
        const create = dep.live.publicSchemaCreate;
        if (create.state === 'unknown')
          ctx.couldNotVerify(create, 'the privileges on schema public', dep, 'publicSchema');
        else if (create.value === true) {
          ctx.report({
            messageId: 'live',
            data: { database: dep.live.database },
            loc: create.loc,
            deployment: dep,
            path: 'publicSchema.create',
            suggestion: 'REVOKE CREATE ON SCHEMA public FROM PUBLIC;',
          });
        }
        continue;
      }
      const v = deployedVersion(dep, ctx.today);
      if (!v || 'unknown' in v || v.version.major >= 15) continue;
      // an init script may already revoke it: pgwarden does not read SQL, so it says it cannot tell
      const init = (dep.mounts ?? []).find((m) => (m.target.value ?? '').startsWith(INITDB_DIR));
      if (init) {
        const value: Tracked<boolean> = {
          value: undefined,
          state: 'unknown',
          loc: init.loc,
          reason: `PostgreSQL ${v.version.major} grants it by default; an init script here may revoke it`,
        };
        ctx.couldNotVerify(value, 'whether PUBLIC may create in schema public', dep, 'publicSchema');
        continue;
      }
      ctx.report({
        messageId: 'byDefault',
        data: { major: String(v.version.major) },
        loc: v.where.loc,
        related: v.where.via,
        deployment: dep,
        path: 'publicSchema.create',
        suggestion: 'Add an init script with REVOKE CREATE ON SCHEMA public FROM PUBLIC; or use PostgreSQL 15+.',
      });
    }
  },
});
