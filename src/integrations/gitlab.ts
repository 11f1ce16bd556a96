import { createHash } from 'node:crypto';

/**
 * Converters from pgwarden's JSON report (`--format json`, schemas/report.schema.json) to GitLab's report formats:
 * the Code Quality report (`artifacts:reports:codequality`) and the SAST security report (`artifacts:reports:sast`).
 * Suppressed findings (inline, config, baseline) are left out: GitLab has no notion of them. Findings on live
 * objects (no file) are left out too: both formats need a file path.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** The part of the JSON report the converters read. */
export interface ReportFinding {
  ruleId: string;
  slug?: string;
  title?: string;
  severity: Severity;
  message: string;
  location: { file: string; startLine: number; endLine: number; startColumn?: number; live?: string };
  fingerprint: string;
  suggestion?: string;
  suppressions: Array<{ kind: string; justification: string }>;
}

export interface JsonReport {
  schemaVersion: string;
  tool: { name: string; version: string };
  scanDate?: string;
  root?: string;
  findings: ReportFinding[];
}

export class ReportInputError extends Error {}

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Checks that a parsed document is a pgwarden JSON report (major version 1) with usable findings. */
export function readJsonReport(data: unknown, name: string): JsonReport {
  const r = data as Partial<JsonReport> | null;
  if (
    !r ||
    typeof r !== 'object' ||
    Array.isArray(r) ||
    !Array.isArray(r.findings) ||
    typeof r.schemaVersion !== 'string'
  ) {
    throw new ReportInputError(`${name}: not a pgwarden JSON report (run pgwarden scan --format json)`);
  }
  if (!/^1\./.test(r.schemaVersion))
    throw new ReportInputError(`${name}: report schemaVersion ${r.schemaVersion} is not supported (expected 1.x)`);
  r.findings.forEach((f: Partial<ReportFinding>, i: number) => {
    const ok =
      typeof f?.ruleId === 'string' &&
      SEVERITIES.includes(f.severity as Severity) &&
      typeof f.message === 'string' &&
      typeof f.fingerprint === 'string' &&
      typeof f.location?.file === 'string' &&
      Number.isInteger(f.location.startLine);
    if (!ok)
      throw new ReportInputError(`${name}: findings[${i}] lacks ruleId, severity, message, fingerprint or location`);
  });
  return r as JsonReport;
}

function reportable(report: JsonReport): ReportFinding[] {
  return report.findings.filter((f) => !f.suppressions?.length && !f.location.live);
}

function joinPath(prefix: string, file: string): string {
  const p = prefix
    .replace(/\\/g, '/')
    .replace(/^\.\/?/, '')
    .replace(/\/+$/, '');
  return p ? `${p}/${file}` : file;
}

/** Fingerprints must be unique per report: a repeated one gets its occurrence number hashed in. */
function uniqueFingerprints(findings: ReportFinding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const n = seen.get(f.fingerprint) ?? 0;
    seen.set(f.fingerprint, n + 1);
    return n === 0 ? f.fingerprint : createHash('sha256').update(`${f.fingerprint}:${n}`).digest('hex').slice(0, 32);
  });
}

// ---------------------------------------------------------------- Code Quality

export const CODE_QUALITY_SEVERITY: Record<Severity, 'blocker' | 'critical' | 'major' | 'minor' | 'info'> = {
  critical: 'blocker',
  high: 'critical',
  medium: 'major',
  low: 'minor',
  info: 'info',
};

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: (typeof CODE_QUALITY_SEVERITY)[Severity];
  location: { path: string; lines: { begin: number; end?: number } };
}

export interface ConvertOptions {
  /** Folder of the scan root relative to the repository root, prepended to every path. */
  pathPrefix?: string;
}

export function toGitlabCodeQuality(report: JsonReport, options: ConvertOptions = {}): CodeQualityIssue[] {
  const findings = reportable(report);
  const fingerprints = uniqueFingerprints(findings);
  return findings.map((f, i) => ({
    description: `${f.ruleId}: ${f.message}`,
    check_name: f.slug ? `${f.ruleId} ${f.slug}` : f.ruleId,
    fingerprint: fingerprints[i] ?? f.fingerprint,
    severity: CODE_QUALITY_SEVERITY[f.severity],
    location: {
      path: joinPath(options.pathPrefix ?? '', f.location.file),
      lines: {
        begin: f.location.startLine,
        ...(f.location.endLine > f.location.startLine ? { end: f.location.endLine } : {}),
      },
    },
  }));
}

// ---------------------------------------------------------------- SAST

export const SAST_SCHEMA_VERSION = '15.0.7';

export const SAST_SEVERITY: Record<Severity, 'Critical' | 'High' | 'Medium' | 'Low' | 'Info'> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** A stable UUID-shaped id from the fingerprint, so the same finding keeps its id across pipelines. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16] ?? '0', 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** GitLab's timestamp form: seconds, no zone. */
function gitlabTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export interface SastOptions extends ConvertOptions {
  /** Start and end of the scan (default: now). */
  now?: Date;
}

export function toGitlabSast(report: JsonReport, options: SastOptions = {}) {
  const findings = reportable(report);
  const fingerprints = uniqueFingerprints(findings);
  const now = gitlabTime(options.now ?? new Date());
  const tool = {
    id: 'pgwarden',
    name: 'pgwarden',
    version: report.tool?.version ?? '0.0.0',
    vendor: { name: 'pgwarden' },
  };
  return {
    version: SAST_SCHEMA_VERSION,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'sast',
      start_time: now,
      end_time: now,
      status: 'success',
    },
    vulnerabilities: findings.map((f, i) => ({
      id: uuidFrom(fingerprints[i] ?? f.fingerprint),
      name: f.title ?? f.ruleId,
      description: f.message,
      severity: SAST_SEVERITY[f.severity],
      ...(f.suggestion ? { solution: f.suggestion } : {}),
      identifiers: [
        {
          type: 'pgwarden_rule_id',
          name: f.slug ? `${f.ruleId} ${f.slug}` : f.ruleId,
          value: f.ruleId,
        },
      ],
      location: {
        file: joinPath(options.pathPrefix ?? '', f.location.file),
        start_line: f.location.startLine,
        end_line: Math.max(f.location.startLine, f.location.endLine),
      },
    })),
  };
}
