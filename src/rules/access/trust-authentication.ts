import { defineRule } from '../../core/rule.js';
import { classifyAddress } from '../../model/addresses.js';
import { envVar, postgresOnly, unreadableHba } from '../model-queries.js';

export default defineRule({
  id: 'PGW504',
  slug: 'trust-authentication',
  title: 'trust authentication',
  category: 'access',
  guideline: 'Access Control › Database Access: implement role-based access control',
  rationale:
    '`trust` lets anyone who reaches the server log in as any role, superuser included, without a password. ' +
    'POSTGRES_HOST_AUTH_METHOD=trust writes `host all all all trust` into pg_hba.conf.',
  remediation: 'Use scram-sha-256 (hostssl for remote clients); for local socket access use peer.',
  severity: { dev: 'high', staging: 'critical', prod: 'critical' },
  severityNote: 'a `local` or loopback pg_hba line is medium in every environment',
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'],
  fixable: 'suggestion',
  messages: {
    env: 'POSTGRES_HOST_AUTH_METHOD=trust: anyone who reaches the port logs in as any role without a password.',
    initdb: 'POSTGRES_INITDB_ARGS set {arg}: connections are trusted without a password.',
    hba: 'pg_hba line trusts {type} connections from {address} without a password.',
  },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_HOST_AUTH_METHOD=trust"]\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_HOST_AUTH_METHOD=scram-sha-256"]\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: trust\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: scram-sha-256\n',
        },
      ],
    },
    docker: {
      bad: [{ file: 'Dockerfile', code: 'FROM postgres:16.10\nENV POSTGRES_HOST_AUTH_METHOD=trust\n' }],
      good: [{ file: 'Dockerfile', code: 'FROM postgres:16.10\n' }],
    },
    conf: {
      bad: [{ file: 'pg_hba.conf', code: 'host all all 10.0.0.0/8 trust\n' }],
      good: [{ file: 'pg_hba.conf', code: 'local all all peer\nhostssl all all 10.0.0.0/8 scram-sha-256\n' }],
    },
  },
  check(ctx) {
    for (const { dep, hba } of unreadableHba(ctx.deployments))
      ctx.couldNotVerify(hba, 'the content of pg_hba.conf', dep, 'hba');
    for (const dep of postgresOnly(ctx.deployments)) {
      const method = envVar(dep, 'POSTGRES_HOST_AUTH_METHOD');
      if (method?.value.value?.trim().toLowerCase() === 'trust') {
        ctx.report({
          messageId: 'env',
          loc: method.loc,
          related: method.value.via,
          deployment: dep,
          path: 'env.POSTGRES_HOST_AUTH_METHOD',
        });
      }
      const initdb = envVar(dep, 'POSTGRES_INITDB_ARGS');
      const m = /--auth(?:-host|-local)?[= ]trust\b/.exec(initdb?.value.value ?? '');
      if (initdb && m)
        ctx.report({
          messageId: 'initdb',
          data: { arg: m[0] },
          loc: initdb.loc,
          deployment: dep,
          path: 'env.POSTGRES_INITDB_ARGS',
        });
    }
    for (const hba of ctx.model.hbaFiles) {
      hba.rules.forEach((r, i) => {
        if (!r.reachable || r.method.value !== 'trust') return;
        const type = r.type.value ?? '';
        const local = type === 'local' || classifyAddress(r.address?.value) === 'loopback';
        ctx.report({
          messageId: 'hba',
          data: { type, address: type === 'local' ? 'the Unix socket' : (r.address?.value ?? '?') },
          loc: r.loc,
          path: `hba[${i}]`,
          valueKey: hba.file,
          severity: local ? 'medium' : undefined,
        });
      });
    }
  },
});
