import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineRule } from '../../core/rule.js';

function parseMode(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (/^0o?[0-7]{3,4}$/i.test(t)) return parseInt(t.replace(/^0o/i, ''), 8);
  if (/^\d+$/.test(t)) return Number(t); // compose mode in YAML is often a decimal of the octal (0440 → 288)
  return undefined;
}

export default defineRule({
  id: 'PGW503',
  slug: 'permissive-file-mode',
  title: 'World-writable or world-readable secret file',
  category: 'access',
  guideline: 'Access Control › File System Security: avoid world-writable permissions',
  rationale:
    'A world-writable file in the container or on the host lets any user change what PostgreSQL reads; a ' +
    'world-readable secret is readable by every process.',
  remediation: 'Use 0400/0440 for secrets and 0644 or stricter for other files; own them by the postgres uid.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose'],
  fixable: 'suggestion',
  messages: {
    secret: 'Secret "{name}" is mounted world-readable (mode {mode}).',
    upload: 'Uploaded file {path} is world-writable (permissions {mode}).',
    host: 'Host path {path} is world-writable (mode {mode}).',
  },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  upload {\n    file        = "/docker-entrypoint-initdb.d/init.sql"\n    content     = "select 1;"\n    permissions = "0666"\n  }\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  upload {\n    file        = "/docker-entrypoint-initdb.d/init.sql"\n    content     = "select 1;"\n    permissions = "0644"\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    secrets:\n      - source: pg\n        mode: 0444\nsecrets:\n  pg:\n    external: true\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    secrets:\n      - source: pg\n        mode: 0400\nsecrets:\n  pg:\n    external: true\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of ctx.deployments) {
      for (const s of dep.secrets ?? []) {
        const mode = parseMode(s.mode?.value);
        if (mode !== undefined && mode & 0o004) {
          ctx.report({
            messageId: 'secret',
            data: { name: s.name, mode: '0' + mode.toString(8) },
            loc: s.mode?.loc ?? s.loc,
            deployment: dep,
            path: `secrets.${s.name}`,
          });
        }
      }
      for (const u of dep.uploads ?? []) {
        const mode = parseMode(u.permissions?.value);
        if (mode !== undefined && mode & 0o002) {
          ctx.report({
            messageId: 'upload',
            data: { path: u.path.value ?? '?', mode: '0' + mode.toString(8) },
            loc: u.permissions?.loc ?? u.loc,
            deployment: dep,
            path: `uploads.${u.path.value}`,
          });
        }
      }
      // A relative bind source that exists where the scan runs: its real mode is known.
      const file = ctx.model.files.get(dep.file);
      if (!file || file.abs.startsWith('/virtual/')) continue;
      (dep.mounts ?? []).forEach((m, i) => {
        const src = m.source?.value;
        if (m.kind !== 'bind' || !src || !/^\.{1,2}\//.test(src)) return;
        try {
          const st = statSync(resolve(dirname(file.abs), src));
          if (st.mode & 0o002)
            ctx.report({
              messageId: 'host',
              data: { path: src, mode: '0' + (st.mode & 0o7777).toString(8) },
              loc: m.loc,
              deployment: dep,
              path: `mounts[${i}]`,
            });
        } catch {
          // not on this machine: nothing to judge
        }
      });
    }
  },
});
