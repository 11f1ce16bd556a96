import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, pos, scanTf, show } from './helpers.js';

const MAIN = `resource "docker_image" "pg" {
  name = "postgres:16.10"
}

resource "docker_network" "db" {
  name     = "db"
  internal = true
}

resource "docker_container" "pg" {
  name  = "pg"
  image = docker_image.pg.image_id
  user  = "999:999"
  env = [
    "POSTGRES_USER=app",
    "POSTGRES_PASSWORD=Zz9-Location-Test-42",
  ]
  ports {
    internal = 5432
    external = 15432
    ip       = "127.0.0.1"
  }
  networks_advanced {
    name = docker_network.db.name
  }
  capabilities {
    drop = ["ALL"]
    add  = ["CHOWN", "SETUID"]
  }
  security_opts = ["no-new-privileges:true"]
  read_only     = true
  memory        = 512
  tmpfs = {
    "/run/postgresql" = "rw,size=16m"
  }
  healthcheck {
    test = ["CMD", "pg_isready", "-U", "app"]
  }
  volumes {
    volume_name    = "pgdata"
    container_path = "/var/lib/postgresql/data"
  }
  upload {
    file        = "/etc/postgresql/init.sql"
    content     = "select 1;"
    permissions = "0644"
  }
  command    = ["postgres", "-c", "ssl=on", "-c", "log_connections=on"]
  log_driver = "json-file"
  log_opts = {
    "max-size" = "10m"
  }
  labels {
    label = "team"
    value = "data"
  }
}
`;

