/** PostgreSQL version advisories (PGW406 end of life, PGW407 outdated minor), offline. */
export * from './types.js';
export {
  ADVISORY_DATA,
  DATA_COMPILED_ON,
  DATA_CURRENT_TO,
  PG_CVES,
  PG_MAJORS,
  SCHEDULED_MINOR_RELEASES,
  formatPgVersion,
  getMajor,
  newestMajorOn,
  newestReleaseOn,
  parsePgVersion,
  type PgVersion,
} from './data.js';
export * from './tags.js';
export * from './lookup.js';
export { formatDataIssues, validateAdvisoryData, type DataIssue } from './validate.js';
