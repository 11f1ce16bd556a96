import { scan, type ScanResult } from '../../../src/core/scan.js';
import type { Deployment } from '../../../src/model/deployment.js';
import type { Tracked } from '../../../src/core/tracked.js';
import type { Loc } from '../../../src/core/location.js';

export const TODAY = '2026-01-15';

export function scanTf(
  files: Record<string, string>,
  adapt: Parameters<typeof scan>[0]['adapt'] = {},
): Promise<ScanResult> {
  return scan({ virtual: files, today: TODAY, envPolicy: { forced: 'prod' }, adapt });
}

export function deployment(result: ScanResult, name: string): Deployment {
  const d = result.model.deployments.find((x) => x.name === name);
  if (!d) throw new Error(`no deployment ${name} (have ${result.model.deployments.map((x) => x.name).join(', ')})`);
  return d;
}

export function pos(loc: Loc | undefined): string {
  return loc ? `${loc.file}:${loc.start.line}:${loc.start.column}-${loc.end.line}:${loc.end.column}` : '(none)';
}

/** `"value" state @file:line:col-line:col` */
export function show(t: Tracked<unknown> | undefined): string {
  if (!t) return '(absent)';
  return `${JSON.stringify(t.value)} ${t.state} @${pos(t.loc)}`;
}

export function rules(result: ScanResult): string[] {
  return [...new Set(result.findings.map((f) => f.ruleId))].sort();
}
