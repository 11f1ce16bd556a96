import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { repoRoot } from '../helpers.js';
import { kindByName } from '../../src/discover/formats.js';

function yamlFile(rel: string): unknown {
  const doc = parseDocument(readFileSync(join(repoRoot, rel), 'utf8'), { prettyErrors: false });
  assert.deepEqual(
    doc.errors.map((e) => e.message),
    [],
    `${rel} is well-formed YAML`,
  );
  return doc.toJS();
}

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

describe('GitHub Action (action.yml)', () => {
  const action = yamlFile('action.yml') as Action;
  const text = readFileSync(join(repoRoot, 'action.yml'), 'utf8');

  it('has the required keys of a composite action', () => {
    assert.equal(typeof action.name, 'string');
    assert.ok(action.description.length > 20);
    assert.equal(action.runs.using, 'composite');
    assert.ok(action.runs.steps.length >= 4);
  });

  it('declares the inputs path, env, fail-on, config, format, each described', () => {
    for (const name of ['path', 'env', 'fail-on', 'config', 'format', 'baseline', 'upload-sarif', 'version']) {
      const input = action.inputs[name];
      assert.ok(input, `input ${name}`);
      assert.ok(input.description.length > 10, `input ${name} has a description`);
      assert.ok(input.default !== undefined, `input ${name} has a default`);
    }
  });

  it('sets up Node, runs pgwarden, uploads SARIF with codeql-action/upload-sarif, then fails on findings', () => {
    const uses = action.runs.steps.map((s) => s.uses ?? '');
    assert.ok(uses.some((u) => /^actions\/setup-node@v\d+$/.test(u)));
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'upload-sarif step');
    assert.match(upload.if ?? '', /always\(\)/, 'SARIF is uploaded even when findings fail the scan');
    assert.equal(upload.with?.['sarif_file'], '${{ steps.scan.outputs.sarif-file }}');
    const scan = action.runs.steps.find((s) => s.id === 'scan');
    assert.match(scan?.run ?? '', /node "\$PGWARDEN_CLI" scan .*--format sarif --output "\$SARIF_FILE"/);
    const last = action.runs.steps[action.runs.steps.length - 1];
    assert.match(last?.run ?? '', /exit 1/);
  });

  it('every run step names its shell; inputs reach scripts only through env (no ${{ }} inside run)', () => {
    for (const step of action.runs.steps) {
      if (step.run === undefined) continue;
      assert.equal(step.shell, 'bash', `${step.name} has shell: bash`);
      assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: no expression inside the script`);
    }
  });

  it('every input and step output it references exists', () => {
    for (const m of text.matchAll(/\binputs\.([\w-]+)/g))
      assert.ok(action.inputs[m[1] ?? ''], `inputs.${m[1]} is declared`);
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    for (const m of text.matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      assert.ok(ids.has(m[1]), `step ${m[1]} exists`);
      assert.match(text, new RegExp(`echo "${m[2]}=`), `step output ${m[2]} is written`);
    }
  });

  it('the scan step passes each scan option to the CLI', () => {
    const scan = action.runs.steps.find((s) => s.id === 'scan');
    assert.deepEqual(Object.keys(scan?.env ?? {}).sort(), [
      'PGWARDEN_CLI',
      'SARIF_FILE',
      'SCAN_BASELINE',
      'SCAN_CONFIG',
      'SCAN_ENV',
      'SCAN_FAIL_ON',
      'SCAN_FORMAT',
      'SCAN_PATH',
    ]);
    for (const flag of ['--env', '--fail-on', '--config', '--baseline', '--format'])
      assert.ok(scan?.run?.includes(flag), flag);
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const hooks = yamlFile('.pre-commit-hooks.yaml') as Array<Record<string, unknown>>;

  it('declares the pgwarden hook with the keys pre-commit requires', () => {
    const hook = hooks.find((h) => h['id'] === 'pgwarden');
    assert.ok(hook);
    for (const key of ['id', 'name', 'entry', 'language']) assert.equal(typeof hook[key], 'string', key);
    assert.equal(hook['language'], 'node');
    assert.match(String(hook['entry']), /^pgwarden scan/);
    assert.equal(hook['pass_filenames'], false);
  });

  it('runs when a file pgwarden reads changes, and not for unrelated files', () => {
    const hook = hooks.find((h) => h['id'] === 'pgwarden') ?? {};
    const pattern = String(hook['files']);
    assert.ok(pattern.startsWith('(?i)'));
    const re = new RegExp(pattern.slice(4), 'i');
    const relevant = [
      'compose.yaml',
      'deploy/docker-compose.override.yml',
      'Dockerfile',
      'db/Containerfile.alpine',
      'main.tf',
      'env/prod.tfvars',
      'stack.tf.json',
      'conf/postgresql.conf',
      'conf/pg_hba.conf',
      '.env',
      '.pgwarden.yml',
      'pgwarden.config.json',
    ];
    for (const f of relevant) assert.ok(re.test(f), f);
    // and everything pgwarden recognises by name is covered
    for (const f of relevant)
      if (!['.pgwarden.yml', 'pgwarden.config.json'].includes(f))
        assert.ok(kindByName(f) !== undefined, `pgwarden reads ${f}`);
    for (const f of ['README.md', 'src/app.ts', 'package.json', 'docs/compose.md']) assert.ok(!re.test(f), f);
  });
});

describe('GitLab CI snippet (integrations/gitlab/pgwarden.gitlab-ci.yml)', () => {
  const ci = yamlFile('integrations/gitlab/pgwarden.gitlab-ci.yml') as Record<
    string,
    { script: string[]; artifacts: { when: string; reports: Record<string, string> } }
  >;

  it('a job that converts the JSON report to the Code Quality and SAST reports and uploads them always', () => {
    const job = ci['pgwarden'];
    assert.ok(job);
    const script = job.script.join('\n');
    assert.match(script, /pgwarden scan .*--format json --output pgwarden\.json/);
    assert.match(
      script,
      /pgwarden convert --to gitlab-codequality pgwarden\.json --output gl-code-quality-report\.json/,
    );
    assert.match(script, /pgwarden convert --to gitlab-sast pgwarden\.json --output gl-sast-report\.json/);
    assert.match(script, /exit \$status/);
    assert.equal(job.artifacts.when, 'always');
    assert.deepEqual(job.artifacts.reports, {
      codequality: 'gl-code-quality-report.json',
      sast: 'gl-sast-report.json',
    });
  });
});
