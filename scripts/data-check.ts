/**
 * Validates the shipped PostgreSQL advisory data (src/advisories/pg-data.generated.ts).
 *
 *   node dist/scripts/data-check.js
 *
 * Exits 1 when there are errors; warnings are printed but do not fail.
 */
import { ADVISORY_DATA, DATA_CURRENT_TO } from '../src/advisories/data.js';
import { formatDataIssues, validateAdvisoryData } from '../src/advisories/validate.js';

const issues = validateAdvisoryData(ADVISORY_DATA);
const errors = issues.filter((i) => i.level === 'error');
if (issues.length > 0) process.stderr.write(`${formatDataIssues(issues)}\n`);
const summary =
  `data-check: ${ADVISORY_DATA.majors.length} majors, ` +
  `${ADVISORY_DATA.majors.reduce((n, m) => n + m.releases.length, 0)} releases, ` +
  `${ADVISORY_DATA.cves.length} CVEs, current to ${DATA_CURRENT_TO}: ` +
  `${errors.length} error(s), ${issues.length - errors.length} warning(s)\n`;
process.stdout.write(summary);
process.exitCode = errors.length > 0 ? 1 : 0;
