import type { ScanResult } from '../core/scan.js';
import type { Rule } from '../core/rule.js';
import type { Severity } from '../core/severity.js';

export interface ReportOptions {
  color: boolean;
  failOn: Severity | 'none';
  toolVersion: string;
  rules: Rule[];
  quiet?: boolean;
  /** Notes the CLI adds (stale advisory data, baseline pruning, unused suppressions). */
  notes?: string[];
}

export type Reporter = (result: ScanResult, options: ReportOptions) => string;
