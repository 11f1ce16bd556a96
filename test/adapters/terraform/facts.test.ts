import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, readFixtureTree } from '../../evaluate/terraform/helpers.js';
import { pos, rules, scanTf } from './helpers.js';

describe('Terraform facts', () => {
  it('variables: sensitive, default, final value, and whether they feed a secret', async () => {
    const tf = (
      await scanTf({
        'main.tf':
          'variable "pg_pass" {\n  type = string\n}\n\nvariable "api_token" {\n  default = "abc"\n}\n\nvariable "name" {\n  default = "pg"\n}\n\n' +
          'resource "docker_container" "pg" {\n  name  = var.name\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD=${var.pg_pass}"]\n}\n',
      })
    ).model.terraform;
    const byName = new Map(tf?.variables.map((v) => [v.name, v]));
    assert.equal(byName.get('pg_pass')?.feedsSecret, true, 'flows into POSTGRES_PASSWORD');
    assert.equal(byName.get('api_token')?.feedsSecret, true, 'named like a secret');
    assert.equal(byName.get('name')?.feedsSecret, false);
    assert.equal(pos(byName.get('pg_pass')?.loc), 'main.tf:1:1-1:21');
    assert.equal(byName.get('name')?.defaultValue?.value, 'pg');
    assert.equal(byName.get('pg_pass')?.value?.state, 'unknown');
    assert.deepEqual(tf?.roots, ['.']);
  });

  it('outputs: secret references, and nonsensitive() unwrapping at its place', async () => {
    const result = await scanTf({
      'main.tf':
        'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\n' +
        'output "a" {\n  value = "pw=${var.db_password}"\n}\n\n' +
        'output "b" {\n  value     = nonsensitive(var.db_password)\n  sensitive = true\n}\n\n' +
        'output "c" {\n  value     = var.db_password\n  sensitive = true\n}\n',
    });
    const outs = result.model.terraform?.outputs ?? [];
    assert.deepEqual(
      outs.map((o) => [o.name, o.sensitive, o.secretRefs.map((r) => `${r.ref} ${pos(r.loc)} ${r.unwrapped}`)]),
      [
        ['a', false, ['var.db_password main.tf:7:17-7:32 false']],
        ['b', true, ['var.db_password main.tf:11:28-11:43 true']],
        ['c', true, ['var.db_password main.tf:16:15-16:30 false']],
      ],
    );
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === 'PGW103').map((f) => pos(f.loc)),
      ['main.tf:6:1-6:13', 'main.tf:11:28-11:43'],
    );
  });

  it('provider: host and TLS material (PGW208), registry passwords', async () => {
    const plain = await scanTf({ 'main.tf': 'provider "docker" {\n  host = "tcp://10.0.0.5:2375"\n}\n' });
    assert.deepEqual(
      plain.findings.filter((f) => f.ruleId === 'PGW208').map((f) => pos(f.loc)),
      ['main.tf:2:10-2:31'],
    );
    const tls = await scanTf({
      'main.tf': 'provider "docker" {\n  host      = "tcp://10.0.0.5:2376"\n  cert_path = "/etc/docker/certs"\n}\n',
    });
    assert.equal(tls.model.terraform?.providers[0]?.hasTlsMaterial, true);
    assert.ok(!rules(tls).includes('PGW208'));
  });

  it('required_providers: the version constraint, also from a local module; a floating provider is reported', async () => {
    const pinnedInChild = await scanTf({
      'main.tf': 'module "db" {\n  source = "./db"\n}\n',
      'db/main.tf':
        'terraform {\n  required_providers {\n    docker = {\n      source  = "kreuzwerker/docker"\n      version = "3.9.0"\n    }\n  }\n}\n\nresource "docker_network" "n" {\n  name = "n"\n}\n',
    });
    assert.equal(pinnedInChild.model.terraform?.dockerProviderRequirements[0]?.version?.value, '3.9.0');
    assert.ok(!rules(pinnedInChild).includes('PGW408'));
    const floating = await scanTf({ 'main.tf': 'resource "docker_network" "n" {\n  name = "n"\n}\n' });
    assert.deepEqual(floating.model.terraform?.dockerProviderUses?.map(pos), ['main.tf:1:1-1:32']);
    assert.ok(rules(floating).includes('PGW408'));
  });

  it('OpenTofu state encryption with enforced = true (PGW107 then stays quiet)', async () => {
    const enc =
      'terraform {\n  encryption {\n    method "aes_gcm" "m" {\n      keys = key_provider.pbkdf2.k\n    }\n    state {\n      method   = method.aes_gcm.m\n      enforced = true\n    }\n  }\n}\n';
    const container =
      'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD_FILE=/run/secrets/pg", "POSTGRES_PASSWORD=${var.pw}"]\n}\nvariable "pw" {\n  sensitive = true\n}\n';
    const on = await scanTf({ 'main.tf': enc + container });
    assert.equal(on.model.terraform?.stateEncryptionEnforced, true);
    assert.ok(!rules(on).includes('PGW107'));
    const off = await scanTf({ 'main.tf': container });
    assert.equal(off.model.terraform?.stateEncryptionEnforced, false);
    assert.ok(rules(off).includes('PGW107'));
  });

  it('module inputs are facts, remote ones included; a secret input to a remote module marks its variable', async () => {
    const tf = (await scanTf(readFixtureTree(fixture('modules')))).model.terraform;
    const vendor = tf?.moduleInputs?.filter((i) => i.module === 'module.vendor') ?? [];
    assert.deepEqual(
      vendor.map((i) => [i.name, i.remote, i.value.sensitive]),
      [['password', true, true]],
    );
    assert.equal(tf?.variables.find((v) => v.name === 'pw' && !v.module)?.feedsSecret, true);
    assert.equal(tf?.variables.find((v) => v.name === 'password' && v.module === 'module.db')?.feedsSecret, true);
  });

  it('HCL comments become tf comments (for the documentation rules and inline suppressions)', async () => {
    const result = await scanTf({
      'main.tf': '# call the on-call dba\n/* block */\nresource "docker_network" "n" { // trailing\n  name = "n"\n}\n',
      'terraform.tfvars': '# tfvars note\nx = 1\n',
    });
    assert.deepEqual(
      result.model.comments.map((c) => `${c.format} ${pos(c.loc)} ${c.text}`),
      [
        'tf terraform.tfvars:1:1-1:14 tfvars note',
        'tf main.tf:1:1-1:23 call the on-call dba',
        'tf main.tf:2:1-2:12 block',
        'tf main.tf:3:33-3:44 trailing',
      ],
    );
  });
});
