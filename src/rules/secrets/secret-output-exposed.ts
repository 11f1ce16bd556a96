import { defineRule } from '../../core/rule.js';

export default defineRule({
  id: 'PGW103',
  slug: 'secret-output-exposed',
  title: 'Output exposes a secret',
  category: 'secrets',
  guideline: 'Secret Management › Password Handling: use the `sensitive = true` attribute for password variables',
  rationale:
    'An output is printed after every apply and by `terraform output`, and other configurations read it through ' +
    'remote state. An output built from a password without `sensitive = true` prints the password; ' +
    '`nonsensitive()` removes the protection on purpose.',
  remediation:
    'Mark the output `sensitive = true`, or better, do not output the secret at all: let consumers read it from ' +
    'the secret store. Never wrap a secret in `nonsensitive()`.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf'],
  fixable: 'suggestion',
  messages: {
    exposed: 'Output "{name}" is built from {refs} but is not marked sensitive = true.',
    unwrapped: 'Output "{name}" unwraps the secret {ref} with nonsensitive(): it is printed in clear.',
  },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code:
            'variable "pg_pass" {\n  type = string\n}\n\n' +
            'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
            '  env   = ["POSTGRES_PASSWORD=${var.pg_pass}"]\n}\n\n' +
            'output "connection_string" {\n  value = "postgresql://postgres:${var.pg_pass}@localhost:5432/postgres"\n}\n',
        },
        {
          file: 'main.tf',
          code:
            'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\n' +
            'output "password" {\n  value     = nonsensitive(var.db_password)\n  sensitive = true\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code:
            'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\n' +
            'output "connection_string" {\n  value     = "postgresql://postgres:${var.db_password}@localhost:5432/postgres"\n' +
            '  sensitive = true\n}\n',
        },
        {
          file: 'main.tf',
          code: 'variable "db_name" {\n  type    = string\n  default = "app"\n}\n\noutput "database" {\n  value = var.db_name\n}\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const o of ctx.model.terraform?.outputs ?? []) {
      if (!o.secretRefs.length) continue;
      for (const r of o.secretRefs.filter((x) => x.unwrapped)) {
        ctx.report({
          messageId: 'unwrapped',
          data: { name: o.name, ref: r.ref },
          loc: r.loc,
          related: [{ loc: o.loc, message: `output "${o.name}"` }],
          path: `output.${o.name}`,
          valueKey: r.ref,
        });
      }
      const wrapped = o.secretRefs.filter((x) => !x.unwrapped);
      if (o.sensitive || !wrapped.length) continue;
      ctx.report({
        messageId: 'exposed',
        data: { name: o.name, refs: [...new Set(wrapped.map((r) => r.ref))].join(', ') },
        loc: o.loc,
        related: wrapped.map((r) => ({ loc: r.loc, message: `secret ${r.ref}` })),
        path: `output.${o.name}`,
      });
    }
  },
});
