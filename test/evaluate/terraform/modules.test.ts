import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ModuleInstance } from '../../../src/evaluate/terraform/index.js';
import { evaluateFiles, fixture, js, readFixtureTree, root } from './helpers.js';

const tree = () => readFixtureTree(fixture('modules'));

describe('local modules', () => {
  it('evaluates a local module with its inputs, and keeps the chain: module input, tfvars line', () => {
    const ev = evaluateFiles(tree());
    assert.deepEqual(
      ev.roots.map((r) => r.dir),
      [''],
    );
    const db = root(ev).child('db');
    assert.ok(db instanceof ModuleInstance);
    assert.equal(db.address, 'module.db');
    const pw = db.variable('password');
    assert.equal(js(pw), 'Vq2-Fixture-Secret-77');
    assert.equal(pw.sensitive, true);
    assert.deepEqual(
      pw.via?.map((v) => `${v.loc.file}:${v.loc.start.line} ${v.message}`),
      ['main.tf:17 input "password" of module "db"', 'terraform.tfvars:1 variable "pw" set in terraform.tfvars'],
    );
    assert.deepEqual(pw.deps, ['module.db.var.password', 'var.pw']);
  });

  it('resolves a resource attribute of the calling module passed as an input', () => {
    const db = root(evaluateFiles(tree())).child('db') as ModuleInstance;
    const net = db.variable('net');
    assert.equal(js(net), 'private');
    assert.ok(net.deps?.includes('docker_network.private'));
  });

  it('outputs of a module are readable from the caller', () => {
    const out = root(evaluateFiles(tree())).output('connection');
    assert.equal(js(out), 'postgres://app:Vq2-Fixture-Secret-77@pg/app');
    assert.equal(out.sensitive, true);
  });

  it('lists every module instance, root first', () => {
    const ev = evaluateFiles(tree());
    assert.deepEqual(
      ev.instances.map((i) => i.address),
      ['', 'module.db', 'module.loop'],
    );
  });

  it('reports a remote module as skipped, naming the block, and still evaluates its inputs', () => {
    const ev = evaluateFiles(tree());
    const skipped = ev.problems.filter((p) => p.kind === 'skipped').map((p) => p.message);
    assert.ok(
      skipped.some((m) =>
        /^module "vendor" \(main\.tf:21\): source "terraform-aws-modules\/rds\/aws" is a remote module/.test(m),
      ),
      skipped.join('\n'),
    );
    const inputs = root(ev).moduleInputs('vendor');
    assert.deepEqual(
      inputs.map((i) => [i.name, js(i.value)]),
      [['password', 'Vq2-Fixture-Secret-77']],
    );
  });

  it('detects a module cycle and does not loop', () => {
    const ev = evaluateFiles(tree());
    const cycle = ev.problems.find((p) => /module cycle/.test(p.message));
    assert.ok(cycle);
    assert.match(cycle.message, /modules\/loop → modules\/loop/);
    assert.equal(cycle.loc?.file, 'modules/loop/main.tf');
  });

  it('a cycle across two folders is reported once per call, each side still evaluated', () => {
    const ev = evaluateFiles({
      'a/main.tf': 'module "b" {\n  source = "../b"\n}\nlocals {\n  x = 1\n}\n',
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
    });
    assert.ok(
      ev.problems.some((p) => /module cycle a → b → a|module cycle b → a → b/.test(p.message)),
      ev.problems.map((p) => p.message).join('\n'),
    );
    assert.ok(ev.instances.length >= 2);
  });

  it('a local module missing from the scanned tree is reported', () => {
    const ev = evaluateFiles({ 'main.tf': 'module "x" {\n  source = "./nowhere"\n}\n' });
    assert.match(ev.problems[0]?.message ?? '', /has no configuration files in the scanned tree/);
  });

  it('count and for_each: the first instance stands for all', () => {
    const ev = evaluateFiles({
      'main.tf':
        'resource "docker_container" "c" {\n  count = 3\n  name  = "pg-${count.index}"\n  image = "postgres:16.10"\n}\n' +
        'resource "docker_container" "f" {\n  for_each = { b = "16.10", a = "17.6" }\n  name  = each.key\n  image = "postgres:${each.value}"\n}\n' +
        'resource "docker_container" "none" {\n  count = 0\n  name  = "x"\n  image = "postgres"\n}\n',
    });
    const containers = root(ev).resources('docker_container');
    assert.deepEqual(
      containers.map((c) => c.address),
      ['docker_container.c', 'docker_container.f'],
    );
    assert.equal(js(containers[0]?.body.attr('name')?.value ?? { kind: 'null' }), 'pg-0');
    assert.equal(js(containers[1]?.body.attr('image')?.value ?? { kind: 'null' }), 'postgres:17.6');
    assert.match(containers[0]?.note?.message ?? '', /count = 3: evaluated for the first instance/);
  });

  it('dynamic blocks expand over known collections; an unknown collection gives one block of unknowns', () => {
    const ev = evaluateFiles({
      'main.tf':
        'variable "ports" {\n  default = [5432, 6432]\n}\nvariable "unset" {}\n' +
        'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:16.10"\n' +
        '  dynamic "ports" {\n    for_each = var.ports\n    iterator = p\n    content {\n      internal = p.value\n      ip       = "127.0.0.1"\n    }\n  }\n' +
        '  dynamic "volumes" {\n    for_each = var.unset\n    content {\n      host_path = volumes.value\n    }\n  }\n}\n',
    });
    const body = root(ev).resources('docker_container')[0]?.body;
    assert.deepEqual(
      body?.blocks('ports').map((b) => js(b.attr('internal')?.value ?? { kind: 'null' })),
      [5432, 6432],
    );
    const vols = body?.blocks('volumes') ?? [];
    assert.equal(vols.length, 1);
    assert.equal(vols[0]?.attr('host_path')?.value.kind, 'unknown');
  });

  it('docker_image.x.latest / image_id / repo_digest stand for the image name; a local cycle is an error value', () => {
    const ev = evaluateFiles({
      'main.tf':
        'resource "docker_image" "pg" {\n  name = "postgres:16.10"\n}\nlocals {\n  a = local.b\n  b = local.a\n}\n',
    });
    for (const attr of ['latest', 'image_id', 'repo_digest']) {
      const v = root(ev).resolve(
        'docker_image',
        [
          { kind: 'attr', name: 'pg', range: R, nameRange: R },
          { kind: 'attr', name: attr, range: R, nameRange: R },
        ],
        root(ev).context(SRC),
        LOC,
      ).value;
      assert.equal(js(v), 'postgres:16.10', attr);
    }
    const cyc = root(ev).local('a');
    assert.equal(cyc.kind, 'unknown');
    assert.match(cyc.kind === 'unknown' ? cyc.reason : '', /refers to itself/);
  });
});

const P = { offset: 0, line: 1, column: 1 };
const R = { start: P, end: P };
const LOC = { file: 'x.tf', start: P, end: P };
const SRC = { rel: 'x.tf', abs: '/virtual/x.tf', text: '', lineStarts: [0] };
