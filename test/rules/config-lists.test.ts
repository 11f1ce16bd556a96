import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/core/scan.js';

const compose = (image: string) => ({ 'compose.yaml': `services:\n  db:\n    image: ${image}\n` });

describe('rules that read configured lists', () => {
  it('PGW404 flags images outside the approved inventory, only when one is configured', async () => {
    const approved = ['postgres:17.*-bookworm@sha256:*', 'registry.example.com/db/postgres:*'];
    const bad = await scan({
      virtual: compose('postgres:16.10'),
      globalOptions: { approvedImages: approved },
      today: '2026-12-03',
    });
    assert.ok(bad.findings.some((f) => f.ruleId === 'PGW404'));
    const good = await scan({
      virtual: compose('registry.example.com/db/postgres:17.6'),
      globalOptions: { approvedImages: approved },
    });
    assert.ok(!good.findings.some((f) => f.ruleId === 'PGW404'));
    const none = await scan({ virtual: compose('postgres:16.10') });
    assert.ok(!none.findings.some((f) => f.ruleId === 'PGW404'));
  });

  it('PGW405 flags registries outside the trusted list', async () => {
    const opts = { trustedRegistries: ['registry.example.com'] };
    const bad = await scan({ virtual: compose('postgres:17.6'), globalOptions: opts });
    const f = bad.findings.find((x) => x.ruleId === 'PGW405');
    assert.ok(f);
    assert.match(f.message, /docker\.io/);
    const good = await scan({ virtual: compose('registry.example.com/db/postgres:17.6'), globalOptions: opts });
    assert.ok(!good.findings.some((x) => x.ruleId === 'PGW405'));
  });

  it('PGW206 checks hba addresses and bind addresses against trusted CIDRs', async () => {
    const opts = { trustedCidrs: ['10.20.0.0/16'] };
    const r = await scan({
      virtual: {
        'pg_hba.conf': 'hostssl all all 10.20.0.0/24 scram-sha-256\nhostssl all all 192.168.1.0/24 scram-sha-256\n',
      },
      globalOptions: opts,
    });
    const hits = r.findings.filter((x) => x.ruleId === 'PGW206');
    assert.deepEqual(
      hits.map((h) => h.loc.start.line),
      [2],
    );
  });
});
