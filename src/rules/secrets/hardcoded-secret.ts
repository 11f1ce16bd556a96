import { defineRule } from '../../core/rule.js';
import { embeddedPassword, isPlaceholder, isSecretName, lengthClass } from '../../model/secrets.js';
import type { Loc } from '../../core/location.js';
import type { Tracked } from '../../core/tracked.js';

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
    url: '{name} holds {kind} with a hardcoded password ({length}).',
    variable: 'Variable "{name}" has a hardcoded default for a secret ({length}).',
    provider: 'The docker provider has a hardcoded registry password ({length}).',
  },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD=Tq8-Harbor-Lantern-5521"]\n}\n',
        },
        {
          file: 'main.tf',
          code: 'variable "db_password" {\n  type      = string\n  sensitive = true\n  default   = "Tq8-Harbor-Lantern-5521"\n}\n\nresource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD=${var.db_password}"]\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\nresource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD=${var.db_password}"]\n}\n',
        },
      ],
    },
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
    const reported = new Set<string>();
    for (const dep of ctx.deployments) {
      for (const e of dep.env) {
        const v = e.value.value;
        if (v === undefined || e.value.state === 'unknown') continue;
        const origin = originOf(e.value);
        if (isUncommitted(e.value)) continue; // from a git-ignored .env: set at deploy time, PGW104 still applies
        if (isSecretName(e.name) && !isPlaceholder(v)) {
          ctx.model.secrets.add(v, e.value.loc);
          ctx.report({
            messageId: 'env',
            data: { name: e.name, length: lengthClass(v), origin },
            loc: e.value.loc,
            related: e.value.via,
            deployment: dep,
            path: `env.${e.name}`,
          });
          reported.add(locKey(e.value.loc));
          continue;
        }
        const url = embeddedPassword(v);
        if (url) {
          ctx.model.secrets.add(url.password, e.value.loc);
          ctx.report({
            messageId: 'url',
            data: { name: e.name, kind: url.kind, length: lengthClass(url.password) },
            loc: e.value.loc,
            related: e.value.via,
            deployment: dep,
            path: `env.${e.name}`,
          });
        }
      }
    }
    for (const v of ctx.model.terraform?.variables ?? []) {
      const d = v.defaultValue;
      if (!v.feedsSecret || !d || typeof d.value !== 'string' || isPlaceholder(d.value)) continue;
      ctx.model.secrets.add(d.value, d.loc);
      if (reported.has(locKey(d.loc))) continue; // already reported where it is used, with the chain
      ctx.report({
        messageId: 'variable',
        data: { name: v.name, length: lengthClass(d.value) },
        loc: d.loc,
        path: `var.${v.name}`,
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
        });
      }
    }
  },
});

function locKey(loc: Loc): string {
  return `${loc.file}:${loc.start.offset}`;
}

/** The value came only from files git ignores: it is not in the repository. */
function isUncommitted(t: Tracked<string>): boolean {
  const via = t.via ?? [];
  return via.length > 0 && via.every((x) => x.message.includes('ignored by git')) && !t.literal;
}

/** Says where a resolved secret was written, from its chain. */
function originOf(t: Tracked<string>): string {
  const via = (t.via ?? []).map((x) => x.message).join(' ');
  if (/\.env\b/.test(via)) return ', from a committed .env file';
  if (/tfvars/.test(via)) return ', from a committed tfvars file';
  const variable = /default of variable "([^"]+)"/.exec(via);
  if (variable) return `, from the default of variable "${variable[1]}"`;
  if (t.state === 'derived' && t.literal) return ', as a fallback default';
  return '';
}
