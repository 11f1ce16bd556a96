import { defineRule } from '../../core/rule.js';
import { exposureOf, postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW205',
  slug: 'network-not-internal',
  title: 'Database network is not internal',
  category: 'network',
  guideline: 'Network Security › Network Isolation: consider internal networks',
  rationale:
    'A database that publishes no port only needs to talk to its clients on the same network. A non-internal ' +
    'network also gives it outbound internet access, which an attacker who gets code execution will use.',
  remediation: 'Mark the network `internal: true` (Terraform `internal = true` on `docker_network`).',
  severity: { dev: 'off', staging: 'low', prod: 'low' },
  formats: ['tf', 'compose'],
  fixable: 'suggestion',
  messages: { open: 'Network "{name}" is not internal although the database publishes no port.' },
  examples: {
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    networks: [backend]\nnetworks:\n  backend: {}\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    networks: [backend]\nnetworks:\n  backend:\n    internal: true\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      if (exposureOf(dep) !== 'none') continue;
      (dep.networks ?? []).forEach((n, i) => {
        if (n.internal.state === 'unknown')
          return ctx.couldNotVerify(n.internal, `whether network "${n.name.value}" is internal`, dep, `networks[${i}]`);
        if (n.internal.value === false) {
          ctx.report({
            messageId: 'open',
            data: { name: n.name.value ?? '?' },
            loc: n.loc,
            deployment: dep,
            path: `networks[${i}].internal`,
          });
        }
      });
    }
  },
});
