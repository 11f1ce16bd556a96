import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

const NNP = /^no-new-privileges(?:[:=](true|false))?$/i;

export default defineRule({
  id: 'PGW301',
  slug: 'no-new-privileges-missing',
  title: 'no-new-privileges is not set',
  category: 'container',
  guideline: 'Container Security › Privilege Management',
  rationale:
    'Without no-new-privileges a process in the container can gain privileges through setuid binaries. The ' +
    'postgres image drops to its own user with gosu, which works with the flag set.',
  remediation: 'Add `no-new-privileges:true` (Terraform `security_opts`, compose `security_opt`).',
  severity: { dev: 'low', staging: 'medium', prod: 'high' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'suggestion',
  messages: {
    missing: 'Security options lack no-new-privileges:true.',
    disabled: 'no-new-privileges is explicitly false.',
  },
  examples: {
    tf: {
      bad: [
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n' },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  security_opts = ["no-new-privileges:true"]\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    security_opt:\n      - no-new-privileges:true\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const opts = dep.securityOpt ?? [];
      const unknownOpt = opts.find((o) => o.state === 'unknown');
      const match = opts.find((o) => NNP.test(o.value ?? ''));
      if (match) {
        const v = NNP.exec(match.value ?? '')?.[1];
        if (v && v.toLowerCase() === 'false')
          ctx.report({ messageId: 'disabled', loc: match.loc, deployment: dep, path: 'securityOpt' });
        continue;
      }
      if (unknownOpt) {
        ctx.couldNotVerify(unknownOpt, 'a security option', dep, 'securityOpt');
        continue;
      }
      ctx.report({
        messageId: 'missing',
        loc: opts[0]?.loc ?? dep.loc,
        deployment: dep,
        path: 'securityOpt',
        suggestion: 'security_opt: ["no-new-privileges:true"]',
      });
    }
  },
});
