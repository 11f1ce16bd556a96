import { defineRule } from '../../core/rule.js';
import { classifyAddress, isLoopback } from '../../model/addresses.js';
import type { Deployment } from '../../model/deployment.js';
import { exposureOf, pgBindings, postgresOnly, settingBool, unreadableHba } from '../model-queries.js';
import type { ScanModel } from '../../core/scan-model.js';

/** Linked pg_hba files that admit remote clients only over TLS (or reject them). */
function hbaRequiresTls(model: ScanModel, dep: Deployment): boolean {
  const files = model.hbaFiles.filter((h) => dep.hbaFiles.includes(h.file));
  if (!files.length) return false;
  return files.every((h) =>
    h.rules.every(
      (r) =>
        !r.reachable ||
        r.type.value === 'local' ||
        r.type.value === 'hostssl' ||
        r.method.value === 'reject' ||
        classifyAddress(r.address?.value) === 'loopback',
    ),
  );
}

export default defineRule({
  id: 'PGW207',
  slug: 'no-tls-for-remote-clients',
  title: 'Remote clients can connect without TLS',
  category: 'network',
  guideline: 'Network Security › Network Isolation',
  rationale:
    'The official image starts with `ssl = off` and a `host all all all` line: passwords and data cross the ' +
    'network in clear for every client that is not on loopback.',
  remediation:
    'Turn on TLS (`-c ssl=on -c ssl_cert_file=… -c ssl_key_file=…`) and use `hostssl` lines for remote clients.',
  severity: { dev: 'off', staging: 'medium', prod: 'high' },
  formats: ['conf', 'live', 'tf', 'compose', 'inspect'],
  fixable: 'none',
  messages: {
    hba: 'pg_hba line admits {address} over "{type}": TLS is not required (use hostssl).',
    ssl: 'PostgreSQL is reachable beyond loopback ({exposure}) with ssl {ssl}.',
  },
  examples: {
    conf: {
      bad: [{ file: 'pg_hba.conf', code: 'host all all 10.20.0.0/16 scram-sha-256\n' }],
      good: [
        {
          file: 'pg_hba.conf',
          code: 'hostssl all all 10.20.0.0/16 scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    ports: ["5432:5432"]\n' }],
      good: [
        {
          file: 'compose.yaml',
          code: 'services:\n  db:\n    image: postgres:16.10\n    ports: ["127.0.0.1:5432:5432"]\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const { dep, hba } of unreadableHba(ctx.deployments))
      ctx.couldNotVerify(hba, 'the content of pg_hba.conf', dep, 'hba');
    for (const hba of ctx.model.hbaFiles) {
      hba.rules.forEach((r, i) => {
        const type = r.type.value ?? '';
        if (!r.reachable || (type !== 'host' && type !== 'hostnossl') || r.method.value === 'reject') return;
        const cls = classifyAddress(r.address?.value);
        if (cls === 'loopback') return;
        ctx.report({
          messageId: 'hba',
          data: { address: r.address?.value ?? '?', type },
          loc: r.loc,
          path: `hba[${i}]`,
          valueKey: hba.file,
        });
      });
    }
    for (const dep of postgresOnly(ctx.deployments)) {
      const exposure = exposureOf(dep);
      if (exposure === 'none' || exposure === 'loopback' || exposure === 'unknown') continue;
      const ssl = dep.settings['ssl'];
      if (settingBool(dep, 'ssl') === true || hbaRequiresTls(ctx.model, dep)) continue;
      // point at a binding that reaches beyond loopback, not at a 127.0.0.1 one listed first
      const bindings = pgBindings(dep);
      const open = bindings.find((b) => !isLoopback(b.hostIp.value)) ?? bindings[0];
      const where = open?.loc ?? dep.networkMode?.loc ?? dep.loc;
      ctx.report({
        messageId: 'ssl',
        data: {
          exposure:
            exposure === 'host-network' ? 'host network' : exposure === 'all' ? 'every interface' : 'a network address',
          ssl: ssl ? `= ${ssl.value.value}` : 'off (the image default)',
        },
        loc: ssl && ssl.value.loc.file === where.file ? where : where,
        related: ssl ? [{ loc: ssl.value.loc, message: 'ssl is set here' }] : [],
        deployment: dep,
        path: 'settings.ssl',
      });
    }
  },
});
