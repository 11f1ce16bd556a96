import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW202',
  slug: 'host-network-mode',
  title: 'Container uses the host network',
  category: 'network',
  guideline: 'Network Security › Network Isolation',
  rationale:
    "With host networking the container shares the host's network stack: PostgreSQL listens on every host " +
    "interface (the image sets listen_addresses='*'), and published-port settings no longer apply.",
  remediation:
    'Remove `network_mode = "host"`; attach the container to a user-defined network and publish on loopback if needed.',
  severity: { dev: 'medium', staging: 'high', prod: 'critical' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'suggestion',
  messages: { host: 'network_mode "host": PostgreSQL listens on every host interface; port mappings are ignored.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  network_mode = "host"\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_network" "db" {\n  name     = "db"\n  internal = true\n}\n\nresource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  networks_advanced {\n    name = docker_network.db.name\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    network_mode: host\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    networks: [backend]\nnetworks:\n  backend: {}\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      if (dep.networkMode?.value === 'host') {
        ctx.report({
          messageId: 'host',
          loc: dep.networkMode.loc,
          related: dep.networkMode.via,
          deployment: dep,
          path: 'networkMode',
        });
      }
    }
  },
});
