import { defineRule } from '../../core/rule.js';

const DOCKER_SOCKET = /^\/(var\/)?run\/docker\.sock$/;
const SENSITIVE = [
  '/',
  '/etc',
  '/root',
  '/home',
  '/proc',
  '/sys',
  '/boot',
  '/dev',
  '/usr',
  '/var/lib/docker',
  '/var/run',
  '/run',
];

export function sensitivePath(path: string): { critical: boolean } | undefined {
  const p = path.replace(/\/+$/, '') || '/';
  if (DOCKER_SOCKET.test(p)) return { critical: true };
  for (const s of SENSITIVE) {
    if (p === s || (s !== '/' && p.startsWith(s + '/') && !['/run', '/var/run'].includes(s)))
      return { critical: false };
  }
  return undefined;
}

export default defineRule({
  id: 'PGW501',
  slug: 'sensitive-host-path',
  title: 'Sensitive host path mounted',
  category: 'access',
  guideline: 'Access Control › File System Security: restrict mounting of sensitive host directories',
  rationale:
    'The Docker socket is root on the host for anyone in the container; /etc, /root, /proc and the like expose or ' +
    'let the container change the host itself.',
  remediation: 'Remove the mount. A database container needs only its data volume.',
  severity: { dev: 'high', staging: 'critical', prod: 'critical' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'none',
  messages: {
    socket: 'The Docker socket {path} is mounted: root on the host for anyone in this container.',
    path: 'Sensitive host path {path} is mounted{rw}.',
  },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  volumes {\n    host_path      = "/var/run/docker.sock"\n    container_path = "/var/run/docker.sock"\n  }\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  volumes {\n    volume_name    = "pgdata"\n    container_path = "/var/lib/postgresql/data"\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {}\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of ctx.deployments) {
      (dep.mounts ?? []).forEach((m, i) => {
        if (m.kind !== 'bind' || !m.source?.value) return;
        const hit = sensitivePath(m.source.value);
        if (!hit) return;
        ctx.report({
          messageId: hit.critical ? 'socket' : 'path',
          data: { path: m.source.value, rw: m.readOnly ? ' (read-only)' : ' read-write' },
          loc: m.loc,
          deployment: dep,
          path: `mounts[${i}]`,
          valueKey: m.source.value,
          severity: hit.critical ? 'critical' : undefined,
        });
      });
    }
  },
});
