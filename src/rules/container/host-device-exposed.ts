import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW310',
  slug: 'host-device-exposed',
  title: 'Host device passed into the container',
  category: 'container',
  guideline: 'Container Security › Privilege Management',
  rationale: 'A host device in the container is direct access to host hardware, outside every other confinement.',
  remediation: 'Remove the device mapping.',
  severity: { dev: 'medium', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'none',
  messages: { device: 'Host device {device} is passed into the container.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  devices {\n    host_path = "/dev/sda"\n  }\n}\n',
        },
      ],
      good: [
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n' },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    devices: ["/dev/sda:/dev/sda"]\n',
        },
      ],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      for (const d of dep.devices ?? []) {
        const device = (d.value ?? '?').split(':')[0] ?? '?';
        ctx.report({ messageId: 'device', data: { device }, loc: d.loc, deployment: dep, path: `devices.${device}` });
      }
    }
  },
});
