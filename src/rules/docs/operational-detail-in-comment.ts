import { defineRule } from '../../core/rule.js';

const DETAILS: Array<[string, RegExp]> = [
  ['an IP address', /\b(?!127\.0\.0\.1\b|0\.0\.0\.0\b)(?:\d{1,3}\.){3}\d{1,3}\b/],
  ['an internal host name', /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:internal|corp|lan|local|intra|intranet)\b/i],
  [
    'an operator instruction',
    /\b(?:ssh|kubectl|psql -h|scp|rsync)\s+\S+|\b(?:call|page|ping|contact)\s+(?:the\s+)?(?:on-?call|oncall|dba|ops)\b|\brunbook\b/i,
  ],
  ['a port of another system', /\bport\s+\d{2,5}\b(?!.*postgres)/i],
];

export default defineRule({
  id: 'PGW802',
  slug: 'operational-detail-in-comment',
  title: 'Operational detail in a comment',
  category: 'docs',
  guideline: 'Compliance and Monitoring › Documentation: remove operational details from production code comments',
  rationale:
    'Internal addresses, host names and operator instructions in comments map the network for whoever reads the ' +
    'repository. Keep them in the security documentation, maintained separately.',
  remediation: 'Move the detail to the runbook or security documentation and delete it from the comment.',
  severity: { dev: 'off', staging: 'info', prod: 'low' },
  formats: ['tf', 'compose', 'docker', 'conf'],
  fixable: 'none',
  messages: { detail: 'This comment carries {what}.' },
  examples: {
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: '# failover replica is db2.corp.internal (10.4.2.17)\nservices:\n  db:\n    image: postgres:16.10\n',
        },
      ],
      good: [{ file: 'compose.yaml', code: '# primary database\nservices:\n  db:\n    image: postgres:16.10\n' }],
    },
  },
  check(ctx) {
    for (const c of ctx.model.comments) {
      if (/pgwarden-ignore/.test(c.text)) continue;
      const hit = DETAILS.find(([, re]) => re.test(c.text));
      if (hit)
        ctx.report({
          messageId: 'detail',
          data: { what: hit[0] },
          loc: c.loc,
          path: `comment:${c.loc.file}`,
          valueKey: c.text,
        });
    }
  },
});
