import { defineRule } from '../../core/rule.js';
import { globToRegExp } from '../../discover/environment.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW404',
  slug: 'image-not-approved',
  title: 'Image not in the approved inventory',
  category: 'image',
  guideline: 'Image Security › Version Management: maintain an inventory of approved base images',
  rationale: 'An inventory of approved images is only worth something when every deployment is checked against it.',
  remediation: 'Use an approved image, or add this one to `images.approved` in .pgwarden.yml after review.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'docker', 'inspect'],
  fixable: 'none',
  messages: { notApproved: 'Image "{image}" is not in the approved inventory.' },
  options: { approvedImages: 'image globs or digests that are approved (config `images.approved`)' },
  examples: {},
  check(ctx) {
    const approved = ctx.options['approvedImages'];
    if (!Array.isArray(approved) || !approved.length) return;
    const patterns = (approved as string[]).map((a) => ({
      raw: a,
      re: globToRegExp(a.replace(/^docker\.io\/(library\/)?/, '')),
    }));
    for (const dep of postgresOnly(ctx.deployments)) {
      const ref = dep.image?.ref;
      if (!ref || dep.image?.opaque) continue;
      if (!ref.value || ref.state === 'unknown') {
        ctx.couldNotVerify(ref, 'the image reference', dep, 'image');
        continue;
      }
      const image = ref.value.replace(/^docker\.io\/(library\/)?/, '');
      const digest = image.split('@')[1];
      if (patterns.some((p) => p.re.test(image) || (digest && p.raw.endsWith(digest)))) continue;
      ctx.report({
        messageId: 'notApproved',
        data: { image: ref.value },
        loc: ref.loc,
        related: ref.via,
        deployment: dep,
        path: 'image',
      });
    }
  },
});
