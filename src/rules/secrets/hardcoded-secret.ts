import { defineRule } from '../../core/rule.js';
import { isPlaceholder, isSecretName, lengthClass, urlPassword } from '../../model/secrets.js';
import { locOf } from '../../core/location.js';

export default defineRule({
  id: 'PGW101',
  slug: 'hardcoded-secret',
  title: 'Hardcoded password or secret',
  category: 'secrets',
  guideline: 'Secret Management › Password Handling: never hardcode passwords',
  rationale:
    'A password written into a configuration file is in every clone, every fork, every CI log and the history ' +
    'forever. It cannot be rotated without a commit, and anyone who can read the repository can log in.',
  remediation:
    'Remove the value and inject it at deploy time: a Docker secret with `POSTGRES_PASSWORD_FILE`, a variable ' +
    'marked `sensitive = true` fed from a secret store, or an unset `${VAR:?}` in compose. Rotate the exposed password.',
  severity: { dev: 'high', staging: 'high', prod: 'critical' },
  formats: ['tf', 'compose', 'docker'],
  fixable: 'suggestion',
  messages: {
    env: '{name} holds a hardcoded secret ({length}){origin}.',
    url: '{name} holds a connection URL with a hardcoded password ({length}).',
    variable: 'Variable "{name}" has a hardcoded default for a secret ({length}).',
    provider: 'The docker provider has a hardcoded registry password ({length}).',
  },
  examples: {
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Value-77\n',
        },
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:-fallback-Secret-1}\n',
        },
        {
          file: 'compose.yaml',
          code: 'services:\n  app:\n    image: example/app:1.0\n    environment:\n      DATABASE_URL: postgres://app:Hunter-Two-2@db:5432/app\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?set it}\n',
        },
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n',
        },
      ],
    },
    docker: {
      bad: [{ file: 'Dockerfile', code: 'FROM postgres:16.10\nENV POSTGRES_PASSWORD=s3cr3t-Value-77\n' }],
      good: [{ file: 'Dockerfile', code: 'FROM postgres:16.10\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db\n' }],
    },
  },
  check(ctx) {
    for (const dep of ctx.deployments) {
      for (const e of dep.env) {
        const v = e.value.value;
        if (v === undefined || e.value.state === 'unknown') continue;
        const origin = e.value.via?.some((x) => x.message.includes('.env'))
          ? ', from a committed .env file'
          : e.value.state === 'derived'
            ? ', as a fallback default'
            : '';
        if (isSecretName(e.name) && !isPlaceholder(v)) {
          ctx.model.secrets.add(v, e.value.loc);
          ctx.report({
            messageId: 'env',
            data: { name: e.name, length: lengthClass(v), origin },
            loc: e.value.loc,
            related: e.value.via,
            deployment: dep,
            path: `env.${e.name}`,
            valueKey: v,
          });
          continue;
        }
        const url = urlPassword(v);
        if (url) {
          const file = ctx.model.files.get(e.value.loc.file);
          const span =
            e.value.literal && file
              ? locOf(file, e.value.loc.start.offset + url.start, e.value.loc.start.offset + url.end)
              : e.value.loc;
          ctx.model.secrets.add(url.password, span);
          ctx.report({
            messageId: 'url',
            data: { name: e.name, length: lengthClass(url.password) },
            loc: e.value.loc,
            related: e.value.via,
            deployment: dep,
            path: `env.${e.name}`,
            valueKey: url.password,
          });
        }
      }
    }
    for (const v of ctx.model.terraform?.variables ?? []) {
      const d = v.defaultValue;
      if (!v.feedsSecret || !d || typeof d.value !== 'string' || isPlaceholder(d.value)) continue;
      ctx.model.secrets.add(d.value, d.loc);
      ctx.report({
        messageId: 'variable',
        data: { name: v.name, length: lengthClass(d.value) },
        loc: d.loc,
        path: `var.${v.name}`,
        valueKey: d.value,
      });
    }
    for (const p of ctx.model.terraform?.providers ?? []) {
      for (const pw of p.registryPasswords) {
        if (typeof pw.value !== 'string' || pw.state === 'unknown' || isPlaceholder(pw.value)) continue;
        ctx.model.secrets.add(pw.value, pw.loc);
        ctx.report({
          messageId: 'provider',
          data: { length: lengthClass(pw.value) },
          loc: pw.loc,
          path: 'provider.registry_auth',
          valueKey: pw.value,
        });
      }
    }
  },
});
