import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHCL, type Block, type Body } from '../../src/parsers/hcl/index.js';
import { scan } from '../../src/core/scan.js';
import { makeSourceFile } from '../../src/core/source.js';
import type { Finding } from '../../src/core/finding.js';
import type { Loc } from '../../src/core/location.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { applySuppressions } from '../../src/suppress/apply.js';
import { coveredRange } from '../../src/suppress/block-range.js';
import { emptyDeployment } from '../../src/adapters/common.js';

/**
 * The HCL side of suppressions at the unit level: comments as the HCL parser reports them (`#`, `//`, `/* *\/`,
 * delimiters included) are put into a model under a name the Terraform adapter does not read (`main.hcl`), and the
 * suppress stage runs on synthetic findings placed exactly. The end-to-end test below goes through the adapter.
 */
const MAIN_TF = `# pgwarden-ignore PGW303: the entrypoint drops to uid 999 after initdb
resource "docker_container" "pg" {
  image = "postgres:16.10"
  ports {
    internal = 5432
    external = 5432 // pgwarden-ignore PGW201: published for the on-host backup agent only
  }
  env = [
    "A=\${jsonencode({ a = "}" })}",
  ]
  command = <<-EOT
    postgres -c ssl=off }
  EOT
  /* pgwarden-ignore PGW301: no-new-privileges breaks the vendor entrypoint */
  security_opts = []
}

resource "docker_network" "n" {
  name = "db" # pgwarden-ignore PGW205: checked by the platform team
}
`;

function locAt(file: string, line: number, column = 3): Loc {
  return { file, start: { offset: 0, line, column }, end: { offset: 0, line, column: column + 1 } };
}

function finding(ruleId: string, loc: Loc, deploymentId?: string): Finding {
  return {
    ruleId,
    severity: 'high',
    env: 'prod',
    envReason: 'test',
    message: `${ruleId} at ${loc.file}:${loc.start.line}`,
    loc,
    related: [],
    fingerprint: `${ruleId}:${loc.file}:${loc.start.line}`,
    ...(deploymentId ? { deploymentId } : {}),
  };
}

async function modelWithHcl(text: string) {
  const result = await scan({ virtual: { 'main.hcl': text, 'postgresql.conf': 'max_connections = 50\n' }, rules: [] });
  const model = result.model;
  const hcl = parseHCL(text, 'main.hcl');
  assert.equal(hcl.diagnostics.filter((d) => d.severity === 'error').length, 0, JSON.stringify(hcl.diagnostics));
  for (const c of hcl.comments) {
    model.comments.push({
      loc: { file: 'main.hcl', start: { ...c.range.start }, end: { ...c.range.end } },
      text: c.text,
      format: 'tf',
    });
  }
  const header = hcl.body.blocks[0];
  assert.ok(header);
  const dep = emptyDeployment('tf', 'declared', 'main.hcl', 'docker_container.pg', {
    file: 'main.hcl',
    start: { ...header.range.start },
    end: { ...header.openBraceRange.end },
  });
  model.deployments.push(dep);
  return { model, dep };
}

function allBlocks(body: Body): Block[] {
  return body.blocks.flatMap((b) => [b, ...allBlocks(b.body)]);
}

