import { defineRule } from '../../core/rule.js';

export default defineRule({
  id: 'PGW408',
  slug: 'provider-unpinned',
  title: 'Docker provider version not pinned',
  category: 'image',
  guideline: 'Image Security › Version Management: pin to specific, tested versions',
  rationale:
    'Without a version constraint, `init` installs whatever kreuzwerker/docker release is newest. The provider runs ' +
    'with full access to the Docker daemon, and major releases change defaults (4.x changed several container ' +
    'attributes): an unreviewed upgrade is a supply-chain and a behaviour risk.',
  remediation:
    'Declare `terraform { required_providers { docker = { source = "kreuzwerker/docker", version = "~> 3.9" } } }` ' +
    'and commit `.terraform.lock.hcl`.',
  severity: { dev: 'low', staging: 'low', prod: 'medium' },
  formats: ['tf'],
  fixable: 'suggestion',
  messages: {
    noVersion: 'The kreuzwerker/docker provider is required without a version constraint.',
    notRequired:
      'The docker provider is used but not declared in required_providers, so its version is not constrained.',
  },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'terraform {\n  required_providers {\n    docker = {\n      source = "kreuzwerker/docker"\n    }\n  }\n}\n\nprovider "docker" {}\n',
        },
        { file: 'main.tf', code: 'provider "docker" {}\n\nresource "docker_network" "db" {\n  name = "db"\n}\n' },
      ],
      good: [
        {
          file: 'main.tf',
          code:
            'terraform {\n  required_providers {\n    docker = {\n      source  = "kreuzwerker/docker"\n      version = "~> 3.9"\n    }\n  }\n}\n\n' +
            'provider "docker" {}\n',
        },
      ],
    },
  },
  check(ctx) {
    const tf = ctx.model.terraform;
    if (!tf) return;
    for (const r of tf.dockerProviderRequirements) {
      const v = r.version;
      if (v && v.state === 'unknown') {
        ctx.couldNotVerify(v, 'the docker provider version constraint', undefined, 'required_providers.docker');
        continue;
      }
      if (v?.value && v.value.trim() !== '') continue;
      ctx.report({ messageId: 'noVersion', loc: r.loc, path: 'required_providers.docker' });
    }
    for (const loc of tf.dockerProviderUses ?? []) {
      ctx.report({ messageId: 'notRequired', loc, path: 'required_providers.docker' });
    }
  },
});
