import { defineRule } from '../../core/rule.js';
import { outdatedMinor } from '../../advisories/index.js';
import { postgresOnly } from '../model-queries.js';
import { deployedVersion } from '../version-of.js';

export default defineRule({
  id: 'PGW407',
  slug: 'postgres-minor-outdated',
  title: 'Newer PostgreSQL minor release with security fixes exists',
  category: 'image',
  guideline: 'Image Security › Version Management: pin to specific, tested versions; regular update cycle',
  rationale:
    'Minor releases carry only fixes, many of them for security vulnerabilities. Pinning is right; staying ' +
    'pinned to an old minor keeps every CVE fixed since.',
  remediation: 'Move to the newest minor of the same major (a restart; no dump or pg_upgrade needed) and pin it.',
  severity: { dev: 'low', staging: 'low', prod: 'low' },
  severityNote:
    'from the highest CVSS score fixed since (≥ 9 critical, ≥ 7 high, else medium; no CVE low); a pre-release is high in prod, medium in staging, info in dev',
  formats: ['tf', 'compose', 'docker', 'inspect', 'live'],
  fixable: 'suggestion',
  messages: {
    outdated: 'PostgreSQL {version} is {behind} behind {newest}; {cveCount} CVE(s) fixed since{highest}: {cves}.',
    prerelease: 'PostgreSQL {version} is a pre-release build ({label}): not for production.',
  },
  examples: {
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:15.3\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:17\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const v = deployedVersion(dep, ctx.today);
      if (!v) continue;
      if ('unknown' in v) {
        ctx.couldNotVerify(v.unknown, 'the PostgreSQL version', dep, 'pgVersion');
        continue;
      }
      const r = outdatedMinor(v.version, ctx.today);
      const env = ctx.model.envOf(v.where.loc.file).env;
      if (r.status === 'prerelease') {
        ctx.report({
          messageId: 'prerelease',
          data: { version: r.judgedVersion, label: v.label },
          loc: v.where.loc,
          deployment: dep,
          path: 'pgVersion.prerelease',
          severity: env === 'prod' ? 'high' : env === 'staging' ? 'medium' : 'info',
        });
        continue;
      }
      if (r.status !== 'outdated' || !r.newestMinor) continue;
      const cves = r.cvesFixedSince;
      const top = [...cves].sort((a, b) => b.score - a.score).slice(0, 3);
      ctx.report({
        messageId: 'outdated',
        data: {
          version: r.judgedVersion,
          behind: r.minorsBehind ? `${r.minorsBehind} minor release${r.minorsBehind === 1 ? '' : 's'}` : 'behind',
          newest: r.newestMinor,
          cveCount: cves.length,
          highest: r.highestScore !== undefined ? `, highest CVSS ${r.highestScore}` : '',
          cves: top.length
            ? top.map((c) => `${c.id} (${c.score}) ${c.summary.replace(/\.$/, '')}`).join('; ') +
              (cves.length > top.length ? `; and ${cves.length - top.length} more` : '')
            : 'none recorded',
        },
        loc: v.where.loc,
        related: v.where.via,
        deployment: dep,
        path: 'pgVersion.minor',
        severity: r.severity,
        suggestion: `Move to ${r.newestMinor} (same major: a restart, no dump or pg_upgrade).`,
      });
    }
  },
});
