import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { main, type Io } from '../../src/cli/main.js';
import { DockerApiError, DockerClient, parseDockerHost, plainTcpWarning } from '../../src/docker-api/client.js';
import { isPostgresContainer } from '../../src/docker-api/select.js';
import { repoRoot } from '../helpers.js';

const FIXTURES = join(repoRoot, 'test', 'fixtures', 'docker-api');
const SHOP = 'a1f4c3e2b5d60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';
const BILLING = 'b2e5d4c3a6f71829304b5c6d7e8f9a01223344556677889900aabbccddeeff11';
const WEB = 'c3d6e5f4b7a82930415c6d7e8f9a0b12334455667788990011aabbccddeeff22';
const SECRET = 'Rotate-Me-Quarterly-2026';

interface Recorded {
  method: string;
  url: string;
}

/** Serves the recorded Engine API responses; records every request so the test can prove it was read-only. */
function fakeDaemon(options: { missing?: string[] } = {}) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Api-Version': '1.47' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, JSON.stringify({ message: 'read-only test daemon' }));
    const url = new URL(req.url ?? '/', 'http://docker');
    if (url.pathname === '/version') return send(200, readFileSync(join(FIXTURES, 'version.json'), 'utf8'));
    if (url.pathname === '/containers/json') return send(200, readFileSync(join(FIXTURES, 'containers.json'), 'utf8'));
    const m = /^\/containers\/([0-9a-f]+)\/json$/.exec(url.pathname);
    const file = m ? join(FIXTURES, 'containers', `${m[1]}.json`) : '';
    if (m && !options.missing?.includes(m[1] ?? '') && existsSync(file)) return send(200, readFileSync(file, 'utf8'));
    return send(404, JSON.stringify({ message: `No such container: ${m?.[1] ?? url.pathname}` }));
  });
  return { server, requests };
}

function listen(server: Server, target: string | number): Promise<void> {
  return new Promise((resolve) =>
    typeof target === 'string' ? server.listen(target, resolve) : server.listen(target, '127.0.0.1', resolve),
  );
}

function capture(env: Record<string, string | undefined> = {}) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, env };
  return { io, out: () => out, err: () => err };
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  location: { file: string; live?: string };
  deployment?: string;
}

