import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { ConfigError, configSchemaPath, parseConfigText, ruleSettingsOf } from '../../src/config/load.js';
import { SchemaValidator, type JsonSchema } from '../../src/config/json-schema.js';
import { STARTER_CONFIG } from '../../src/config/starter.js';
import { scan } from '../../src/core/scan.js';

const schema = JSON.parse(readFileSync(configSchemaPath(), 'utf8')) as JsonSchema;

function errorOf(text: string, name = '.pgwarden.yml'): string {
  try {
    parseConfigText(text, name);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

const FULL = `environments:
  default: staging
  paths:
    - glob: "deploy/dev/**"
      env: dev
rules:
  PGW311: off
  image-tag-floating: low
  PGW201:
    severity: { dev: off, prod: critical }
  PGW404:
    options:
      approvedImages: ["postgres:16.*"]
images:
  approved: ["postgres:16.*-alpine", "registry.example.com/pg@sha256:${'ab'.repeat(32)}"]
registries:
  trusted: [registry.example.com]
network:
  trustedCidrs: [10.0.0.0/8, "fd00::/8", 192.168.1.10]
paths:
  exclude: ["examples/**"]
failOn: medium
format: sarif
ignore:
  - rule: PGW201
    path: "deploy/dev/**"
    service: db
    reason: developer machines only
    expires: 2027-03-31
  - rule: no-healthcheck
    reason: the orchestrator checks health
`;

describe('configuration file: loading and validation', () => {
  it('a full file loads and is normalized (slugs → ids, service → resource, locations of ignore entries)', () => {
    const loaded = parseConfigText(FULL, '.pgwarden.yml');
    const c = loaded.config;
    assert.equal(c.environments?.default, 'staging');
    assert.deepEqual(c.environments?.paths, [{ glob: 'deploy/dev/**', env: 'dev' }]);
    assert.deepEqual(Object.keys(c.rules ?? {}), ['PGW311', 'PGW402', 'PGW201', 'PGW404']);
    assert.deepEqual(ruleSettingsOf(c)['PGW402'], { severity: 'low' });
    assert.equal(c.failOn, 'medium');
    assert.equal(c.format, 'sarif');
    assert.deepEqual(
      loaded.ignores.map((i) => [i.rule, i.path, i.resource, i.expires, i.index, i.loc?.start.line]),
      [
        ['PGW201', 'deploy/dev/**', 'db', '2027-03-31', 0, 25],
        ['PGW311', undefined, undefined, undefined, 1, 30],
      ],
    );
  });

  it('environment globs may also be a mapping glob → env', () => {
    const c = parseConfigText(
      'environments:\n  paths:\n    "envs/prod/**": prod\n    "envs/dev/**": dev\n',
      'x.yml',
    ).config;
    assert.deepEqual(c.environments?.paths, [
      { glob: 'envs/prod/**', env: 'prod' },
      { glob: 'envs/dev/**', env: 'dev' },
    ]);
  });

  it('an empty file is an empty configuration', () => {
    assert.deepEqual(parseConfigText('# nothing yet\n', '.pgwarden.yml').config, {});
  });

  it('errors name the file, line and column, the key path and the reason — all of them, in file order', () => {
    const text = 'failon: high\nrules:\n  PGW201: hihg\n  PGW999: off\nignore:\n  - rule: PGW201\n    reson: x\n';
    const message = errorOf(text);
    const lines = message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    assert.deepEqual(lines, [
      '.pgwarden.yml:1:1: failon: unknown key "failon" (did you mean "failOn"?)',
      '.pgwarden.yml:3:11: rules.PGW201: must be one of critical, high, medium, low, info, off (got "hihg")',
      '.pgwarden.yml:4:3: rules.PGW999: unknown rule "PGW999" (pgwarden rules lists them)',
      '.pgwarden.yml:6:5: ignore[0]: needs "reason"',
      '.pgwarden.yml:7:5: ignore[0].reson: unknown key "reson" (did you mean "reason"?)',
    ]);
  });

  it('ignore entries: a reason is required and must say something; expires must be a real date', () => {
    assert.match(
      errorOf('ignore:\n  - rule: PGW201\n    reason: ""\n'),
      /:3:13: ignore\[0\]\.reason: must not be empty/,
    );
    assert.match(
      errorOf('ignore:\n  - rule: PGW201\n    reason: "   "\n'),
      /ignore\[0\]\.reason: .* does not have the expected form/,
    );
    assert.match(
      errorOf('ignore:\n  - rule: PGW201\n    reason: x\n    expires: 2027-02-30\n'),
      /:4:14: ignore\[0\]\.expires: "2027-02-30" is not a date/,
    );
    assert.match(errorOf('ignore:\n  - rule: PGW998\n    reason: x\n'), /ignore\[0\]\.rule: unknown rule "PGW998"/);
    assert.match(
      errorOf('ignore:\n  - rule: PGW201\n    reason: x\n    resource: a\n    service: b\n'),
      /give either resource or service/,
    );
  });

  it('rule options must exist; CIDRs must parse; per-environment severities must be known environments', () => {
    assert.match(
      errorOf('rules:\n  PGW201:\n    options: { foo: 1 }\n'),
      /:3:16: rules\.PGW201\.options\.foo: unknown option "foo" \(PGW201 has no options\)/,
    );
    assert.match(errorOf('rules:\n  PGW404:\n    options: { approved: [] }\n'), /options of PGW404: approvedImages/);
    assert.match(
      errorOf('network:\n  trustedCidrs: [10.0.0.0/33]\n'),
      /:2:18: network\.trustedCidrs\[0\]: "10\.0\.0\.0\/33" is not an IP address or CIDR/,
    );
    assert.match(
      errorOf('rules:\n  PGW201:\n    severity: { qa: low }\n'),
      /rules\.PGW201\.severity\.qa: unknown key "qa"/,
    );
    assert.match(
      errorOf('rules:\n  PGW201:\n    severity: 3\n'),
      /rules\.PGW201\.severity: must be one of critical, high, medium, low, info, off, or a mapping \(got 3\)/,
    );
  });

  it('YAML syntax errors and JSON syntax errors have positions too', () => {
    assert.match(errorOf('rules:\n  PGW201: [low\n'), /^\.pgwarden\.yml:\d+:\d+: invalid YAML: /);
    assert.match(
      errorOf('rules:\n  PGW201: low\n  PGW201: high\n'),
      /^\.pgwarden\.yml:3:3: invalid YAML: Map keys must be unique/,
    );
    assert.match(
      errorOf('{\n  "failOn": "high",\n}\n', 'pgwarden.config.json'),
      /^pgwarden\.config\.json:3:1: invalid JSON: /,
    );
  });

  it('pgwarden.config.json: schema errors point at the line in the JSON file', () => {
    const message = errorOf('{\n  "failOn": "severe",\n  "rules": { "PGW201": "off" }\n}\n', 'pgwarden.config.json');
    assert.match(
      message,
      /pgwarden\.config\.json:2:13: failOn: must be one of critical, high, medium, low, info, none \(got "severe"\)/,
    );
    const ok = parseConfigText(
      '{ "rules": { "PGW201": "off" }, "ignore": [{ "rule": "PGW204", "reason": "x" }] }',
      'pgwarden.config.json',
    );
    assert.equal(ok.ignores[0]?.loc?.start.line, 1);
  });

  it('the starter file of init-config is valid', () => {
    const loaded = parseConfigText(STARTER_CONFIG, '.pgwarden.yml');
    assert.equal(loaded.config.failOn, 'high');
    assert.equal(loaded.config.environments?.default, 'prod');
    // and so is every commented-out example, once uncommented
    const uncommented = STARTER_CONFIG.split('\n')
      .map((l) => l.replace(/^(\s*)# (?=(rules|images|registries|network|paths|format|ignore):|\s)/, '$1'))
      .join('\n');
    const full = parseConfigText(uncommented, '.pgwarden.yml');
    assert.ok(full.config.rules && full.config.images && full.config.ignore?.length, uncommented);
  });
});

describe('configuration schema (schemas/config.schema.json)', () => {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  const validate = ajv.compile(schema);
  const ours = new SchemaValidator(schema);

  it('is a valid draft-07 schema that Ajv compiles in strict mode', () => {
    assert.equal(typeof validate, 'function');
  });

  it('our validator and Ajv agree on valid and invalid documents', () => {
    const samples: unknown[] = [
      {},
      { failOn: 'high', format: 'json' },
      { failOn: 'urgent' },
      { rules: { PGW201: 'off', 'no-healthcheck': { severity: { dev: 'off' } } } },
      { rules: { PGW201: { severity: {} } } },
      { rules: { 'Not A Rule': 'off' } },
      { rules: { PGW201: { level: 'low' } } },
      { environments: { default: 'qa' } },
      { environments: { paths: [{ glob: 'a/**', env: 'dev' }] } },
      { environments: { paths: { 'a/**': 'dev' } } },
      { environments: { paths: [{ glob: 'a/**' }] } },
      { ignore: [{ rule: 'PGW201', reason: 'x', expires: '2027-01-01', path: 'a', service: 'db' }] },
      { ignore: [{ rule: 'PGW201' }] },
      { ignore: [{ rule: 'PGW201', reason: '' }] },
      { images: { approved: ['postgres:16'] }, registries: { trusted: ['r.example.com'] } },
      { images: { approved: [''] } },
      { network: { trustedCidrs: ['10.0.0.0/8', '::1'] } },
      { network: { trustedCidrs: ['any'] } },
      { paths: { exclude: 'examples' } },
      { unknown: true },
      { $schema: './node_modules/pgwarden/schemas/config.schema.json' },
    ];
    for (const sample of samples) {
      assert.equal(ours.validate(sample).length === 0, validate(sample), JSON.stringify(sample));
    }
  });

  it('refuses schema keywords it does not implement (so the schema and validator cannot drift)', () => {
    assert.throws(
      () => new SchemaValidator({ type: 'object', properties: { a: { maximum: 3 } } } as JsonSchema),
      /unsupported keyword "maximum"/,
    );
  });
});

describe('configuration in a scan: per-environment severity overrides', () => {
  const DIGEST = 'sha256:' + 'ab'.repeat(32);
  const compose = `services:\n  db:\n    image: postgres@${DIGEST}\n    ports:\n      - "5432:5432"\n`;

  it('rules.PGW201.severity {dev: off, prod: critical} with environment globs', async () => {
    const config = parseConfigText(
      'environments:\n  paths:\n    - { glob: "envs/a/**", env: dev }\n    - { glob: "envs/b/**", env: prod }\nrules:\n  PGW201:\n    severity: { dev: off, prod: critical }\n',
      '.pgwarden.yml',
    ).config;
    const result = await scan({
      virtual: {
        'envs/a/compose.yaml': compose,
        'envs/b/compose.yaml': compose,
        'envs/c/staging/compose.yaml': compose,
      },
      today: '2026-01-15',
      envPolicy: { globs: config.environments?.paths },
      ruleSettings: ruleSettingsOf(config),
    });
    const got = result.findings.filter((f) => f.ruleId === 'PGW201').map((f) => `${f.loc.file} ${f.env} ${f.severity}`);
    assert.deepEqual(got, ['envs/b/compose.yaml prod critical', 'envs/c/staging/compose.yaml staging medium']);
    assert.match(
      result.findings.find((f) => f.loc.file === 'envs/b/compose.yaml')?.envReason ?? '',
      /config: path matches "envs\/b\/\*\*"/,
    );
  });

  it('environments.default applies where nothing names an environment', async () => {
    const config = parseConfigText('environments:\n  default: dev\n', '.pgwarden.yml').config;
    const result = await scan({
      virtual: { 'compose.yaml': compose },
      today: '2026-01-15',
      envPolicy: { fallback: config.environments?.default },
    });
    assert.equal(result.findings.find((f) => f.ruleId === 'PGW201')?.severity, 'info');
  });
});
