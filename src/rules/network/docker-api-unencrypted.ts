import { defineRule } from '../../core/rule.js';

export default defineRule({
  id: 'PGW208',
  slug: 'docker-api-unencrypted',
  title: 'Docker API reached over plain TCP',
  category: 'network',
  guideline: 'Network Security › Network Isolation',
  rationale:
    'The Docker API is root on the host. A provider that talks to `tcp://…` without TLS sends every request, ' +
    'registry credentials and container environments (the database password) in clear, and the daemon accepts ' +
    'commands from anyone who can reach that port.',
  remediation:
    'Use `unix:///var/run/docker.sock` or `ssh://user@host`, or a TLS endpoint (`tcp://host:2376`) with ' +
    '`ca_material`, `cert_material` and `key_material` (or `cert_path`) set in the provider block.',
  severity: { dev: 'high', staging: 'critical', prod: 'critical' },
  formats: ['tf'],
  fixable: 'none',
  messages: {
    plain: 'The docker provider connects to {host} without TLS: the Docker API is unauthenticated and unencrypted.',
  },
  examples: {
    tf: {
      bad: [{ file: 'main.tf', code: 'provider "docker" {\n  host = "tcp://10.0.0.5:2375"\n}\n' }],
      good: [
        { file: 'main.tf', code: 'provider "docker" {\n  host = "unix:///var/run/docker.sock"\n}\n' },
        {
          file: 'main.tf',
          code:
            'provider "docker" {\n  host          = "tcp://docker.example.com:2376"\n  ca_material   = file("ca.pem")\n' +
            '  cert_material = file("cert.pem")\n  key_material  = file("key.pem")\n}\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const p of ctx.model.terraform?.providers ?? []) {
      const host = p.host;
      if (!host) continue;
      if (host.state === 'unknown' || host.value === undefined) {
        if (!p.hasTlsMaterial)
          ctx.couldNotVerify(host, 'the Docker host of the provider', undefined, 'provider.docker.host');
        continue;
      }
      if (!/^(tcp|http):\/\//i.test(host.value.trim()) || p.hasTlsMaterial) continue;
      ctx.report({
        messageId: 'plain',
        data: { host: host.value },
        loc: host.loc,
        related: host.via,
        path: 'provider.docker.host',
        valueKey: host.value,
      });
    }
  },
});
