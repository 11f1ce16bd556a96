import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixture } from '../../evaluate/terraform/helpers.js';
import { renderAll } from '../../scan-helpers.js';
import { deployment, pos, rules, scanTf, show } from './helpers.js';

const PLAN = () => readFileSync(fixture('plan', 'plan.json'), 'utf8');

describe('plan JSON (tofu show -json)', () => {
  it('is recognised by content and read into the same model', async () => {
    const result = await scanTf({ 'plan.json': PLAN() });
    assert.deepEqual(
      result.model.inputs.map((i) => `${i.file} ${i.format}`),
      ['plan.json tfplan'],
    );
    const dep = deployment(result, 'docker_container.pg');
    assert.equal(dep.format, 'tf');
    assert.equal(dep.postgres.is, true);
    // the image is docker_image.pg.image_id: resolved through the configuration's references to the image name
    assert.equal(dep.image?.ref.value, 'postgres:latest');
    assert.match(dep.image?.ref.via?.[0]?.message ?? '', /docker_container\.pg\.image refers to docker_image\.pg/);
    assert.equal(show(dep.ports?.[0]?.hostIp), '"0.0.0.0" explicit @plan.json:36:67-36:76');
    assert.equal(dep.ports?.[0]?.hostIp.literal, undefined, 'a plan is never edited by a fix');
    assert.deepEqual(
      dep.env.map((e) => e.name),
      ['POSTGRES_PASSWORD', 'POSTGRES_USER'],
    );
    assert.equal(dep.env[0]?.value.sensitive, true);
  });

  it('variables, outputs and the provider come from configuration', async () => {
    const tf = (await scanTf({ 'plan.json': PLAN() })).model.terraform;
    const v = tf?.variables.find((x) => x.name === 'db_password');
    assert.equal(v?.sensitive?.value, true);
    assert.equal(v?.feedsSecret, true);
    assert.deepEqual(
      tf?.outputs.map((o) => [o.name, o.sensitive, o.secretRefs.map((r) => r.ref)]),
      [['password', false, ['var.db_password']]],
    );
    assert.equal(tf?.providers[0]?.host?.value, 'tcp://10.0.0.5:2375');
    assert.equal(tf?.providers[0]?.hasTlsMaterial, false);
    assert.equal(pos(tf?.dockerProviderRequirements[0]?.loc), 'plan.json:49:7-49:15');
  });

  it('rules judge it like configuration, and the secret is never printed', async () => {
    const result = await scanTf({ 'plan.json': PLAN() });
    const ids = rules(result);
    for (const id of ['PGW103', 'PGW201', 'PGW208', 'PGW401', 'PGW408'])
      assert.ok(ids.includes(id), `${id} in ${ids.join(' ')}`);
    const out = renderAll(result);
    for (const text of [out.text, out.json, out.sarif, JSON.stringify(result.findings)])
      assert.ok(!text.includes('Pl4n-Secret-Value-88'));
  });

  it('a plan saved next to its configuration: the configuration is judged, the plan only feeds masking', async () => {
    const result = await scanTf({
      'plan.json': PLAN(),
      'main.tf':
        'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\n' +
        'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD=${var.db_password}"]\n}\n',
    });
    assert.deepEqual(
      result.model.deployments.map((d) => d.id),
      ['tf:main.tf#docker_container.pg'],
    );
    assert.ok(result.model.problems.some((p) => p.file === 'plan.json' && p.kind === 'skipped'));
    assert.ok(result.model.secrets.values.has('Pl4n-Secret-Value-88'));
  });

  it('a broken plan is a parse error with a location', async () => {
    const result = await scanTf({ 'plan.json': '{"format_version": "1.2", "planned_values": {"root_module": [}' });
    const f = result.findings.find((x) => x.ruleId === 'PGW001');
    assert.equal(f?.loc.file, 'plan.json');
    assert.match(f?.message ?? '', /^plan JSON: /);
  });
});
