import { formatLoc } from '../core/location.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import type { Finding } from '../core/finding.js';
import { buildChecklist } from './checklist.js';
import { codeFrame } from './code-frame.js';
import type { Reporter } from './types.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Escaped prose with the `code` spans of rule texts rendered as code. */
const prose = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{background:#17324d;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;opacity:.85}main{padding:20px 28px;max-width:1100px}
.counts span{display:inline-block;margin-right:8px;padding:2px 10px;border-radius:10px;font-weight:600}
.sev-critical{background:#6b1d6b;color:#fff}.sev-high{background:#b3261e;color:#fff}.sev-medium{background:#e8a33d}
.sev-low{background:#cfe3f3}.sev-info{background:#e3e6ea}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;margin:16px 0;padding:12px 16px}
h2{font-size:16px;margin:4px 0 10px}ul.checklist{list-style:none;padding:0;margin:0}ul.checklist li{padding:3px 0}
.met::before{content:"✔ ";color:#1f7a3a}.failed::before{content:"✘ ";color:#b3261e}.unverified::before{content:"? ";color:#777}
.finding{border-top:1px solid #eef0f2;padding:10px 0}.finding:first-of-type{border-top:0}
.finding .head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}.badge{padding:1px 8px;border-radius:8px;font-size:12px;font-weight:700;text-transform:uppercase}
.rule{font-weight:700}.loc{color:#5a6570;font-family:ui-monospace,monospace;font-size:12px}
pre{background:#f3f5f7;border-radius:4px;padding:6px 10px;overflow:auto;font-size:12px;margin:6px 0}
.why,.fix{margin:2px 0;color:#38424c}.why b,.fix b{color:#1d232a}.related{color:#5a6570;font-size:12px;margin:2px 0}
.env{color:#5a6570;font-weight:400;font-size:13px}`;

/** A standalone HTML page: summary, the guideline's checklist, and findings grouped by file with code frames. */
export const htmlReporter: Reporter = (result, options) => {
  const { model } = result;
  const rules = new Map(options.rules.map((r) => [r.id, r]));
  const active = result.findings.filter((f) => !f.suppressions?.length);
  const byFile = new Map<string, Finding[]>();
  for (const f of active) {
    const list = byFile.get(f.loc.file);
    if (list) list.push(f);
    else byFile.set(f.loc.file, [f]);
  }
  const badge = (s: Severity) => `<span class="badge sev-${s}">${s}</span>`;
  const parts: string[] = [];
  parts.push(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pgwarden report</title><style>${STYLE}</style></head><body>`,
  );
  parts.push(
    `<header><h1>pgwarden report</h1><p>${active.length} findings in ${model.inputs.length} files · scanned ${esc(result.today)} · ${options.failOn === 'none' ? 'never failing' : `failing at ${esc(options.failOn)} and above`}</p></header><main>`,
  );
  parts.push(
    `<div class="counts">${SEVERITIES.map((s) => `<span class="sev-${s}">${active.filter((f) => f.severity === s).length} ${s}</span>`).join('')}</div>`,
  );
  parts.push('<section><h2>Security checklist</h2><ul class="checklist">');
  for (const item of buildChecklist(result.findings, model))
    parts.push(`<li class="${item.status}">${esc(item.item)} — <span class="loc">${esc(item.detail)}</span></li>`);
  parts.push('</ul></section>');
  for (const [file, findings] of byFile) {
    const env = findings[0];
    parts.push(
      `<section><h2>${esc(file)} <span class="env">${env ? `${esc(env.env)} — ${esc(env.envReason)}` : ''}</span></h2>`,
    );
    for (const f of findings) {
      const rule = rules.get(f.ruleId);
      const source = model.files.get(f.loc.file);
      const frame = source ? codeFrame(source, f.loc, model.secrets).join('\n') : '';
      parts.push(
        `<div class="finding"><div class="head">${badge(f.severity)}<span class="rule">${f.ruleId}</span><span>${esc(rule?.title ?? '')}</span><span class="loc">${esc(formatLoc(f.loc))}</span></div>`,
      );
      parts.push(`<p>${esc(f.message)}</p>`);
      if (frame) parts.push(`<pre>${esc(frame)}</pre>`);
      for (const r of f.related) parts.push(`<p class="related">↳ ${esc(r.message)}: ${esc(formatLoc(r.loc))}</p>`);
      if (rule && f.ruleId !== 'PGW001' && f.ruleId !== 'PGW002') {
        parts.push(
          `<p class="why"><b>Why:</b> ${prose(rule.rationale)}</p><p class="fix"><b>Fix:</b> ${prose(f.suggestion ?? rule.remediation)}</p>`,
        );
      }
      parts.push('</div>');
    }
    parts.push('</section>');
  }
  const skipped = model.problems.filter((p) => p.kind === 'skipped');
  if (skipped.length) {
    parts.push('<section><h2>Skipped</h2><ul>');
    for (const p of skipped) parts.push(`<li><span class="loc">${esc(p.file)}</span> ${esc(p.message)}</li>`);
    parts.push('</ul></section>');
  }
  for (const n of options.notes ?? []) parts.push(`<p class="loc">note: ${esc(n)}</p>`);
  parts.push('</main></body></html>');
  return model.secrets.redact(parts.join('\n')) + '\n';
};
