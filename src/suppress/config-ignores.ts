import type { Finding } from '../core/finding.js';
import type { ScanModel } from '../core/scan-model.js';
import { globToRegExp } from '../discover/environment.js';
import type { ConfigIgnore, SuppressionProblem } from './types.js';

/** A configuration `ignore` entry, ready to match findings. */
export interface PreparedIgnore {
  entry: ConfigIgnore;
  /** False when expired. */
  active: boolean;
  used: boolean;
  matches(f: Finding): boolean;
}

/** `ignore[2] (PGW201, path "dev/**", service "db")`: how an entry is named in messages. */
export function describeIgnore(e: ConfigIgnore): string {
  const parts = [e.rule];
  if (e.path !== undefined) parts.push(`path "${e.path}"`);
  if (e.resource !== undefined) parts.push(`resource "${e.resource}"`);
  return `ignore[${e.index}] (${parts.join(', ')})`;
}

export function prepareConfigIgnores(
  entries: ConfigIgnore[],
  model: ScanModel,
  today: string,
  problems: SuppressionProblem[],
): PreparedIgnore[] {
  const byId = new Map(model.deployments.map((d) => [d.id, d]));
  return entries.map((entry) => {
    const pathRe = entry.path !== undefined ? globToRegExp(entry.path.replace(/^\.\//, '')) : undefined;
    const nameRe = entry.resource !== undefined ? globToRegExp(entry.resource) : undefined;
    const expired = !!entry.expires && today > entry.expires;
    if (expired && entry.loc) {
      problems.push({
        kind: 'expired',
        loc: entry.loc,
        source: 'config',
        directive: describeIgnore(entry),
        rules: [entry.rule],
        detail: entry.expires ?? '',
      });
    }
    return {
      entry,
      active: !expired,
      used: false,
      matches(f: Finding): boolean {
        if (f.ruleId !== entry.rule) return false;
        if (pathRe && !pathRe.test(f.loc.file)) return false;
        if (nameRe) {
          const dep = f.deploymentId ? byId.get(f.deploymentId) : undefined;
          if (!dep || !(dep.name === entry.resource || dep.id === entry.resource || nameRe.test(dep.name)))
            return false;
        }
        return true;
      },
    };
  });
}

/** Whether the entry's path glob names any scanned input: an entry for files outside this scan is not "unused". */
export function ignoreInScope(p: PreparedIgnore, model: ScanModel): boolean {
  if (p.entry.path === undefined) return true;
  const re = globToRegExp(p.entry.path.replace(/^\.\//, ''));
  return model.inputs.some((i) => re.test(i.file)) || [...model.files.keys()].some((f) => re.test(f));
}
