import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW307',
  slug: 'host-namespace-shared',
  title: 'Host namespace shared',
  category: 'container',
  guideline: 'Container Security › Privilege Management',
  rationale:
    "Sharing the host's PID, IPC, user, UTS or cgroup namespace lets the container see and signal host processes.",
  remediation: 'Remove the `host` namespace mode.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'suggestion',
  messages: { shared: 'The {ns} namespace is shared with the host.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  pid_mode = "host"\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  ipc_mode = "private"\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    pid: host\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      for (const [ns, t] of Object.entries(dep.namespaces ?? {})) {
        if (t?.value?.toLowerCase() === 'host')
          ctx.report({ messageId: 'shared', data: { ns }, loc: t.loc, deployment: dep, path: `namespaces.${ns}` });
      }
    }
  },
});
