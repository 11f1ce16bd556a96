import { defineRule } from '../../core/rule.js';
import { embeddedPassword, isPlaceholder, isSecretName, weaknessOf } from '../../model/secrets.js';

const PASSWORDISH = /(PASSWORD|PASSWD|PASS$|PWD)/i;

export default defineRule({
  id: 'PGW108',
  slug: 'weak-password',
  title: 'Weak or well-known password',
  category: 'secrets',
  guideline: 'Secret Management › Password Handling',
  rationale:
    'Default passwords such as `postgres` or `changeme` are the first thing every scanner on the internet tries. ' +
    'Short passwords fall to offline guessing of a leaked SCRAM verifier.',
  remediation: 'Generate a long random password (at least 12 characters, better 24+) and keep it in a secret store.',
  severity: { dev: 'high', staging: 'critical', prod: 'critical' },
  formats: ['tf', 'compose', 'docker'],
  fixable: 'none',
  messages: {
    weak: 'The {what} of {name} is {weakness}.',
    variable: 'The default of variable "{name}" is {weakness}.',
  },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD=postgres"]\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD=Tq8-Harbor-Lantern-5521"]\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_PASSWORD: postgres\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    environment:\n      POSTGRES_PASSWORD: Tq8-Harbor-Lantern-5521\n',
        },
      ],
    },
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const dep of ctx.deployments) {
      for (const e of dep.env) {
        const v = e.value.value;
        if (v === undefined || e.value.state === 'unknown' || isPlaceholder(v)) continue;
        const direct = isSecretName(e.name) && PASSWORDISH.test(e.name);
        const candidate = direct ? v : embeddedPassword(v)?.password;
        const weakness = candidate && weaknessOf(candidate);
        if (!weakness) continue;
        ctx.report({
          messageId: 'weak',
          data: { name: e.name, weakness, what: direct ? 'value' : 'embedded password' },
          loc: e.value.loc,
          related: e.value.via,
          deployment: dep,
          path: `env.${e.name}`,
        });
        reported.add(`${e.value.loc.file}:${e.value.loc.start.offset}`);
      }
    }
    for (const v of ctx.model.terraform?.variables ?? []) {
      const d = v.defaultValue;
      if (!v.feedsSecret || !d || typeof d.value !== 'string' || isPlaceholder(d.value)) continue;
      const weakness = weaknessOf(d.value);
      if (weakness && !reported.has(`${d.loc.file}:${d.loc.start.offset}`))
        ctx.report({
          messageId: 'variable',
          data: { name: v.name, weakness },
          loc: d.loc,
          path: `var.${v.name}`,
        });
    }
  },
});
