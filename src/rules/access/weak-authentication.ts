import { defineRule } from '../../core/rule.js';
import { envVar, postgresOnly, unreadableHba } from '../model-queries.js';

export default defineRule({
  id: 'PGW505',
  slug: 'weak-authentication',
  title: 'Weak authentication method',
  category: 'access',
  guideline: 'Access Control › Database Access',
  rationale:
    '`password` sends the password in clear; `md5` relies on MD5 hashes that are replayable and deprecated; ' +
    '`ident` over TCP trusts whatever the client host claims.',
  remediation: 'Use scram-sha-256 and `password_encryption = scram-sha-256`, then reset passwords stored as MD5.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'],
  fixable: 'suggestion',
  messages: {
    hba: 'pg_hba line uses {method} authentication for {address}.',
    encryption: 'password_encryption = {value}: passwords are stored as MD5 hashes.',
    env: '{name}={value} makes the image write a {value} pg_hba line.',
  },
  examples: {
    conf: {
      bad: [{ file: 'pg_hba.conf', code: 'hostssl all all 10.0.0.0/8 md5\n' }],
      good: [{ file: 'pg_hba.conf', code: 'hostssl all all 10.0.0.0/8 scram-sha-256\n' }],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    command: ["postgres", "-c", "password_encryption=md5"]\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    command: ["postgres", "-c", "password_encryption=scram-sha-256"]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const { dep, hba } of unreadableHba(ctx.deployments))
      ctx.couldNotVerify(hba, 'the content of pg_hba.conf', dep, 'hba');
    for (const hba of ctx.model.hbaFiles) {
      hba.rules.forEach((r, i) => {
        const method = r.method.value ?? '';
        if (!r.reachable) return;
        const weak = method === 'password' || method === 'md5' || (method === 'ident' && r.type.value !== 'local');
        if (!weak) return;
        ctx.report({
          messageId: 'hba',
          data: { method, address: r.type.value === 'local' ? 'the Unix socket' : (r.address?.value ?? '?') },
          loc: r.method.loc,
          path: `hba[${i}]`,
          valueKey: hba.file,
        });
      });
    }
    for (const conf of ctx.model.pgConfs) {
      const s = conf.settings['password_encryption'];
      if (s && /^'?md5'?$/i.test(s.value.value ?? ''))
        ctx.report({
          messageId: 'encryption',
          data: { value: 'md5' },
          loc: s.value.loc,
          path: 'settings.password_encryption',
          valueKey: conf.file,
        });
    }
    for (const dep of postgresOnly(ctx.deployments)) {
      const s = dep.settings['password_encryption'];
      if (s && s.source !== 'config-file' && /^'?md5'?$/i.test(s.value.value ?? '')) {
        ctx.report({
          messageId: 'encryption',
          data: { value: 'md5' },
          loc: s.value.loc,
          deployment: dep,
          path: 'settings.password_encryption',
        });
      }
      const method = envVar(dep, 'POSTGRES_HOST_AUTH_METHOD');
      const m = method?.value.value?.trim().toLowerCase();
      if (method && (m === 'md5' || m === 'password')) {
        ctx.report({
          messageId: 'env',
          data: { name: 'POSTGRES_HOST_AUTH_METHOD', value: m },
          loc: method.loc,
          deployment: dep,
          path: 'env.POSTGRES_HOST_AUTH_METHOD',
        });
      }
    }
  },
});
