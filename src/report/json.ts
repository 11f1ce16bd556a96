import type { Loc } from '../core/location.js';
import { SEVERITIES } from '../core/severity.js';
import { buildChecklist } from './checklist.js';
import type { Reporter } from './types.js';
import { scrubSecrets } from '../model/secrets.js';

export const JSON_REPORT_VERSION = '1.0.0';

export function jsonLocation(loc: Loc) {
  return {
    file: loc.file,
    startLine: loc.start.line,
    startColumn: loc.start.column,
    endLine: loc.end.line,
    endColumn: loc.end.column,
    ...(loc.live ? { live: loc.live } : {}),
  };
}

/** The documented JSON report (schemas/report.schema.json). */
export const jsonReporter: Reporter = (result, options) => {
  const rules = new Map(options.rules.map((r) => [r.id, r]));
  const active = result.findings.filter((f) => !f.suppressions?.length);
  const report = {
    schemaVersion: JSON_REPORT_VERSION,
    tool: { name: 'pgwarden', version: options.toolVersion },
    scanDate: result.today,
    root: result.model.root,
    failOn: options.failOn,
    inputs: result.model.inputs.map((i) => ({
      file: i.file,
      format: i.format,
      environment: i.env.env,
      environmentReason: i.env.reason,
    })),
    errors: result.model.problems.map((p) => ({
      file: p.file,
      kind: p.kind,
      message: scrubSecrets(p.message),
      ...(p.loc ? { location: jsonLocation(p.loc) } : {}),
    })),
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      slug: rules.get(f.ruleId)?.slug,
      title: rules.get(f.ruleId)?.title,
      severity: f.severity,
      environment: f.env,
      environmentReason: f.envReason,
      message: f.message,
      location: jsonLocation(f.loc),
      relatedLocations: f.related.map((r) => ({ message: r.message, location: jsonLocation(r.loc) })),
      ...(f.deploymentId ? { deployment: f.deploymentId } : {}),
      ...(f.modelPath ? { modelPath: f.modelPath } : {}),
      fingerprint: f.fingerprint,
      ...(f.suggestion ? { suggestion: f.suggestion } : {}),
      suppressions: f.suppressions ?? [],
    })),
    checklist: buildChecklist(result.findings, result.model),
    summary: {
      total: active.length,
      suppressed: result.findings.length - active.length,
      bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length])),
    },
    notes: options.notes ?? [],
  };
  return result.model.secrets.redact(JSON.stringify(report, null, 2)) + '\n';
};
