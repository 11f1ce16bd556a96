import type { Finding } from './finding.js';
import { fingerprintOf } from './fingerprint.js';
import { formatLoc } from './location.js';
import { formatMessage, type Rule, type RuleContext } from './rule.js';
import type { ScanModel } from './scan-model.js';
import type { Severity, SeverityOrOff } from './severity.js';
import type { EnvName } from '../model/deployment.js';
import { scrubSecrets } from '../model/secrets.js';

/** Per-rule settings from the configuration: off, a severity override (per environment), options. */
export interface RuleSetting {
  severity?: SeverityOrOff | Partial<Record<EnvName, SeverityOrOff>>;
  options?: Record<string, unknown>;
}

export interface RunOptions {
  today: string;
  ruleSettings?: Record<string, RuleSetting>;
  /** Options every rule can read (trusted CIDRs, approved images, …), from the configuration file. */
  globalOptions?: Record<string, unknown>;
}

const UNVERIFIABLE_RULE = 'PGW002';
const MAX_MESSAGE = 600;

/** A message quoting a huge input line stays readable. */
function capped(message: string): string {
  return message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE - 1) + '…' : message;
}

export function runRules(rules: Rule[], model: ScanModel, options: RunOptions): Finding[] {
  const findings: Finding[] = [];
  const unverifiable = rules.find((r) => r.id === UNVERIFIABLE_RULE);
  const seen = new Set<string>();
  const severityFor = (rule: Rule, env: EnvName, override?: Severity): SeverityOrOff => {
    const setting = options.ruleSettings?.[rule.id]?.severity;
    const configured = typeof setting === 'string' ? setting : setting?.[env];
    if (configured === 'off') return 'off';
    if (override) return configured ?? override;
    return configured ?? rule.severity[env];
  };
  const push = (finding: Omit<Finding, 'fingerprint'> & { valueKey?: string }, rule: Rule) => {
    const key = `${finding.ruleId}|${formatLoc(finding.loc)}|${finding.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const { valueKey, ...rest } = finding;
    findings.push({
      ...rest,
      fingerprint: fingerprintOf([
        rule.id,
        finding.deploymentId ?? finding.loc.file,
        finding.modelPath ?? '',
        valueKey ? fingerprintOf([valueKey]) : '',
      ]),
    });
  };
  for (const rule of rules) {
    if (rule.id === UNVERIFIABLE_RULE) continue;
    const ctx: RuleContext<string> = {
      model,
      today: options.today,
      options: { ...(options.globalOptions ?? {}), ...(options.ruleSettings?.[rule.id]?.options ?? {}) },
      deployments: model.deployments.filter((d) => rule.formats.includes(d.format)),
      report(input) {
        const envDecision = model.envOf(input.loc.file);
        const severity = severityFor(rule, envDecision.env, input.severity);
        if (severity === 'off') return;
        push(
          {
            ruleId: rule.id,
            severity,
            env: envDecision.env,
            envReason: envDecision.reason,
            message: capped(
              model.secrets.redact(
                scrubSecrets(formatMessage(rule.messages[input.messageId] ?? input.messageId, input.data)),
              ),
            ),
            loc: input.loc,
            related: input.related ?? [],
            deploymentId: input.deployment?.id,
            modelPath: input.path,
            suggestion: input.suggestion,
            valueKey: input.valueKey,
          },
          rule,
        );
      },
      couldNotVerify(value, what, deployment, path) {
        if (!unverifiable) return;
        const envDecision = model.envOf(value.loc.file);
        const severity = severityFor(unverifiable, envDecision.env);
        if (severity === 'off') return;
        push(
          {
            ruleId: UNVERIFIABLE_RULE,
            severity,
            env: envDecision.env,
            envReason: envDecision.reason,
            message: model.secrets.redact(
              `Could not verify ${rule.id} (${rule.title}): ${what} is unknown${value.reason ? ` — ${value.reason}` : ''}.`,
            ),
            loc: value.loc,
            related: value.via ?? [],
            deploymentId: deployment?.id,
            modelPath: `${rule.id}:${path ?? what}`,
          },
          unverifiable,
        );
      },
    };
    rule.check(ctx);
  }
  return findings;
}
