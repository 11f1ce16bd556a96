import { defineRule } from '../../core/rule.js';

/**
 * Reports what the suppress stage (src/suppress) found wrong with suppressions. The stage runs after every other
 * rule, because only then is it known which suppressions matched a finding; it fills `model.suppressionProblems`
 * and runs this rule once more. During the ordinary rule pass the field is not set yet and the check does nothing.
 */
export default defineRule({
  id: 'PGW003',
  slug: 'invalid-suppression',
  title: 'Suppression without effect',
  category: 'run',
  guideline: 'Quick Reference › Security scanning integrated into deployment pipeline',
  rationale:
    'A suppression is a decision to accept a risk, so it must say why, and it must not outlive the reason. ' +
    'A suppression without a reason, past its expiry date, naming an unknown rule, or matching nothing, suppresses ' +
    'nothing: pgwarden reports it so the decision is made again (or the stale comment removed).',
  remediation:
    'Write the reason after a colon: `# pgwarden-ignore PGW201: bound to the VPN interface by the host firewall`. ' +
    'Renew or remove expired ones (`until=YYYY-MM-DD`), correct unknown rule ids, delete suppressions that no longer ' +
    'match a finding.',
  severity: { dev: 'low', staging: 'low', prod: 'low' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'],
  fixable: 'none',
  messages: {
    missingReason:
      '`{directive}` gives no reason, so it suppresses nothing: write `pgwarden-ignore {rules}: <why this is accepted>`.',
    expired:
      '`{directive}` expired on {detail}: {rules} is reported again. Fix the finding, or renew the date with a current reason.',
    unused: '`{directive}` matched no {rules} finding: remove it (the problem may have been fixed).',
    unknownRule: '`{directive}` names "{detail}", which is not a pgwarden rule (pgwarden rules lists them).',
    malformed: '`{directive}` is not a valid suppression: {detail}.',
  },
  examples: {
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    ports:\n      - "5432:5432" # pgwarden-ignore PGW201\n',
        },
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    # pgwarden-ignore PGW999: not a rule\n    user: "999"\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code:
            'services:\n  db:\n    image: postgres:16.10\n    ports:\n' +
            '      - "5432:5432" # pgwarden-ignore PGW201: the host firewall only admits the VPN\n',
        },
      ],
    },
  },
  check(ctx) {
    const messageIds = {
      'missing-reason': 'missingReason',
      expired: 'expired',
      unused: 'unused',
      'unknown-rule': 'unknownRule',
      malformed: 'malformed',
    } as const;
    for (const p of ctx.model.suppressionProblems ?? []) {
      const rules = p.rules.join(', ') || 'PGWnnn';
      ctx.report({
        messageId: messageIds[p.kind],
        data: { directive: p.directive, rules, detail: p.detail },
        loc: p.loc,
        path: `suppression:${p.kind}:${rules}`,
        valueKey: `${p.source}:${p.directive}`,
      });
    }
  },
});
