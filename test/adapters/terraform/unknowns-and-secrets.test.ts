import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main.js';
import { captureIo, removeTree, renderAll, tempTree } from '../../scan-helpers.js';
import { deployment, rules, scanTf, show } from './helpers.js';

const UNSET = `variable "image" {
  type = string
}

variable "bind" {
  type = string
}

resource "docker_container" "pg" {
  name  = "pg"
  image = var.image
  ports {
    internal = 5432
    external = 5432
    ip       = var.bind
  }
}
`;

const LITERAL = `# admin password: Qm3-Harbor-Violet-5150
resource "docker_container" "pg" {
  name  = "pg"
  image = "postgres:17.6"
  env   = ["POSTGRES_PASSWORD=Tz6-Copper-Falcon-8842", "DATABASE_URL=postgres://app:Wr5-Silent-Grove-3319@pg/app"]
}

variable "registry_password" {
  type    = string
  default = "Rk8-Ember-Canyon-2267"
}

provider "docker" {
  registry_auth {
    address  = "registry.example.com"
    username = "ci"
    password = var.registry_password
  }
}
`;
const SECRETS = ['Qm3-Harbor-Violet-5150', 'Tz6-Copper-Falcon-8842', 'Wr5-Silent-Grove-3319', 'Rk8-Ember-Canyon-2267'];

describe('unknown values', () => {
  it('an unset variable gives an unknown value with its reason, and only "could not verify" findings', async () => {
    const result = await scanTf({ 'main.tf': UNSET });
    const dep = deployment(result, 'docker_container.pg');
    assert.equal(dep.image?.ref.state, 'unknown');
    assert.match(dep.image?.ref.reason ?? '', /variable "image" has no value in the scan/);
    assert.equal(show(dep.ports?.[0]?.hostIp), 'undefined unknown @main.tf:15:16-15:24');
    const ids = rules(result);
    for (const id of ['PGW201', 'PGW203', 'PGW401', 'PGW402', 'PGW403', 'PGW406', 'PGW407'])
      assert.ok(!ids.includes(id), `${id} must not fire on unknowns`);
    const unverified = result.findings.filter((f) => f.ruleId === 'PGW002').map((f) => f.message);
    assert.ok(
      unverified.some((m) => /PGW201 .*bind address is unknown — variable "bind" has no value/.test(m)),
      unverified.join('\n'),
    );
    assert.ok(
      unverified.some((m) => /PGW401 .*image reference is unknown — variable "image" has no value/.test(m)),
      unverified.join('\n'),
    );
  });

  it('the same configuration with values given is judged', async () => {
    const result = await scanTf({
      'main.tf': UNSET,
      'terraform.tfvars': 'image = "postgres:latest"\nbind = "0.0.0.0"\n',
    });
    const ids = rules(result);
    assert.ok(ids.includes('PGW201'));
    assert.ok(ids.includes('PGW401'));
  });

  it('a password given with --var is not "hardcoded" and its value is kept out of the model', async () => {
    const result = await scanTf(
      {
        'main.tf':
          'variable "pw" {\n  type      = string\n  sensitive = true\n}\n\nresource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  env   = ["POSTGRES_PASSWORD=${var.pw}"]\n}\n',
      },
      { tfVars: [{ kind: 'var', name: 'pw', value: 'Cli-Given-Secret-Value-1' }] },
    );
    const pw = deployment(result, 'docker_container.pg').env[0];
    assert.equal(pw?.value.value, undefined);
    assert.equal(pw?.value.state, 'derived');
    assert.ok(!rules(result).includes('PGW101'));
    assert.ok(!JSON.stringify(result.model.deployments).includes('Cli-Given-Secret-Value-1'));
  });
});

describe('secrets are never printed', () => {
  it('a literal password, a URL password, a comment and a registry password are masked in every reporter', async () => {
    const result = await scanTf({ 'main.tf': LITERAL });
    const ids = rules(result);
    for (const id of ['PGW101', 'PGW801']) assert.ok(ids.includes(id), `${id} in ${ids.join(' ')}`);
    const out = renderAll(result);
    for (const [name, text] of Object.entries({ ...out, findings: JSON.stringify(result.findings) })) {
      for (const s of SECRETS) assert.ok(!text.includes(s), `${name} prints ${s}`);
    }
    const tf = result.model.terraform;
    assert.equal(tf?.providers[0]?.registryPasswords[0]?.sensitive, true);
    assert.equal(tf?.variables.find((v) => v.name === 'registry_password')?.feedsSecret, true);
  });

  it("pgwarden inspect shows each container with every value's origin, secrets masked", async () => {
    const root = await tempTree({
      'main.tf': LITERAL,
      'db.tf':
        'variable "tag" {\n  type    = string\n  default = "16.10"\n}\n\nresource "docker_container" "db2" {\n  name  = "db2"\n  image = "postgres:${var.tag}"\n}\n',
      'terraform.tfvars': 'tag = "17.6"\n',
    });
    try {
      const cap = captureIo();
      const code = await main(['inspect', root], cap.io);
      assert.equal(code, 0);
      const text = cap.out();
      for (const s of SECRETS) assert.ok(!text.includes(s), `inspect prints ${s}`);
      const model = JSON.parse(text) as {
        deployments: Array<{
          name: string;
          image?: {
            ref: {
              value: string;
              state: string;
              loc: { file: string };
              via?: Array<{ message: string; loc: { file: string } }>;
            };
          };
        }>;
      };
      const db2 = model.deployments.find((d) => d.name === 'docker_container.db2');
      assert.equal(db2?.image?.ref.value, 'postgres:17.6');
      assert.equal(db2?.image?.ref.state, 'derived');
      assert.deepEqual(
        db2?.image?.ref.via?.map((v) => `${v.loc.file} ${v.message}`),
        ['terraform.tfvars variable "tag" set in terraform.tfvars'],
      );
      assert.ok(model.deployments.some((d) => d.name === 'docker_container.pg'));
    } finally {
      await removeTree(root);
    }
  });
});
