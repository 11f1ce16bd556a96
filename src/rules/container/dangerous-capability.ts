import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

const DANGEROUS = new Set([
  'ALL',
  'SYS_ADMIN',
  'NET_ADMIN',
  'SYS_PTRACE',
  'SYS_MODULE',
  'DAC_READ_SEARCH',
  'SYS_RAWIO',
  'SYS_BOOT',
  'SYS_TIME',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'BPF',
  'PERFMON',
  'NET_RAW',
  'SYSLOG',
  'SETFCAP',
  'LINUX_IMMUTABLE',
]);

export default defineRule({
  id: 'PGW305',
  slug: 'dangerous-capability',
  title: 'Dangerous capability added',
  category: 'container',
  guideline: 'Container Security › Runtime Security',
  rationale: 'Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE are steps to escaping the container.',
  remediation: 'Remove the capability; PostgreSQL does not need it.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'suggestion',
  messages: { added: 'Capability {cap} is added to the container.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  capabilities {\n    add = ["SYS_ADMIN"]\n  }\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  capabilities {\n    drop = ["ALL"]\n    add  = ["CHOWN", "SETUID", "SETGID"]\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    cap_add: [SYS_ADMIN]\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    cap_add: [CHOWN]\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      for (const c of dep.capAdd ?? []) {
        const cap = (c.value ?? '').toUpperCase().replace(/^CAP_/, '');
        if (DANGEROUS.has(cap))
          ctx.report({ messageId: 'added', data: { cap }, loc: c.loc, deployment: dep, path: `capAdd.${cap}` });
      }
    }
  },
});
