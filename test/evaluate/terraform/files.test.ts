import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at, evaluateFiles, js, root } from './helpers.js';

const container = (image: string) =>
  `resource "docker_container" "pg" {\n  name  = "pg"\n  image = "${image}"\n  ports {\n    internal = 5432\n  }\n}\n`;

describe('module files', () => {
  it('OpenTofu: x.tofu replaces x.tf in the same folder (and x.tofu.json replaces x.tf.json)', () => {
    const ev = evaluateFiles({
      'main.tf': container('postgres:latest'),
      'main.tofu': container('postgres:17.6'),
      'net.tf.json': '{"resource": {"docker_network": {"a": {"name": "from-tf-json"}}}}',
      'net.tofu.json': '{"resource": {"docker_network": {"a": {"name": "from-tofu-json"}}}}',
      'other/main.tf': container('postgres:16.10'),
    });
    const r = root(ev);
    assert.deepEqual(r.config.shadowed, [
      { file: 'main.tf', by: 'main.tofu' },
      { file: 'net.tf.json', by: 'net.tofu.json' },
    ]);
    assert.equal(
      js(r.resources('docker_container')[0]?.body.attr('image')?.value ?? { kind: 'null' }),
      'postgres:17.6',
    );
    assert.equal(js(r.resources('docker_network')[0]?.body.attr('name')?.value ?? { kind: 'null' }), 'from-tofu-json');
    // a .tofu file elsewhere does not shadow
    assert.equal(
      js(root(ev, 'other').resources('docker_container')[0]?.body.attr('image')?.value ?? { kind: 'null' }),
      'postgres:16.10',
    );
  });

  it('override files merge as Terraform does: attributes replace, nested blocks of a type replace all of that type', () => {
    const ev = evaluateFiles({
      'main.tf': container('postgres:latest').replace('  ports {', '  user = "999"\n  ports {'),
      'main_override.tf':
        'resource "docker_container" "pg" {\n  image = "postgres:17.6"\n  ports {\n    internal = 5432\n    external = 5432\n    ip       = "127.0.0.1"\n  }\n}\n',
      'override.tf': 'locals {\n  x = "overridden"\n}\n',
      'locals.tf': 'locals {\n  x = "original"\n}\n',
    });
    const r = root(ev);
    assert.deepEqual(r.config.overrideFiles, ['main_override.tf', 'override.tf']);
    const body = r.resources('docker_container')[0]?.body;
    const image = body?.attr('image');
    assert.equal(js(image?.value ?? { kind: 'null' }), 'postgres:17.6');
    assert.equal(at(image?.loc), 'main_override.tf:2:11');
    assert.equal(at(image?.overriddenIn), 'main_override.tf:1:1');
    assert.equal(js(body?.attr('user')?.value ?? { kind: 'null' }), '999', 'attributes not in the override stay');
    const ports = body?.blocks('ports') ?? [];
    assert.equal(ports.length, 1);
    assert.equal(js(ports[0]?.attr('ip')?.value ?? { kind: 'null' }), '127.0.0.1');
    assert.equal(js(r.local('x')), 'overridden');
  });

  it('reads JSON syntax: nested blocks are objects or arrays of objects, strings are templates', () => {
    const ev = evaluateFiles({
      'main.tf.json': JSON.stringify(
        {
          variable: { tag: { default: '16.10' } },
          resource: {
            docker_container: {
              pg: {
                name: 'pg',
                image: 'postgres:${var.tag}',
                ports: [{ internal: 5432, external: 5432, ip: '127.0.0.1' }],
                capabilities: { drop: ['ALL'] },
              },
            },
          },
        },
        null,
        2,
      ),
    });
    const body = root(ev).resources('docker_container')[0]?.body;
    assert.equal(js(body?.attr('image')?.value ?? { kind: 'null' }), 'postgres:16.10');
    assert.equal(body?.attr('ports'), undefined, 'a JSON block is not an attribute');
    assert.deepEqual(
      body?.blocks('ports').map((p) => js(p.attr('ip')?.value ?? { kind: 'null' })),
      ['127.0.0.1'],
    );
    assert.deepEqual(js(body?.blocks('capabilities')[0]?.attr('drop')?.value ?? { kind: 'null' }), ['ALL']);
    assert.equal(at(body?.blocks('ports')[0]?.attr('ip')?.loc), 'main.tf.json:16:19');
  });

  it('parse errors are problems with a location; the rest of the folder is still evaluated', () => {
    const ev = evaluateFiles({
      'broken.tf': 'resource "docker_container" "x" {\n  name = \n',
      'main.tf': container('postgres:17.6'),
    });
    const errors = ev.problems.filter((p) => p.kind === 'parse-error');
    assert.ok(errors.length >= 1);
    assert.equal(errors[0]?.file, 'broken.tf');
    assert.deepEqual(
      errors.map((e) => `${at(e.loc)} ${e.message.split(' — ')[0]}`),
      ['broken.tf:1:33 HCL: Unclosed configuration block', 'broken.tf:2:10 HCL: Invalid expression'],
    );
    assert.deepEqual(
      root(ev)
        .resources('docker_container')
        .map((c) => c.address)
        .sort(),
      ['docker_container.pg', 'docker_container.x'],
    );
  });
});
