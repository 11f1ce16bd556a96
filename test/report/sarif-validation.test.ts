import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../helpers.js';

const VALIDATOR = join(repoRoot, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

interface SarifLog {
  runs: Array<{
    results?: Array<{ ruleId: string; level?: string; message: { text: string }; locations?: unknown[] }>;
  }>;
}

/** Microsoft's SARIF Multitool with the schema, SARIF's own rules and GitHub code scanning's ingestion rules. */
function validate(sarifText: string): SarifLog {
  const dir = mkdtempSync(join(tmpdir(), 'pgwarden-sarif-'));
  const input = join(dir, 'report.sarif');
  const output = join(dir, 'validation.sarif');
  writeFileSync(input, sarifText);
  const run = spawnSync(
    VALIDATOR,
    ['validate', input, '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', '-o', output],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(run.status, 0, `validator failed to run: ${run.stdout}\n${run.stderr}`);
  return JSON.parse(readFileSync(output, 'utf8')) as SarifLog;
}

describe('SARIF output', () => {
  let sarif = '';
  before(() => {
    const out = spawnSync(
      process.execPath,
      [cliPath, 'scan', join(repoRoot, 'examples'), '--format', 'sarif', '--today', '2026-12-03'],
      {
        encoding: 'utf8',
      },
    );
    assert.ok(out.status === 0 || out.status === 1, out.stderr);
    sarif = out.stdout;
  });

  it('is accepted by the SARIF Multitool with GitHub ingestion rules, with no error or warning', () => {
    assert.ok(existsSync(VALIDATOR), 'the SARIF Multitool is a dev dependency');
    const validation = validate(sarif);
    const problems = validation.runs
      .flatMap((r) => r.results ?? [])
      .filter((r) => r.level === 'error' || r.level === 'warning');
    assert.deepEqual(
      problems.map((p) => `${p.ruleId}: ${p.message.text}`),
      [],
    );
  });

  it('catches a broken log (the validator is really checking)', () => {
    const broken = JSON.parse(sarif) as {
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region: Record<string, number> } }> }> }>;
    };
    const region = broken.runs[0]?.results[0]?.locations[0]?.physicalLocation.region;
    assert.ok(region);
    for (const k of Object.keys(region)) delete region[k];
    const validation = validate(JSON.stringify(broken));
    assert.ok(
      validation.runs.flatMap((r) => r.results ?? []).some((r) => r.level === 'warning' || r.level === 'error'),
    );
  });

  it('has rules from metadata, relative URIs, columns, related locations and stable fingerprints', () => {
    const log = JSON.parse(sarif) as {
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; properties: Record<string, unknown>; help: { text: string } }> } };
        originalUriBaseIds: Record<string, { uri: string }>;
        results: Array<{
          ruleId: string;
          locations: Array<{
            physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startColumn: number } };
          }>;
          relatedLocations?: unknown[];
          partialFingerprints: Record<string, string>;
        }>;
      }>;
    };
    const run = log.runs[0]!;
    assert.ok(run.tool.driver.rules.length >= 40);
    for (const r of run.tool.driver.rules) {
      assert.match(String(r.properties['security-severity']), /^\d+\.\d$/);
      assert.ok(r.help.text.length > 20);
    }
    assert.match(run.originalUriBaseIds['ROOT']!.uri, /^file:\/\/.*\/$/);
    for (const res of run.results) {
      const pl = res.locations[0]?.physicalLocation;
      if (!pl) continue;
      assert.ok(!pl.artifactLocation.uri.startsWith('/'), 'relative uri');
      assert.equal(pl.artifactLocation.uriBaseId, 'ROOT');
      assert.ok(pl.region.startColumn >= 1);
      assert.match(res.partialFingerprints['pgwarden/v1'] ?? '', /^[0-9a-f]{32}$/);
    }
    assert.ok(
      run.results.some((r) => (r.relatedLocations ?? []).length > 0),
      'a value chain appears as related locations',
    );
    const again = execFileSync(
      process.execPath,
      [cliPath, 'scan', join(repoRoot, 'examples'), '--format', 'sarif', '--today', '2026-12-03', '--fail-on', 'none'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(again, sarif, 'stable output, stable ordering');
  });
});