describe('docker_container → Deployment', () => {
  it('image through docker_image: the name literal is the location, the container attribute is in the chain', async () => {
    const dep = deployment(await scanTf({ 'main.tf': MAIN }), 'docker_container.pg');
    assert.equal(dep.format, 'tf');
    assert.equal(dep.id, 'tf:main.tf#docker_container.pg');
    assert.equal(pos(dep.loc), 'main.tf:10:1-10:35');
    assert.deepEqual(dep.postgres, { is: true, reason: 'image postgres:16.10' });
    assert.equal(show(dep.image?.ref), '"postgres:16.10" derived @main.tf:2:10-2:26');
    assert.equal(dep.image?.ref.literal, true);
    assert.deepEqual(
      dep.image?.ref.via?.map((v) => `${pos(v.loc)} ${v.message}`),
      [
        'main.tf:12:11-12:35 used as the image',
        'main.tf:2:3-2:26 docker_image.pg.image_id stands for docker_image.pg.name',
      ],
    );
  });

  it('env: each entry at its element, the value part of a literal at the value itself', async () => {
    const dep = deployment(await scanTf({ 'main.tf': MAIN }), 'docker_container.pg');
    assert.deepEqual(
      dep.env.map((e) => `${e.name} ${pos(e.loc)}`),
      ['POSTGRES_USER main.tf:15:5-15:24', 'POSTGRES_PASSWORD main.tf:16:5-16:45'],
    );
    const pw = dep.env[1];
    assert.equal(pos(pw?.value.loc), 'main.tf:16:24-16:44');
    assert.equal(pw?.value.state, 'explicit');
    assert.equal(pw?.value.literal, true);
    assert.equal(pw?.value.sensitive, true);
    assert.equal(pw?.provenance?.kind, 'literal');
  });

  it('runtime fields with their locations', async () => {
    const dep = deployment(await scanTf({ 'main.tf': MAIN }), 'docker_container.pg');
    assert.equal(show(dep.user), '"999:999" explicit @main.tf:13:11-13:20');
    assert.equal(show(dep.privileged), 'false default @main.tf:10:1-10:35');
    assert.equal(show(dep.readOnlyRoot), 'true explicit @main.tf:31:19-31:23');
    assert.deepEqual(dep.capDrop?.map(show), ['"ALL" explicit @main.tf:27:13-27:18']);
    assert.deepEqual(
      dep.capAdd?.map((c) => c.value),
      ['CHOWN', 'SETUID'],
    );
    assert.deepEqual(dep.securityOpt?.map(show), ['"no-new-privileges:true" explicit @main.tf:30:20-30:44']);
    assert.equal(show(dep.memoryLimit), '"512m" explicit @main.tf:32:19-32:22');
    assert.deepEqual(
      dep.tmpfs?.map((t) => t.value),
      ['/run/postgresql:rw,size=16m'],
    );
    assert.deepEqual(dep.healthcheck?.test?.value, ['CMD', 'pg_isready', '-U', 'app']);
    assert.equal(dep.healthcheck?.enabled, true);
    assert.equal(show(dep.logging?.options['max-size']), '"10m" explicit @main.tf:51:18-51:23');
    assert.equal(show(dep.labels?.['team']), '"data" explicit @main.tf:55:13-55:19');
    assert.equal(dep.settings['ssl']?.value.value, 'on');
    assert.equal(dep.settings['log_connections']?.source, 'command-line');
  });

  it('network: default mode bridge, networks_advanced linked to the docker_network and its internal flag', async () => {
    const dep = deployment(await scanTf({ 'main.tf': MAIN }), 'docker_container.pg');
    assert.equal(show(dep.networkMode), '"bridge" default @main.tf:10:1-10:35');
    assert.equal(dep.networks?.length, 1);
    assert.equal(show(dep.networks?.[0]?.name), '"db" derived @main.tf:6:14-6:18');
    assert.equal(show(dep.networks?.[0]?.internal), 'true explicit @main.tf:7:14-7:18');
  });

  it('ports: every part at its attribute', async () => {
    const dep = deployment(await scanTf({ 'main.tf': MAIN }), 'docker_container.pg');
    const p = dep.ports?.[0];
    assert.equal(pos(p?.loc), 'main.tf:18:3-18:10');
    assert.equal(show(p?.containerPort), '"5432" explicit @main.tf:19:16-19:20');
    assert.equal(show(p?.hostPort), '"15432" explicit @main.tf:20:16-20:21');
    assert.equal(show(p?.hostIp), '"127.0.0.1" explicit @main.tf:21:16-21:27');
    assert.equal(p?.protocol, 'tcp');
  });

  it('ports without ip or external: every interface, random host port (provider defaults)', async () => {
    const dep = deployment(
      await scanTf({
        'main.tf':
          'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n  ports {\n    internal = 5432\n  }\n}\n',
      }),
      'docker_container.pg',
    );
    const p = dep.ports?.[0];
    assert.equal(show(p?.hostIp), '"0.0.0.0" default @main.tf:4:3-4:10');
    assert.equal(show(p?.hostPort), 'undefined default @main.tf:4:3-4:10');
    assert.match(p?.hostPort.reason ?? '', /random host port/);
  });

  it('external = "127.0.0.1:5432" is an invalid mapping at the external attribute (PGW203)', async () => {
    const result = await scanTf({
      'main.tf':
        'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n  ports {\n    internal = 5432\n    external = "127.0.0.1:5432"\n  }\n}\n',
    });
    const p = deployment(result, 'docker_container.pg').ports?.[0];
    assert.equal(p?.containerPort.state, 'unknown');
    assert.equal(pos(p?.containerPort.loc), 'main.tf:6:5-6:32');
    assert.equal(
      p?.containerPort.reason,
      'invalid: external = "127.0.0.1:5432" is not a number: in kreuzwerker/docker `external` is the host port and the bind address goes in `ip`: write external = 5432 and ip = "127.0.0.1"',
    );
    const f = result.findings.find((x) => x.ruleId === 'PGW203');
    assert.equal(pos(f?.loc), 'main.tf:6:5-6:32');
    // a number written as a string converts, as in Terraform
    const ok = await scanTf({
      'main.tf':
        'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n  ports {\n    internal = 5432\n    external = "5432"\n    ip = "127.0.0.1"\n  }\n}\n',
    });
    assert.equal(deployment(ok, 'docker_container.pg').ports?.[0]?.hostPort.value, '5432');
    assert.ok(!ok.findings.some((x) => x.ruleId === 'PGW203'));
  });

  it('volumes, mounts and uploads', async () => {
    const dep = deployment(
      await scanTf({
        'main.tf':
          'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
          '  volumes {\n    host_path      = "/srv/pg"\n    container_path = "/var/lib/postgresql/data"\n    read_only      = true\n  }\n' +
          '  mounts {\n    type   = "tmpfs"\n    target = "/tmp"\n  }\n' +
          '  upload {\n    file        = "/run/secrets/pw"\n    content     = "Up1-Secret-Content"\n    permissions = "0666"\n  }\n}\n',
      }),
      'docker_container.pg',
    );
    assert.deepEqual(
      dep.mounts?.map((m) => `${m.kind} ${m.source?.value ?? '-'} ${m.target.value} ro=${m.readOnly} @${pos(m.loc)}`),
      ['bind /srv/pg /var/lib/postgresql/data ro=true @main.tf:5:5-5:31', 'tmpfs - /tmp ro=false @main.tf:11:5-11:20'],
    );
    const u = dep.uploads?.[0];
    assert.equal(u?.path.value, '/run/secrets/pw');
    assert.equal(u?.content?.sensitive, true);
    assert.equal(show(u?.permissions), '"0666" explicit @main.tf:16:19-16:25');
  });

  it('a postgresql.conf uploaded with file() is linked: its settings apply', async () => {
    const dep = deployment(
      await scanTf({
        'main.tf':
          'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
          '  upload {\n    file    = "/etc/postgresql/postgresql.conf"\n    content = file("${path.module}/postgresql.conf")\n  }\n}\n',
        'postgresql.conf': "ssl = on\nlog_connections = on\nlisten_addresses = '*'\n",
      }),
      'docker_container.pg',
    );
    assert.deepEqual(dep.configFiles, ['postgresql.conf']);
    assert.equal(dep.settings['ssl']?.value.value, 'on');
  });

  it('docker_service: container_spec is the container, endpoint ports are published on every node', async () => {
    const dep = deployment(
      await scanTf({
        'main.tf':
          'resource "docker_service" "pg" {\n  name = "pg"\n  task_spec {\n    container_spec {\n      image = "postgres:16.10"\n      env = {\n        POSTGRES_PASSWORD_FILE = "/run/secrets/pg"\n      }\n      cap_drop = ["ALL"]\n    }\n  }\n' +
          '  endpoint_spec {\n    ports {\n      target_port    = 5432\n      published_port = 5432\n    }\n  }\n}\n',
      }),
      'docker_service.pg',
    );
    assert.equal(dep.postgres.is, true);
    assert.deepEqual(
      dep.env.map((e) => `${e.name}=${e.value.value} @${pos(e.value.loc)}`),
      ['POSTGRES_PASSWORD_FILE=/run/secrets/pg @main.tf:7:34-7:51'],
    );
    assert.equal(show(dep.ports?.[0]?.hostIp), '"0.0.0.0" default @main.tf:13:5-13:12');
    assert.equal(dep.ports?.[0]?.hostPort.value, '5432');
    assert.deepEqual(
      dep.capDrop?.map((c) => c.value),
      ['ALL'],
    );
  });

  it('network_mode = "host" and publish_all_ports are read as written', async () => {
    const dep = deployment(
      await scanTf({
        'main.tf':
          'resource "docker_container" "pg" {\n  name         = "pg"\n  image        = "postgres:17.6"\n  network_mode = "host"\n  publish_all_ports = true\n}\n',
      }),
      'docker_container.pg',
    );
    assert.equal(show(dep.networkMode), '"host" explicit @main.tf:4:18-4:24');
    assert.equal(dep.publishAll?.value, true);
  });
});
