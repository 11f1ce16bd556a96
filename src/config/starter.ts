/** The commented starter file `pgwarden init-config` writes. It validates against schemas/config.schema.json. */
export const STARTER_CONFIG = `# yaml-language-server: $schema=./node_modules/pgwarden/schemas/config.schema.json
#
# pgwarden configuration. Every key is optional; paths and globs are relative to the scanned root.
# Reference: docs/ci.md. Rule ids and slugs: pgwarden rules; one rule: pgwarden explain PGW201.

# Which environment each file is judged for: severities differ per environment.
# Order: --env, then the first matching glob below, then folder and file names (prod/, staging/, dev/), then default.
environments:
  default: prod # when nothing names an environment (fail-safe)
  # paths:
  #   - glob: "deploy/dev/**"
  #     env: dev
  #   - glob: "deploy/staging/**"
  #     env: staging

# Per-rule settings, by id or slug: off, a severity, per-environment severities, options.
# rules:
#   PGW311: off                      # no healthcheck: checked by the orchestrator instead
#   PGW204: low
#   port-published-all-interfaces:
#     severity: { dev: off, staging: medium, prod: critical }

# Inventory of approved images (PGW404): globs or digests.
# images:
#   approved:
#     - "postgres:16.*-alpine"
#     - "registry.example.com/db/postgres@sha256:0123…"

# Registries images may come from (PGW405).
# registries:
#   trusted: [registry.example.com]

# Client networks that may reach PostgreSQL (PGW206).
# network:
#   trustedCidrs: [10.0.0.0/8]

# Files and folders not to scan.
# paths:
#   exclude: ["examples/**", "**/testdata/**"]

failOn: high # exit code 1 at or above this severity: critical, high, medium, low, info, none
# format: text # text, json, sarif, markdown or html

# Accepted findings. A reason is required; after "expires" the finding is reported again.
# resource (or service) is the deployment name: compose service, Terraform resource, Dockerfile stage.
# ignore:
#   - rule: PGW201
#     path: "deploy/dev/**"
#     service: db
#     reason: bound to the developer's machine by the dev VM's firewall
#     expires: 2027-03-31
`;