describe('audit docker (recorded Engine API responses served on a temporary unix socket)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgwarden-docker-api-'));
  const socket = join(dir, 'docker.sock');
  const daemon = fakeDaemon();

  before(() => listen(daemon.server, socket));
  after(() => {
    daemon.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads only with GET /version, /containers/json and /containers/{id}/json', async () => {
    daemon.requests.length = 0;
    const c = capture();
    const code = await main(
      ['audit', 'docker', '--host', `unix://${socket}`, '--format', 'json', '--today', '2026-12-03'],
      c.io,
    );
    assert.equal(code, 1, c.err());
    assert.ok(daemon.requests.every((r) => r.method === 'GET'));
    assert.deepEqual(
      daemon.requests.map((r) => r.url),
      [
        '/version',
        '/containers/json',
        `/containers/${WEB}/json`,
        `/containers/${BILLING}/json`,
        `/containers/${SHOP}/json`,
      ],
    );
    assert.match(c.err(), /Docker 27\.3\.1 \(API 1\.47\) at unix:\/\/.*: 3 running containers, 2 PostgreSQL/);
  });

  it('adapts the PostgreSQL containers like docker inspect and reports with live locations', async () => {
    const c = capture();
    await main(['audit', 'docker', '--host', `unix://${socket}`, '--format', 'json', '--today', '2026-12-03'], c.io);
    const report = JSON.parse(c.out()) as { findings: JsonFinding[]; inputs: Array<{ file: string }> };
    const target = `unix://${socket}`;
    assert.deepEqual(
      report.inputs.map((i) => i.file),
      [target],
    );
    const shop = report.findings.filter((f) => f.deployment === `inspect:${target}#shop-db-1`);
    const billing = report.findings.filter((f) => f.deployment === `inspect:${target}#billing-db`);
    const at = (rule: string) => shop.find((f) => f.ruleId === rule)?.location;
    assert.deepEqual(at('PGW302'), {
      file: target,
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 1,
      live: 'container shop-db-1 HostConfig.Privileged',
    });
    assert.equal(at('PGW201')?.live, 'container shop-db-1 HostConfig.PortBindings["5432/tcp"][0]');
    assert.equal(at('PGW305')?.live, 'container shop-db-1 HostConfig.CapAdd[0]');
    assert.equal(at('PGW501')?.live, 'container shop-db-1 HostConfig.Binds[1]');
    assert.equal(at('PGW703')?.live, 'container shop-db-1 Config.Cmd');
    assert.equal(at('PGW104')?.live, 'container shop-db-1 Config.Env[0]');
    // PG_VERSION says what runs: 15.4, though the tag says only 15
    assert.match(shop.find((f) => f.ruleId === 'PGW407')?.message ?? '', /^PostgreSQL 15\.4 /);
    // the hardened container: nothing at or above medium but its outdated minor
    assert.deepEqual(
      billing.filter((f) => ['critical', 'high', 'medium'].includes(f.severity)).map((f) => f.ruleId),
      ['PGW407'],
    );
    // nginx is not PostgreSQL: not in the model at all
    assert.ok(report.findings.every((f) => !f.deployment?.includes('shop-web-1')));
  });

  it('never prints the observed POSTGRES_PASSWORD, in any format', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const c = capture();
      await main(['audit', 'docker', '--host', `unix://${socket}`, '--format', format, '--today', '2026-12-03'], c.io);
      assert.ok(c.out().length > 100);
      assert.ok(!c.out().includes(SECRET) && !c.err().includes(SECRET), `${format} printed the password`);
    }
  });

  it('takes the host from DOCKER_HOST', async () => {
    const c = capture({ DOCKER_HOST: `unix://${socket}` });
    const code = await main(['audit', 'docker', '--format', 'json', '--today', '2026-12-03'], c.io);
    assert.equal(code, 1, c.err());
  });

  it('skips a container removed between the list and its inspect', async () => {
    const gone = fakeDaemon({ missing: [SHOP] });
    const sock = join(dir, 'gone.sock');
    await listen(gone.server, sock);
    try {
      const c = capture();
      const code = await main(
        ['audit', 'docker', '--host', `unix://${sock}`, '--format', 'json', '--today', '2026-12-03'],
        c.io,
      );
      const report = JSON.parse(c.out()) as { findings: JsonFinding[] };
      assert.equal(code, 1);
      assert.ok(report.findings.every((f) => !f.deployment?.includes('shop-db-1')));
      assert.ok(report.findings.some((f) => f.deployment?.includes('billing-db')));
    } finally {
      gone.server.close();
    }
  });

  it('fails with exit code 2 and a clear message when no socket is there', async () => {
    const c = capture();
    const code = await main(['audit', 'docker', '--host', `unix://${join(dir, 'nothing.sock')}`], c.io);
    assert.equal(code, 2);
    assert.match(c.err(), /no Docker socket at unix:\/\/.*nothing\.sock/);
    assert.equal(c.out(), '');
  });

  it('fails with exit code 2 when the socket does not speak the Docker API', async () => {
    const other = createServer((_req, res) => res.end('<html>hello</html>'));
    const sock = join(dir, 'other.sock');
    await listen(other, sock);
    try {
      const c = capture();
      assert.equal(await main(['audit', 'docker', '--host', `unix://${sock}`], c.io), 2);
      assert.match(c.err(), /not JSON \(is unix:\/\/.*other\.sock a Docker API\?\)/);
    } finally {
      other.close();
    }
  });

  it('talks plain tcp:// only after a loud warning', async () => {
    const tcp = fakeDaemon();
    await listen(tcp.server, 0);
    try {
      const port = (tcp.server.address() as AddressInfo).port;
      const c = capture();
      const code = await main(
        ['audit', 'docker', '--host', `tcp://127.0.0.1:${port}`, '--format', 'json', '--today', '2026-12-03'],
        c.io,
      );
      assert.equal(code, 1);
      assert.match(c.err(), /WARNING: tcp:\/\/127\.0\.0\.1:\d+ is the Docker API over plain TCP, without TLS/);
      assert.ok(tcp.requests.every((r) => r.method === 'GET'));
    } finally {
      tcp.server.close();
    }
  });
});

describe('Docker host parsing and container selection', () => {
  it('reads unix and tcp hosts and refuses the rest with the reason', () => {
    assert.deepEqual(parseDockerHost('unix:///var/run/docker.sock'), {
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
      display: 'unix:///var/run/docker.sock',
    });
    assert.deepEqual(parseDockerHost('tcp://10.0.0.5:2375'), {
      kind: 'tcp',
      hostname: '10.0.0.5',
      port: 2375,
      display: 'tcp://10.0.0.5:2375',
    });
    assert.equal(parseDockerHost('tcp://[::1]').kind, 'tcp');
    assert.throws(() => parseDockerHost('ssh://admin@host'), /only unix:\/\/ sockets and plain tcp:\/\//);
    assert.throws(() => parseDockerHost('unix://relative.sock'), /must be absolute/);
    assert.throws(() => parseDockerHost('tcp://host:99999'), DockerApiError);
    assert.equal(plainTcpWarning(parseDockerHost('unix:///x.sock')), undefined);
  });

  it('picks PostgreSQL containers by image, image environment or command', () => {
    const body = (config: object) => JSON.stringify({ Config: config, HostConfig: {} });
    assert.equal(isPostgresContainer(body({ Image: 'postgres:16' })), true);
    assert.equal(isPostgresContainer(body({ Image: 'registry.example.com/team/db:7', Env: ['PG_MAJOR=16'] })), true);
    assert.equal(isPostgresContainer(body({ Image: 'custom', Cmd: ['postgres', '-c', 'ssl=on'] })), true);
    assert.equal(isPostgresContainer(body({ Image: 'nginx:1.27', Env: ['PGHOST=db'] })), false);
    assert.equal(isPostgresContainer('not json'), false);
  });

  it('refuses container ids that are not ids (no path tricks)', async () => {
    const client = new DockerClient(parseDockerHost('unix:///nonexistent.sock'));
    await assert.rejects(client.inspectContainer('../../images/json'), /invalid container id/);
  });
});
