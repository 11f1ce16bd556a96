import { isAbsolute, relative, sep } from 'node:path';
import type { Finding, Suppression } from '../core/finding.js';
import type { Loc } from '../core/location.js';
import type { Rule } from '../core/rule.js';
import { runRules, type RunOptions } from '../core/run-rules.js';
import type { ScanModel } from '../core/scan-model.js';
import type { SeverityOrOff } from '../core/severity.js';
import type { EnvName } from '../model/deployment.js';
import { ALL_RULES } from '../rules/index.js';
import { describeIgnore, ignoreInScope, prepareConfigIgnores } from './config-ignores.js';
import { collectInlineDirectives, directiveCovers, INVALID_SUPPRESSION_RULE } from './inline.js';
import type { SuppressionProblem, SuppressOptions } from './types.js';

/** Maps a rule id (any case) or slug to a known rule id. */
export function ruleResolver(rules: Rule[]): (token: string) => string | undefined {
  const ids = new Map<string, string>();
  for (const r of rules) {
    ids.set(r.id.toLowerCase(), r.id);
    ids.set(r.slug.toLowerCase(), r.id);
  }
  return (token) => ids.get(token.toLowerCase());
}

/** The severity a rule has for an environment after the configuration's overrides (as the rule runner decides). */
export function effectiveSeverity(rule: Rule, env: EnvName, settings: RunOptions['ruleSettings']): SeverityOrOff {
  const setting = settings?.[rule.id]?.severity;
  const configured = typeof setting === 'string' ? setting : setting?.[env];
  return configured ?? rule.severity[env];
}

function addSuppression(f: Finding, s: Suppression): void {
  f.suppressions = [...(f.suppressions ?? []), s];
}

/** A location in the configuration file, named relative to the scanned root when it lies inside it. */
function configLoc(loc: Loc, root: string): Loc {
  if (!isAbsolute(loc.file) || !isAbsolute(root)) return loc;
  const rel = relative(root, loc.file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return loc;
  return { ...loc, file: rel.split(sep).join('/') };
}

/**
 * The suppress stage, run after the rules: marks findings covered by inline directives (`inSource`) and by the
 * configuration's `ignore` entries (`external`); suppressed findings stay in the result with `suppressions[]`.
 * Problems with the suppressions themselves (missing reason, expired, unused, unknown rule, malformed) go to
 * `model.suppressionProblems`, and PGW003 (invalid-suppression), when it is among the rules, reports them: its
 * findings are returned to be added to the result. The configuration's `ignore` entries for PGW003 apply to them.
 */
export function applySuppressions(
  findings: Finding[],
  model: ScanModel,
  rules: Rule[],
  run: RunOptions,
  options: SuppressOptions = {},
): Finding[] {
  const known = [...ALL_RULES, ...rules.filter((r) => !ALL_RULES.includes(r))];
  const problems: SuppressionProblem[] = [];
  const inline =
    options.inline === false ? [] : collectInlineDirectives(model, ruleResolver(known), run.today, problems);
  const ignores = prepareConfigIgnores(
    (options.ignores ?? []).map((e) => (e.loc ? { ...e, loc: configLoc(e.loc, model.root) } : e)),
    model,
    run.today,
    problems,
  );
  const late = ignores.filter((i) => i.entry.rule === INVALID_SUPPRESSION_RULE);
  const early = ignores.filter((i) => i.entry.rule !== INVALID_SUPPRESSION_RULE);
  for (const f of findings) {
    for (const d of inline) {
      if (!directiveCovers(d, f)) continue;
      d.used.add(f.ruleId);
      addSuppression(f, {
        kind: 'inSource',
        justification: d.directive.reason,
        loc: d.comment.loc,
        ...(d.directive.until ? { expires: d.directive.until } : {}),
      });
    }
    for (const i of early) {
      if (!i.active || !i.matches(f)) continue;
      i.used = true;
      addSuppression(f, {
        kind: 'external',
        justification: i.entry.reason,
        ...(i.entry.loc ? { loc: i.entry.loc } : {}),
        ...(i.entry.expires ? { expires: i.entry.expires } : {}),
      });
    }
  }

  // Unused: only for rules that ran and are not off where the suppression is, so a partial run or an
  // environment where the rule is off does not call a needed suppression unused.
  const ran = new Map(rules.map((r) => [r.id, r]));
  const reportable = (id: string, env: EnvName) => {
    const rule = ran.get(id);
    return !!rule && effectiveSeverity(rule, env, run.ruleSettings) !== 'off';
  };
  for (const d of inline) {
    if (!d.active) continue;
    const env = model.envOf(d.file).env;
    const unused = d.directive.ids.filter((id) => !d.used.has(id) && reportable(id, env));
    if (unused.length) {
      problems.push({
        kind: 'unused',
        loc: d.comment.loc,
        source: 'inline',
        directive: d.directive.text.length > 100 ? d.directive.text.slice(0, 99) + '…' : d.directive.text,
        rules: unused,
        detail: '',
      });
    }
  }
  const envs = new Set(model.inputs.map((i) => i.env.env));
  for (const i of early) {
    if (!i.active || i.used || !i.entry.loc || !ignoreInScope(i, model)) continue;
    if (![...envs].some((env) => reportable(i.entry.rule, env))) continue;
    problems.push({
      kind: 'unused',
      loc: i.entry.loc,
      source: 'config',
      directive: describeIgnore(i.entry),
      rules: [i.entry.rule],
      detail: '',
    });
  }

  model.suppressionProblems = problems;
  const reporter = rules.filter((r) => r.id === INVALID_SUPPRESSION_RULE);
  if (!reporter.length) return [];
  const extra = runRules(reporter, model, run);
  for (const f of extra) {
    for (const i of late) {
      if (!i.active || !i.matches(f)) continue;
      i.used = true;
      addSuppression(f, {
        kind: 'external',
        justification: i.entry.reason,
        ...(i.entry.loc ? { loc: i.entry.loc } : {}),
      });
    }
  }
  return extra;
}
