import { defineRule } from '../../core/rule.js';
import { majorEol } from '../../advisories/index.js';
import { postgresOnly } from '../model-queries.js';
import { deployedVersion } from '../version-of.js';

export default defineRule({
  id: 'PGW406',
  slug: 'postgres-major-eol',
  title: 'PostgreSQL major version past end of life',
  category: 'image',
  guideline: 'Image Security › Version Management: implement a regular update and testing cycle',
  rationale:
    'A major past its end of life gets no more security fixes: every vulnerability found from then on stays ' +
    'open, and the image tags stop being rebuilt.',
  remediation: 'Upgrade to a supported major (pg_upgrade or dump and restore) and pin its newest minor.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'docker', 'inspect', 'live'],
  fixable: 'none',
  messages: { eol: 'PostgreSQL {major} ({label}) reached end of life on {date}{unfixed}.' },
  examples: {
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:13.22\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:17.6\n' }],
    },
    docker: {
      bad: [{ file: 'Dockerfile', code: 'FROM postgres:12-alpine\n' }],
      good: [{ file: 'Dockerfile', code: 'FROM postgres:17.6-alpine\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const v = deployedVersion(dep, ctx.today);
      if (!v || 'unknown' in v) continue; // PGW407 reports the unknown version once
      const eol = majorEol(v.version.major, ctx.today);
      if (!eol.eol) continue;
      ctx.report({
        messageId: 'eol',
        data: {
          major: String(v.version.major),
          label: v.label,
          date: eol.eolDate ?? '?',
          unfixed: eol.unfixedCves.length
            ? `; at least ${eol.unfixedCves.length} CVE(s) fixed in newer majors stay open`
            : '',
        },
        loc: v.where.loc,
        related: v.where.via,
        deployment: dep,
        path: 'pgVersion.major',
      });
    }
  },
});
