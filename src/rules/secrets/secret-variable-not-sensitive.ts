import { defineRule } from '../../core/rule.js';
import { isSecretName } from '../../model/secrets.js';

export default defineRule({
  id: 'PGW102',
  slug: 'secret-variable-not-sensitive',
  title: 'Secret variable not marked sensitive',
  category: 'secrets',
  guideline: 'Secret Management › Password Handling: use the `sensitive = true` attribute for password variables',
  rationale:
    'Terraform and OpenTofu print variable values in plan and apply output, and in every CI log that runs them, ' +
    'unless the variable is marked `sensitive = true`. A password variable without it is one `terraform plan` ' +
    'away from being public.',
  remediation:
    'Add `sensitive = true` to the variable block (and, on OpenTofu ≥ 1.11 or Terraform ≥ 1.10, consider ' +
    '`ephemeral = true` where the value need not reach state). Feed it from a secret store, not a default.',
  severity: { dev: 'medium', staging: 'medium', prod: 'high' },
  formats: ['tf'],
  fixable: 'suggestion',
  messages: {
    notSensitive: 'Variable "{name}" {why} but is not marked sensitive = true: plan and apply output show its value.',
  },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code:
            'variable "db_password" {\n  type = string\n}\n\n' +
            'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
            '  env   = ["POSTGRES_PASSWORD=${var.db_password}"]\n}\n',
        },
        {
          file: 'main.tf',
          code:
            'variable "pg_pass" {\n  type = string\n}\n\n' +
            'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
            '  env   = ["POSTGRES_PASSWORD=${var.pg_pass}"]\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code:
            'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\n' +
            'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
            '  env   = ["POSTGRES_PASSWORD=${var.db_password}"]\n}\n',
        },
        {
          file: 'main.tf',
          code:
            'variable "db_user" {\n  type = string\n}\n\n' +
            'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
            '  env   = ["POSTGRES_USER=${var.db_user}"]\n}\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const v of ctx.model.terraform?.variables ?? []) {
      if (!v.feedsSecret || v.sensitive?.value === true) continue;
      ctx.report({
        messageId: 'notSensitive',
        data: {
          name: v.module ? `${v.module}.${v.name}` : v.name,
          why: isSecretName(v.name) ? 'is named like a secret' : 'flows into a secret (a password setting)',
        },
        loc: v.loc,
        related: v.sensitive ? [{ loc: v.sensitive.loc, message: 'sensitive = false' }] : [],
        path: `var.${v.module ? `${v.module}.` : ''}${v.name}`,
      });
    }
  },
});
