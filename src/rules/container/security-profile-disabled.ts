import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

const DISABLED = /^(seccomp[:=]unconfined|apparmor[:=]unconfined|label[:=]disable|systempaths[:=]unconfined)$/i;

export default defineRule({
  id: 'PGW306',
  slug: 'security-profile-disabled',
  title: 'Security profile disabled',
  category: 'container',
  guideline: 'Container Security › Runtime Security: use security profiles (AppArmor, SELinux)',
  rationale: 'seccomp, AppArmor and SELinux confine what a compromised process can do to the kernel and the host.',
  remediation: 'Remove the option; use the default profiles or a tailored one.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'suggestion',
  messages: { disabled: 'Security option {option} turns a kernel protection off.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  security_opts = ["seccomp=unconfined"]\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  security_opts = ["no-new-privileges:true"]\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    security_opt: ["seccomp:unconfined"]\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    security_opt: ["no-new-privileges:true"]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      for (const o of dep.securityOpt ?? []) {
        if (DISABLED.test(o.value ?? ''))
          ctx.report({
            messageId: 'disabled',
            data: { option: o.value ?? '' },
            loc: o.loc,
            deployment: dep,
            path: `securityOpt.${o.value}`,
          });
      }
    }
  },
});
