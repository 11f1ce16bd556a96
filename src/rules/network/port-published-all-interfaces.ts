import { defineRule } from '../../core/rule.js';
import { isAllInterfaces } from '../../model/addresses.js';
import { exposureOf, pgBindings, postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW201',
  slug: 'port-published-all-interfaces',
  title: 'PostgreSQL port published on every interface',
  category: 'network',
  guideline: 'Network Security › Port Exposure',
  rationale:
    "A port published without a host address listens on every interface of the host, and Docker's own firewall " +
    'rules bypass host firewalls such as ufw: the database is on every network the host is on.',
  remediation:
    'Publish on loopback only (`127.0.0.1:5432:5432`, Terraform `ip = "127.0.0.1"`), or not at all and reach the ' +
    'database over a Docker network.',
  severity: { dev: 'info', staging: 'medium', prod: 'high' },
  formats: ['tf', 'compose', 'inspect', 'live'],
  fixable: 'suggestion',
  messages: {
    all: 'PostgreSQL port {port} is published on every interface ({how}).',
    publishAll: 'publish_all_ports publishes PostgreSQL on every interface with a random host port.',
    listen: 'PostgreSQL listens on every interface of its host (listen_addresses = {value}).',
  },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  ports {\n    internal = 5432\n    external = 5432\n  }\n}\n',
        },
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  ports {\n    internal = 5432\n  }\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  ports {\n    internal = 5432\n    external = 5432\n    ip       = "127.0.0.1"\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    ports:\n      - "5432:5432"\n',
        },
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    ports:\n      - target: 5432\n        published: 5432\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    ports:\n      - "127.0.0.1:5432:5432"\n',
        },
        { file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    expose:\n      - "5432"\n' },
      ],
    },
    inspect: {
      bad: [
        {
          file: 'inspect.json',
          code: '[{"Name": "/db", "Config": {"Image": "postgres:16.10"},\n  "HostConfig": {"PortBindings": {"5432/tcp": [{"HostIp": "", "HostPort": "5432"}]}}}]\n',
        },
      ],
      good: [
        {
          file: 'inspect.json',
          code: '[{"Name": "/db", "Config": {"Image": "postgres:16.10"},\n  "HostConfig": {"PortBindings": {"5432/tcp": [{"HostIp": "127.0.0.1", "HostPort": "5432"}]}}}]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      if (dep.format === 'live') {
        const listen = dep.settings['listen_addresses'];
        if (listen && exposureOf(dep) === 'all') {
          ctx.report({
            messageId: 'listen',
            data: { value: listen.value.value ?? '' },
            loc: listen.value.loc,
            related: listen.value.via,
            deployment: dep,
            path: 'settings.listen_addresses',
          });
        }
        continue;
      }
      if (dep.networkMode?.value === 'host') continue; // PGW202 says it louder
      if (dep.publishAll?.value === true) {
        ctx.report({ messageId: 'publishAll', loc: dep.publishAll.loc, deployment: dep, path: 'publishAll' });
      }
      pgBindings(dep).forEach((b, i) => {
        if (b.hostIp.state === 'unknown') {
          ctx.couldNotVerify(b.hostIp, 'the bind address', dep, `ports[${i}].hostIp`);
          return;
        }
        if (!isAllInterfaces(b.hostIp.value)) return;
        const how =
          b.hostIp.state === 'default'
            ? b.hostPort.value === undefined
              ? 'no host address and no host port: a random port on 0.0.0.0'
              : 'no host address: 0.0.0.0'
            : `host address ${b.hostIp.value || '""'}`;
        ctx.report({
          messageId: 'all',
          data: { port: b.containerPort.value ?? '?', how },
          loc: b.loc,
          related: b.hostIp.via,
          deployment: dep,
          path: `ports[${i}].hostIp`,
          suggestion: 'Bind to 127.0.0.1 or remove the published port.',
        });
      });
    }
  },
});
