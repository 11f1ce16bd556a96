import { defineRule } from '../../core/rule.js';
import { isSecretName } from '../../model/secrets.js';

export default defineRule({
  id: 'PGW107',
  slug: 'secret-in-plain-state',
  title: 'Secret stored in clear in the Terraform state',
  category: 'secrets',
  guideline: 'Secret Management › Password Handling: leverage secure secret stores for production deployments',
  rationale:
    "No attribute of kreuzwerker/docker's docker_container is sensitive or write-only: `env`, `upload.content`, " +
    '`command` and labels are written to the state (and to saved plan files) in clear, whatever `sensitive = true` ' +
    'does for the CLI output. Anyone who can read the state bucket reads the database password.',
  remediation:
    'Enforce OpenTofu state and plan encryption (`terraform { encryption { … state { enforced = true } plan { ' +
    'enforced = true } } }`), restrict access to the state backend, and pass the password as a file ' +
    '(`POSTGRES_PASSWORD_FILE` with an `upload { source = … }` or a mounted secret) so the value is not in state.',
  severity: { dev: 'off', staging: 'low', prod: 'medium' },
  formats: ['tf'],
  fixable: 'none',
  messages: {
    env: '{name} is stored in clear in the Terraform state (docker_container env is neither sensitive nor write-only), and state encryption is not enforced.',
    upload:
      'The content uploaded to {path} is stored in clear in the Terraform state, and state encryption is not enforced.',
  },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code:
            'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\n' +
            'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
            '  env   = ["POSTGRES_PASSWORD=${var.db_password}"]\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code:
            'terraform {\n  encryption {\n    key_provider "pbkdf2" "main" {\n      passphrase = var.state_passphrase\n    }\n' +
            '    method "aes_gcm" "main" {\n      keys = key_provider.pbkdf2.main\n    }\n' +
            '    state {\n      method   = method.aes_gcm.main\n      enforced = true\n    }\n  }\n}\n\n' +
            'variable "state_passphrase" {\n  type      = string\n  sensitive = true\n}\n\n' +
            'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\n' +
            'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
            '  env   = ["POSTGRES_PASSWORD=${var.db_password}"]\n}\n',
        },
        {
          file: 'main.tf',
          code:
            'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
            '  env   = ["POSTGRES_PASSWORD_FILE=/run/secrets/db"]\n}\n',
        },
      ],
    },
  },
  check(ctx) {
    const tf = ctx.model.terraform;
    if (!tf || tf.stateEncryptionEnforced) return;
    for (const dep of ctx.deployments) {
      if (dep.kind !== 'declared') continue;
      for (const e of dep.env) {
        if (!isSecretName(e.name)) continue;
        ctx.report({
          messageId: 'env',
          data: { name: e.name },
          loc: e.loc,
          related: e.value.via,
          deployment: dep,
          path: `env.${e.name}`,
        });
      }
      for (const u of dep.uploads ?? []) {
        if (!u.content?.sensitive) continue;
        ctx.report({
          messageId: 'upload',
          data: { path: u.path.value ?? '?' },
          loc: u.content.loc,
          deployment: dep,
          path: `uploads.${u.path.value ?? '?'}`,
        });
      }
    }
  },
});
