import { defineRule } from '../../core/rule.js';
import { parseImageRef } from '../../model/image.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW403',
  slug: 'image-not-digest-pinned',
  title: 'Image not pinned by digest',
  category: 'image',
  guideline: 'Image Security › Image Scanning: implement image signing and verification',
  rationale:
    'Even an exact tag is rebuilt when the base image changes. Only `@sha256:` names the bytes that were scanned ' +
    'and tested.',
  remediation:
    'Append the digest of the exact release you tested: `postgres:<version>-bookworm@sha256:<digest>` (from ' +
    '`docker buildx imagetools inspect`), and update both together.',
  severity: { dev: 'off', staging: 'info', prod: 'low' },
  formats: ['tf', 'compose', 'docker'],
  fixable: 'none',
  messages: { noDigest: 'Image "{image}" is not pinned by digest.' },
  examples: {
    tf: {
      bad: [
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n' },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6@sha256:4e2bd7b8f0a8bd3e4c9e1f0a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e"\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:17.6\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:17.6@sha256:4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const ref = dep.image?.ref;
      if (!ref?.value || ref.state === 'unknown' || dep.image?.opaque) continue;
      if (parseImageRef(ref.value).digest) continue;
      ctx.report({
        messageId: 'noDigest',
        data: { image: ref.value },
        loc: ref.loc,
        related: ref.via,
        deployment: dep,
        path: 'image',
      });
    }
  },
});
