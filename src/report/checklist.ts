import type { Finding } from '../core/finding.js';
import type { ScanModel } from '../core/scan-model.js';

export type ChecklistStatus = 'met' | 'failed' | 'unverified';
export interface ChecklistItem {
  item: string;
  status: ChecklistStatus;
  rules: string[];
  detail: string;
}

const ITEMS: Array<{ item: string; ids: (id: number) => boolean }> = [
  { item: 'Secrets managed via secure secret stores', ids: (n) => (n >= 101 && n <= 108) || n === 801 },
  { item: 'Network access restricted to trusted sources', ids: (n) => n >= 201 && n <= 208 },
  { item: 'Container images pinned to specific versions', ids: (n) => n >= 401 && n <= 408 },
  { item: 'File system permissions properly configured', ids: (n) => n >= 501 && n <= 503 },
  { item: 'Container running with minimal privileges', ids: (n) => n >= 301 && n <= 311 },
  { item: 'Audit logging enabled and monitored', ids: (n) => n >= 701 && n <= 705 },
];

/** The guideline's "Essential Security Checklist", ticked from the findings. */
export function buildChecklist(findings: Finding[], model: ScanModel): ChecklistItem[] {
  const active = findings.filter((f) => !f.suppressions?.length);
  if (!model.inputs.length) {
    return [...ITEMS.map(({ item }) => item), 'Security scanning integrated into deployment pipeline'].map((item) => ({
      item,
      status: 'unverified' as const,
      rules: [],
      detail: 'nothing was scanned',
    }));
  }
  const out: ChecklistItem[] = ITEMS.map(({ item, ids }) => {
    const hits = active.filter((f) => ids(Number(f.ruleId.slice(3))) && f.severity !== 'info');
    const unverified = active.filter(
      (f) => f.ruleId === 'PGW002' && ids(Number(/PGW(\d{3})/.exec(f.message)?.[1] ?? 0)),
    );
    const rules = [...new Set(hits.map((f) => f.ruleId))].sort();
    if (hits.length)
      return {
        item,
        status: 'failed',
        rules,
        detail: `${hits.length} finding${hits.length === 1 ? '' : 's'}: ${rules.join(', ')}`,
      };
    if (unverified.length)
      return { item, status: 'unverified', rules: [], detail: `${unverified.length} value(s) could not be resolved` };
    const accepted = findings.filter((f) => f.suppressions?.length && ids(Number(f.ruleId.slice(3)))).length;
    return {
      item,
      status: 'met',
      rules: [],
      detail: accepted ? `no open findings (${accepted} suppressed)` : 'no findings',
    };
  });
  const ci = model.ciDefinitions;
  const scanning = ci.filter((c) => c.runsScanner);
  out.push({
    item: 'Security scanning integrated into deployment pipeline',
    status: scanning.length ? 'met' : ci.length ? 'failed' : 'unverified',
    rules: [],
    detail: scanning.length
      ? scanning.map((c) => `${c.file} (${c.system}) runs ${c.scanners.join(', ')}`).join('; ')
      : ci.length
        ? `CI definitions found (${ci.map((c) => c.file).join(', ')}) but none runs a security scanner`
        : 'no CI definition in the scanned tree',
  });
  return out;
}
