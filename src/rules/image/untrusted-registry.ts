import { defineRule } from '../../core/rule.js';
import { parseImageRef } from '../../model/image.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW405',
  slug: 'untrusted-registry',
  title: 'Image from an untrusted registry',
  category: 'image',
  guideline: 'Image Security › Image Scanning: use trusted image registries',
  rationale: 'Images from registries outside your trusted list bypass your mirror, scanning and signing policy.',
  remediation: 'Pull through a trusted registry, or add the registry to `registries.trusted` in .pgwarden.yml.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'docker', 'inspect'],
  fixable: 'none',
  messages: { untrusted: 'Image "{image}" comes from registry {registry}, which is not trusted.' },
  options: { trustedRegistries: 'registry host names that are trusted (config `registries.trusted`)' },
  examples: {},
  check(ctx) {
    const trusted = ctx.options['trustedRegistries'];
    if (!Array.isArray(trusted) || !trusted.length) return;
    const list = (trusted as string[]).map((t) => t.toLowerCase().replace(/\/+$/, ''));
    for (const dep of postgresOnly(ctx.deployments)) {
      const ref = dep.image?.ref;
      if (!ref?.value || ref.state === 'unknown' || dep.image?.opaque) continue;
      const registry = (parseImageRef(ref.value).registry ?? 'docker.io').toLowerCase();
      if (list.includes(registry) || (registry === 'docker.io' && list.includes('registry-1.docker.io'))) continue;
      ctx.report({
        messageId: 'untrusted',
        data: { image: ref.value, registry },
        loc: ref.loc,
        related: ref.via,
        deployment: dep,
        path: 'image',
      });
    }
  },
});
