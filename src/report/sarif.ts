import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result, Location } from 'sarif';
import type { Loc } from '../core/location.js';
import { sarifLevel, securitySeverityScore, type Severity } from '../core/severity.js';
import type { Rule } from '../core/rule.js';
import type { Reporter } from './types.js';

const ROOT = 'ROOT';
export const FINGERPRINT_KEY = 'pgwarden/v1';

function highestSeverity(rule: Rule): Severity {
  const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  return order.find((s) => Object.values(rule.severity).includes(s)) ?? 'info';
}

function descriptor(rule: Rule): ReportingDescriptor {
  const top = highestSeverity(rule);
  const name = rule.slug.replace(/(^|-)(\w)/g, (_, __, ch: string) => ch.toUpperCase());
  return {
    id: rule.id,
    name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.rationale}\n\nHow to fix: ${rule.remediation}`,
      markdown: `**${rule.title}**\n\n${rule.rationale}\n\n**How to fix:** ${rule.remediation}\n\nGuideline: ${rule.guideline}`,
    },
    defaultConfiguration: { level: sarifLevel(top) },
    properties: {
      tags: ['security', rule.category, 'postgresql'],
      'security-severity': securitySeverityScore(top),
      precision: 'high',
      severityByEnvironment: rule.severity,
    },
  };
}

function physical(loc: Loc): Location {
  if (loc.live) {
    return { logicalLocations: [{ fullyQualifiedName: `${loc.file}/${loc.live}`, kind: 'resource' }] };
  }
  return {
    physicalLocation: {
      artifactLocation: { uri: loc.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: ROOT },
      region: {
        startLine: loc.start.line,
        startColumn: loc.start.column,
        endLine: loc.end.line,
        endColumn: Math.max(loc.end.column, loc.end.line === loc.start.line ? loc.start.column + 1 : 1),
      },
    },
  };
}

/** SARIF 2.1.0 for GitHub code scanning and other CI viewers. */
export const sarifReporter: Reporter = (result, options) => {
  const rules = [...options.rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = result.findings.map((f) => {
    const r: Result = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [physical(f.loc)],
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      properties: {
        severity: f.severity,
        'security-severity': securitySeverityScore(f.severity),
        environment: f.env,
        environmentReason: f.envReason,
        ...(f.deploymentId ? { deployment: f.deploymentId } : {}),
      },
    };
    if (f.related.length) {
      r.relatedLocations = f.related.map((rel, i) => ({
        id: i + 1,
        ...physical(rel.loc),
        message: { text: rel.message },
      }));
    }
    if (f.suppressions?.length) {
      r.suppressions = f.suppressions.map((s) => ({
        kind: s.kind,
        justification: s.justification,
        status: 'accepted',
      }));
    }
    return r;
  });
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pgwarden',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: 'https://www.npmjs.com/package/pgwarden',
            rules: rules.map(descriptor),
          },
        },
        originalUriBaseIds: {
          [ROOT]: {
            uri: pathToFileURL(result.model.root.endsWith('/') ? result.model.root : result.model.root + '/').href,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.model.problems
              .filter((p) => p.kind === 'skipped')
              .map((p) => ({
                level: 'note' as const,
                message: { text: `${p.file}: ${p.message}` },
              })),
          },
        ],
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return result.model.secrets.redact(JSON.stringify(log, null, 2)) + '\n';
};