describe('suppressions in HCL (Terraform)', () => {
  it('a directive above a block header covers the block to its closing brace, as the HCL parser sees it', () => {
    const file = makeSourceFile('main.hcl', '/virtual/main.tf', MAIN_TF);
    const blocks = allBlocks(parseHCL(MAIN_TF, 'main.hcl').body);
    assert.equal(blocks.length, 3);
    for (const b of blocks) {
      assert.deepEqual(
        coveredRange(file, 'tf', b.range.start.line),
        { start: b.range.start.line, end: b.range.end.line },
        b.type,
      );
    }
    // an attribute whose value spans lines (a list) is covered whole; a one-line attribute is just its line
    assert.deepEqual(coveredRange(file, 'tf', 8), { start: 8, end: 10 });
    assert.deepEqual(coveredRange(file, 'tf', 3), { start: 3, end: 3 });
    assert.deepEqual(coveredRange(file, 'tf', 11), { start: 11, end: 13 }, 'a heredoc with a brace inside');
  });

  it('#, // and /* */ directives suppress what they cover, and nothing else', async () => {
    const { model, dep } = await modelWithHcl(MAIN_TF);
    const inBlock = finding('PGW303', locAt('main.hcl', 3), dep.id);
    const elsewhere = finding('PGW303', locAt('postgresql.conf', 1), dep.id); // about the deployment, located elsewhere
    const onPortLine = finding('PGW201', locAt('main.hcl', 6));
    const portLineBefore = finding('PGW201', locAt('main.hcl', 5));
    const securityOpts = finding('PGW301', locAt('main.hcl', 15), dep.id);
    const otherBlock = finding('PGW303', locAt('main.hcl', 19));
    const network = finding('PGW205', locAt('main.hcl', 19));
    const findings = [inBlock, elsewhere, onPortLine, portLineBefore, securityOpts, otherBlock, network];
    const extra = applySuppressions(findings, model, ALL_RULES, { today: '2026-01-15' });
    const kinds = (f: Finding) => (f.suppressions ?? []).map((s) => `${s.kind}:${s.justification}`);
    assert.deepEqual(kinds(inBlock), ['inSource:the entrypoint drops to uid 999 after initdb']);
    assert.deepEqual(kinds(elsewhere), ['inSource:the entrypoint drops to uid 999 after initdb']);
    assert.deepEqual(kinds(onPortLine), ['inSource:published for the on-host backup agent only']);
    assert.deepEqual(kinds(portLineBefore), []);
    assert.deepEqual(kinds(securityOpts), ['inSource:no-new-privileges breaks the vendor entrypoint']);
    assert.deepEqual(kinds(otherBlock), []);
    assert.deepEqual(kinds(network), ['inSource:checked by the platform team']);
    assert.deepEqual(extra, [], 'every directive matched: no PGW003');
  });

  it('problems with HCL directives become PGW003 at the comment', async () => {
    const text = `// pgwarden-ignore PGW201
resource "docker_container" "pg" {
  image = "postgres:16.10" # pgwarden-ignore PGW401 until=2020-01-01: migrating
  /* pgwarden-ignore PGW309: limits are set by the scheduler */
  name = "pg"
}
`;
    const { model } = await modelWithHcl(text);
    const extra = applySuppressions([finding('PGW401', locAt('main.hcl', 3))], model, ALL_RULES, {
      today: '2026-01-15',
    });
    const got = extra.map((f) => `${f.ruleId} ${f.loc.file}:${f.loc.start.line} ${f.message.split(':')[0]}`);
    assert.equal(extra.length, 3, got.join('\n'));
    assert.match(extra.find((f) => f.loc.start.line === 1)?.message ?? '', /gives no reason/);
    assert.match(extra.find((f) => f.loc.start.line === 3)?.message ?? '', /expired on 2020-01-01/);
    assert.match(extra.find((f) => f.loc.start.line === 4)?.message ?? '', /matched no PGW309 finding/);
  });
});

describe('suppressions in Terraform files, end to end through the Terraform adapter', () => {
  const TF = `terraform {
  required_providers {
    docker = { source = "kreuzwerker/docker", version = "~> 3.0" }
  }
}

# pgwarden-ignore PGW303, PGW311: the entrypoint drops to uid 999 after initdb
/* pgwarden-ignore PGW309: limits are set by the scheduler */
resource "docker_container" "pg" {
  name  = "pg"
  image = "postgres:latest" // pgwarden-ignore PGW401: pinned by the deploy job
  # pgwarden-ignore PGW201, PGW207: published for the on-host backup agent only
  ports {
    internal = 5432
    external = 5432
  }
}
`;

  it('#, // and /* */ above the resource, at the end of a line and above a nested block', async () => {
    const result = await scan({ virtual: { 'main.tf': TF }, today: '2026-01-15', envPolicy: { forced: 'prod' } });
    const suppressed = (id: string) =>
      result.findings.filter((f) => f.ruleId === id).map((f) => f.suppressions?.[0]?.justification);
    assert.ok(
      result.model.deployments.some((d) => d.format === 'tf'),
      'the adapter produced the deployment',
    );
    assert.deepEqual(suppressed('PGW303'), ['the entrypoint drops to uid 999 after initdb']);
    assert.deepEqual(suppressed('PGW311'), ['the entrypoint drops to uid 999 after initdb']);
    assert.deepEqual(suppressed('PGW309'), ['limits are set by the scheduler']);
    assert.deepEqual(suppressed('PGW401'), ['pinned by the deploy job']);
    assert.deepEqual(suppressed('PGW201'), ['published for the on-host backup agent only']);
    assert.deepEqual(suppressed('PGW207'), ['published for the on-host backup agent only']);
    assert.ok(
      result.findings.some((f) => f.ruleId === 'PGW304' && !f.suppressions?.length),
      'other rules still report',
    );
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === 'PGW003').map((f) => f.message),
      [],
    );
  });

  it('expired, reason-less and unused directives in a .tf file are PGW003 at the comment', async () => {
    const tf = TF.replace('PGW401: pinned', 'PGW401 until=2025-12-31: pinned')
      .replace('PGW309: limits are set by the scheduler', 'PGW309')
      .replace('name  = "pg"', 'name  = "pg" # pgwarden-ignore PGW502: no bind mounts here');
    const result = await scan({ virtual: { 'main.tf': tf }, today: '2026-01-15', envPolicy: { forced: 'prod' } });
    const problems = result.findings
      .filter((f) => f.ruleId === 'PGW003')
      .map((f) => `${f.loc.start.line} ${f.message.split('`')[2]?.trim()}`);
    assert.deepEqual(problems.sort(), [
      '10 matched no PGW502 finding: remove it (the problem may have been fixed).',
      '11 expired on 2025-12-31: PGW401 is reported again. Fix the finding, or renew the date with a current reason.',
      '8 gives no reason, so it suppresses nothing: write',
    ]);
    assert.ok(result.findings.some((f) => f.ruleId === 'PGW401' && !f.suppressions?.length));
  });
});
