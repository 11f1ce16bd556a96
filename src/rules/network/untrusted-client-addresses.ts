import { defineRule } from '../../core/rule.js';
import { classifyAddress, insideAny, isAllInterfaces, isLoopback } from '../../model/addresses.js';
import { pgBindings, postgresOnly, unreadableHba } from '../model-queries.js';

export default defineRule({
  id: 'PGW206',
  slug: 'untrusted-client-addresses',
  title: 'Client access open to any address',
  category: 'network',
  guideline: 'Network Security › Network Isolation: limit database access to trusted IP addresses only',
  rationale:
    'pg_hba.conf decides who may even try to log in. A `host` line for `all` or `0.0.0.0/0` lets every address ' +
    'on every network the port reaches try passwords.',
  remediation:
    'Name the client networks in pg_hba.conf (e.g. `10.20.0.0/16`) and end with a `reject` line; set ' +
    '`network.trustedCidrs` in .pgwarden.yml to check against your list.',
  severity: { dev: 'low', staging: 'high', prod: 'high' },
  formats: ['conf', 'live', 'tf', 'compose', 'inspect'],
  fixable: 'none',
  messages: {
    any: 'pg_hba line admits {type} connections from any address ({address}) with {method}.',
    outside: 'pg_hba line admits connections from {address}, outside the trusted networks.',
    bind: 'PostgreSQL is published on {address}, outside the trusted networks.',
  },
  options: { trustedCidrs: 'CIDRs clients may come from (config `network.trustedCidrs`)' },
  examples: {
    conf: {
      bad: [{ file: 'pg_hba.conf', code: 'hostssl all all 0.0.0.0/0 scram-sha-256\n' }],
      good: [
        { file: 'pg_hba.conf', code: 'hostssl all all 10.20.0.0/16 scram-sha-256\nhost all all 0.0.0.0/0 reject\n' },
      ],
    },
  },
  check(ctx) {
    for (const { dep, hba } of unreadableHba(ctx.deployments))
      ctx.couldNotVerify(hba, 'the content of pg_hba.conf', dep, 'hba');
    const trusted = Array.isArray(ctx.options['trustedCidrs']) ? (ctx.options['trustedCidrs'] as string[]) : [];
    for (const hba of ctx.model.hbaFiles) {
      hba.rules.forEach((r, i) => {
        const type = r.type.value ?? '';
        if (!r.reachable || type === 'local' || r.method.value === 'reject' || !r.address?.value) return;
        const cls = classifyAddress(r.address.value);
        const data = { type, address: r.address.value, method: r.method.value ?? '?' };
        if (cls === 'any') ctx.report({ messageId: 'any', data, loc: r.loc, path: `hba[${i}]`, valueKey: hba.file });
        else if (trusted.length && cls !== 'loopback' && !insideAny(r.address.value, trusted)) {
          ctx.report({ messageId: 'outside', data, loc: r.loc, path: `hba[${i}]`, valueKey: hba.file });
        }
      });
    }
    if (!trusted.length) return;
    for (const dep of postgresOnly(ctx.deployments)) {
      pgBindings(dep).forEach((b, i) => {
        const ip = b.hostIp.value;
        if (ip === undefined || isAllInterfaces(ip) || isLoopback(ip) || insideAny(ip, trusted)) return;
        ctx.report({
          messageId: 'bind',
          data: { address: ip },
          loc: b.loc,
          deployment: dep,
          path: `ports[${i}].hostIp`,
        });
      });
    }
  },
});
