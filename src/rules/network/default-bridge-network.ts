import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW204',
  slug: 'default-bridge-network',
  title: "Container on Docker's default bridge network",
  category: 'network',
  guideline: 'Network Security › Network Isolation: implement Docker networks to isolate containers',
  rationale:
    'Every container started without a network lands on the default bridge, where all of them can reach each ' +
    'other. A user-defined network limits who can reach the database to the containers you attach.',
  remediation:
    'Attach the container to a user-defined network (Terraform `networks_advanced { name = docker_network.db.name }`, ' +
    'compose `networks:`).',
  severity: { dev: 'off', staging: 'medium', prod: 'medium' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'none',
  messages: { bridge: "The container is on Docker's default bridge network{how}." },
  examples: {
    tf: {
      bad: [
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n' },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_network" "db" {\n  name     = "db"\n  internal = true\n}\n\nresource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  networks_advanced {\n    name = docker_network.db.name\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    network_mode: bridge\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const mode = dep.networkMode;
      const onBridge = (mode?.value === 'bridge' || mode?.value === 'default') && !(dep.networks ?? []).length;
      if (!onBridge || !mode) continue;
      ctx.report({
        messageId: 'bridge',
        data: { how: mode.state === 'default' ? ' (no user-defined network is attached)' : '' },
        loc: mode.state === 'default' ? dep.loc : mode.loc,
        deployment: dep,
        path: 'networkMode',
      });
    }
  },
});
