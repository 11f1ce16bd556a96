import { defineRule } from '../../core/rule.js';

export default defineRule({
  id: 'PGW002',
  slug: 'unverifiable-value',
  title: 'Security-relevant value could not be resolved',
  category: 'run',
  guideline: 'Quick Reference › Security scanning integrated into deployment pipeline',
  rationale:
    'A value that comes from an unset variable, a remote module or the deploy-time shell cannot be judged. ' +
    'pgwarden says so instead of passing it silently or raising a false alarm.',
  remediation:
    'Give the value in the scan (a tfvars file, `--var`, a `.env` beside the compose file), or accept that this ' +
    'point is verified elsewhere.',
  severity: { dev: 'info', staging: 'info', prod: 'info' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'],
  fixable: 'none',
  messages: { unknown: '{message}' },
  examples: {
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:${PG_TAG}\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
    },
  },
  // Reported through ctx.couldNotVerify by the rule that needed the value.
  check() {},
});
