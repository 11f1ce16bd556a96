import { defineRule } from '../../core/rule.js';
import { parseImageRef } from '../../model/image.js';
import { resolvePgVersion } from '../../advisories/index.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW402',
  slug: 'image-tag-floating',
  title: 'Image tag does not name an exact release',
  category: 'image',
  guideline: 'Image Security › Version Management: pin to specific, tested versions',
  rationale:
    'Tags such as `16`, `16-alpine` or `bookworm` move with every minor release and base-image rebuild: what ' +
    'runs is not what was tested.',
  remediation: 'Pin the exact release (`postgres:16.10-bookworm`) and its digest; update deliberately.',
  severity: { dev: 'info', staging: 'low', prod: 'medium' },
  formats: ['tf', 'compose', 'docker', 'inspect'],
  fixable: 'suggestion',
  messages: { floating: 'Image tag "{tag}" is floating: {why}.' },
  examples: {
    tf: {
      bad: [
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16"\n}\n' },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10-bookworm"\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16-alpine\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10-alpine3.22\n' }],
    },
    docker: {
      bad: [{ file: 'Dockerfile', code: 'FROM postgres:16\n' }],
      good: [{ file: 'Dockerfile', code: 'FROM postgres:16.10\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const ref = dep.image?.ref;
      if (!ref?.value || ref.state === 'unknown' || dep.image?.opaque) continue;
      const img = parseImageRef(ref.value);
      if (img.digest || img.tag === undefined || img.tag === 'latest') continue;
      const v = resolvePgVersion(ref.value);
      if ('unresolvable' in v) continue;
      if (!v.floating) continue;
      ctx.report({
        messageId: 'floating',
        data: { tag: img.tag, why: v.reason },
        loc: ref.loc,
        related: ref.via,
        deployment: dep,
        path: 'image',
      });
    }
  },
});
