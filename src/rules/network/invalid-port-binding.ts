import { defineRule } from '../../core/rule.js';

export default defineRule({
  id: 'PGW203',
  slug: 'invalid-port-binding',
  title: 'Port mapping cannot be applied as meant',
  category: 'network',
  guideline: "Network Security › Port Exposure (the guideline's own example has this defect)",
  rationale:
    'In the kreuzwerker/docker provider `external` is a number; the bind address belongs in `ip`. ' +
    '`external = "127.0.0.1:5432"` fails validation, and whoever "fixes" it by dropping the address publishes on ' +
    '0.0.0.0 — the opposite of what was meant.',
  remediation: 'Write `ports { internal = 5432  external = 5432  ip = "127.0.0.1" }`.',
  severity: { dev: 'high', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose'],
  fixable: 'safe',
  messages: { invalid: '{message}' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  ports {\n    internal = 5432\n    external = "127.0.0.1:5432"\n  }\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  ports {\n    internal = 5432\n    external = 5432\n    ip       = "127.0.0.1"\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    ports:\n      - "localhost:5432:5432:tcp"\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    ports:\n      - "127.0.0.1:5432:5432"\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of ctx.deployments) {
      (dep.ports ?? []).forEach((p, i) => {
        if (p.containerPort.state !== 'unknown' || !p.containerPort.reason?.startsWith('invalid:')) return;
        ctx.report({
          messageId: 'invalid',
          data: { message: (p.containerPort.reason ?? '').replace(/^invalid:\s*/, '') },
          loc: p.containerPort.loc,
          deployment: dep,
          path: `ports[${i}]`,
        });
      });
    }
  },
});
