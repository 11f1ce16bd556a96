import { defineRule } from '../../core/rule.js';
import { parseImageRef } from '../../model/image.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW401',
  slug: 'image-latest',
  title: 'Image is untagged or latest',
  category: 'image',
  guideline: 'Image Security › Version Management: never use latest tags in production',
  rationale:
    '`latest` moves to every new major: a restart can upgrade PostgreSQL across a major version, which needs ' +
    'pg_upgrade and will not start on the old data directory.',
  remediation: 'Pin an exact release, e.g. `postgres:17.6-bookworm`, better with its digest.',
  severity: { dev: 'low', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'docker', 'inspect'],
  fixable: 'suggestion',
  messages: { latest: 'Image "{image}" {how}.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_image" "pg" {\n  name = "postgres:latest"\n}\n\nresource "docker_container" "pg" {\n  name  = "pg"\n  image = docker_image.pg.image_id\n}\n',
        },
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres"\n}\n' },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_image" "pg" {\n  name = "postgres:17.6"\n}\n\nresource "docker_container" "pg" {\n  name  = "pg"\n  image = docker_image.pg.latest\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        { file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres\n' },
        { file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:latest\n' },
      ],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:17.6\n' }],
    },
    docker: {
      bad: [{ file: 'Dockerfile', code: 'FROM postgres:latest\n' }],
      good: [{ file: 'Dockerfile', code: 'FROM postgres:17.6\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const ref = dep.image?.ref;
      if (!ref || dep.image?.opaque) continue;
      if (ref.state === 'unknown' || ref.value === undefined) {
        ctx.couldNotVerify(ref, 'the image reference', dep, 'image');
        continue;
      }
      const img = parseImageRef(ref.value);
      if (img.digest || (img.tag !== undefined && img.tag !== 'latest')) continue;
      ctx.report({
        messageId: 'latest',
        data: { image: ref.value, how: img.tag ? 'uses the latest tag' : 'has no tag, which means latest' },
        loc: ref.loc,
        related: ref.via,
        deployment: dep,
        path: 'image',
      });
    }
  },
});
