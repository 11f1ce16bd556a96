import type { SourceFile } from '../core/source.js';
import type { CiDefinition } from '../model/deployment.js';

const SCANNERS: Array<[string, RegExp]> = [
  ['pgwarden', /\bpgwarden\b/i],
  ['Trivy', /\btrivy\b/i],
  ['Checkov', /\bcheckov\b/i],
  ['KICS', /\bkics\b/i],
  ['hadolint', /\bhadolint\b/i],
  ['tfsec', /\btfsec\b/i],
  ['Grype', /\bgrype\b/i],
  ['Snyk', /\bsnyk\b/i],
  ['Docker Scout', /docker\s+scout/i],
];

/** The checklist item "security scanning integrated into deployment pipeline": which CI runs which scanner. */
export function detectCi(file: SourceFile): CiDefinition {
  const rel = file.rel.toLowerCase();
  const system = rel.includes('.github/workflows')
    ? 'GitHub Actions'
    : rel.endsWith('.gitlab-ci.yml')
      ? 'GitLab CI'
      : rel.endsWith('azure-pipelines.yml')
        ? 'Azure Pipelines'
        : rel.endsWith('jenkinsfile')
          ? 'Jenkins'
          : rel.endsWith('bitbucket-pipelines.yml')
            ? 'Bitbucket Pipelines'
            : 'CircleCI';
  const scanners = SCANNERS.filter(([, re]) => re.test(file.text)).map(([name]) => name);
  return { file: file.rel, system, runsScanner: scanners.length > 0, scanners };
}
