import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/core/scan.js';
import { buildChecklist } from '../../src/report/checklist.js';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
const COMPOSE = `services:\n  db:\n    image: postgres@${DIGEST}\n`;

/** One CI definition per system, with and without a security scanner. */
const SYSTEMS: Array<{ system: string; file: string; scanning: string; plain: string; scanners: string[] }> = [
  {
    system: 'GitHub Actions',
    file: '.github/workflows/ci.yml',
    scanning:
      'on: [push]\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: example/pgwarden@v1\n        with:\n          fail-on: high\n',
    plain: 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    scanners: ['pgwarden'],
  },
  {
    system: 'GitLab CI',
    file: '.gitlab-ci.yml',
    scanning: 'stages: [test]\ntrivy:\n  stage: test\n  script:\n    - trivy config --exit-code 1 .\n',
    plain: 'stages: [test]\nunit:\n  script:\n    - make test\n',
    scanners: ['Trivy'],
  },
  {
    system: 'Azure Pipelines',
    file: 'azure-pipelines.yml',
    scanning: 'steps:\n  - script: pip install checkov && checkov -d .\n    displayName: IaC scan\n',
    plain: 'steps:\n  - script: make build\n',
    scanners: ['Checkov'],
  },
  {
    system: 'Jenkins',
    file: 'Jenkinsfile',
    scanning:
      "pipeline {\n  agent any\n  stages {\n    stage('scan') {\n      steps { sh 'npx pgwarden scan . --format sarif --output pgwarden.sarif' }\n    }\n  }\n}\n",
    plain: "pipeline {\n  agent any\n  stages {\n    stage('build') { steps { sh 'make' } }\n  }\n}\n",
    scanners: ['pgwarden'],
  },
  {
    system: 'Bitbucket Pipelines',
    file: 'bitbucket-pipelines.yml',
    scanning:
      'pipelines:\n  default:\n    - step:\n        script:\n          - hadolint Dockerfile\n          - docker scout cves postgres:16\n',
    plain: 'pipelines:\n  default:\n    - step:\n        script:\n          - make\n',
    scanners: ['hadolint', 'Docker Scout'],
  },
  {
    system: 'CircleCI',
    file: '.circleci/config.yml',
    scanning:
      'version: 2.1\njobs:\n  scan:\n    docker: [{ image: cimg/base:current }]\n    steps:\n      - run: grype dir:. && kics scan -p .\n',
    plain: 'version: 2.1\njobs:\n  build:\n    steps:\n      - run: make\n',
    scanners: ['KICS', 'Grype'],
  },
];

describe('checklist: security scanning integrated into the deployment pipeline', () => {
  for (const s of SYSTEMS) {
    it(`${s.system}: ${s.file} is recognised, and the scanner it runs is named`, async () => {
      const result = await scan({ virtual: { 'compose.yaml': COMPOSE, [s.file]: s.scanning }, today: '2026-01-15' });
      assert.deepEqual(result.model.ciDefinitions, [
        { file: s.file, system: s.system, runsScanner: true, scanners: s.scanners },
      ]);
      const item = buildChecklist(result.findings, result.model).find((i) => i.item.startsWith('Security scanning'));
      assert.equal(item?.status, 'met');
      assert.match(item?.detail ?? '', new RegExp(`${s.file.replace(/\./g, '\\.')} \\(${s.system}\\) runs`));
    });

    it(`${s.system}: a definition without a scanner fails the item`, async () => {
      const result = await scan({ virtual: { 'compose.yaml': COMPOSE, [s.file]: s.plain }, today: '2026-01-15' });
      assert.deepEqual(result.model.ciDefinitions, [
        { file: s.file, system: s.system, runsScanner: false, scanners: [] },
      ]);
      const item = buildChecklist(result.findings, result.model).find((i) => i.item.startsWith('Security scanning'));
      assert.equal(item?.status, 'failed');
      assert.match(item?.detail ?? '', /none runs a security scanner/);
    });
  }

  it('no CI definition: the item cannot be verified', async () => {
    const result = await scan({ virtual: { 'compose.yaml': COMPOSE }, today: '2026-01-15' });
    assert.equal(
      buildChecklist(result.findings, result.model).find((i) => i.item.startsWith('Security scanning'))?.status,
      'unverified',
    );
  });

  it('one scanning pipeline among several is enough; CI files are not counted as scanned inputs', async () => {
    const result = await scan({
      virtual: {
        'compose.yaml': COMPOSE,
        '.gitlab-ci.yml': SYSTEMS[1]?.plain ?? '',
        '.github/workflows/sec.yaml': SYSTEMS[0]?.scanning ?? '',
      },
      today: '2026-01-15',
    });
    assert.equal(result.model.ciDefinitions.length, 2);
    assert.equal(
      buildChecklist(result.findings, result.model).find((i) => i.item.startsWith('Security scanning'))?.status,
      'met',
    );
    assert.ok(!result.findings.some((f) => f.loc.file === '.gitlab-ci.yml'));
  });
});
