import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateFiles, js, root } from './helpers.js';

const DECL = 'variable "v" {\n  type    = string\n  default = "from-default"\n}\n';

function valueOf(files: Record<string, string>, options: Parameters<typeof evaluateFiles>[1] = {}) {
  const v = root(evaluateFiles({ 'main.tf': DECL, ...files }, options)).variable('v');
  return { value: js(v), via: (v.via ?? []).map((x) => x.message) };
}

describe('variable value precedence', () => {
  it('uses the default when nothing else sets the variable', () => {
    assert.deepEqual(valueOf({}), { value: 'from-default', via: ['default of variable "v"'] });
  });

  it('TF_VAR_ < terraform.tfvars < terraform.tfvars.json < *.auto.tfvars(.json) lexical < --var/--var-file in order', () => {
    const env = { environment: { TF_VAR_v: 'from-env' } };
    assert.equal(valueOf({}, env).value, 'from-env');
    const tfvars = { 'terraform.tfvars': 'v = "from-tfvars"\n' };
    assert.equal(valueOf(tfvars, env).value, 'from-tfvars');
    const json = { ...tfvars, 'terraform.tfvars.json': '{ "v": "from-tfvars-json" }\n' };
    assert.equal(valueOf(json, env).value, 'from-tfvars-json');
    // a.auto.tfvars.json sorts before b.auto.tfvars: b wins
    const auto = {
      ...json,
      'a.auto.tfvars.json': '{ "v": "from-a-auto-json" }',
      'b.auto.tfvars': 'v = "from-b-auto"\n',
    };
    assert.equal(valueOf(auto, env).value, 'from-b-auto');
    assert.equal(
      valueOf({ ...json, 'a.auto.tfvars.json': '{ "v": "from-a-auto-json" }' }, env).value,
      'from-a-auto-json',
    );
    const withFile = { ...auto, 'extra.tfvars': 'v = "from-var-file"\n' };
    assert.equal(
      valueOf(withFile, {
        ...env,
        cli: [
          { kind: 'var', name: 'v', value: 'from-cli' },
          { kind: 'var-file', path: 'extra.tfvars' },
        ],
      }).value,
      'from-var-file',
    );
    assert.equal(
      valueOf(withFile, {
        ...env,
        cli: [
          { kind: 'var-file', path: 'extra.tfvars' },
          { kind: 'var', name: 'v', value: 'from-cli' },
        ],
      }).value,
      'from-cli',
    );
  });

  it('keeps where the winning value was written', () => {
    const r = root(evaluateFiles({ 'main.tf': DECL, 'terraform.tfvars': '# values\nv = "from-tfvars"\n' })).variable(
      'v',
    );
    assert.equal(r.loc?.file, 'terraform.tfvars');
    assert.equal(r.loc?.start.line, 2);
    assert.equal(r.loc?.start.column, 5);
    assert.deepEqual(
      r.via?.map((x) => `${x.loc.file}:${x.loc.start.line} ${x.message}`),
      ['terraform.tfvars:2 variable "v" set in terraform.tfvars'],
    );
  });

  it('reads TF_VAR_ of a collection type as an expression and ignores undeclared TF_VAR_', () => {
    const ev = evaluateFiles(
      { 'main.tf': 'variable "ports" {\n  type = list(number)\n}\n' },
      { environment: { TF_VAR_ports: '[5432, "6432"]', TF_VAR_other: 'x' } },
    );
    assert.deepEqual(js(root(ev).variable('ports')), [5432, 6432]);
    assert.equal(ev.problems.length, 0);
  });

  it('tfvars files of other folders do not apply; the case of TF_VAR_ names matters', () => {
    const v = root(
      evaluateFiles(
        { 'main.tf': DECL, 'other/terraform.tfvars': 'v = "elsewhere"\n' },
        { environment: { TF_VAR_V: 'upper' } },
      ),
    ).variable('v');
    assert.equal(js(v), 'from-default');
  });

  it('converts values to the declared type and applies nullable = false', () => {
    const ev = evaluateFiles({
      'main.tf':
        'variable "port" {\n  type = number\n}\nvariable "on" {\n  type = bool\n}\n' +
        'variable "n" {\n  type     = string\n  nullable = false\n  default  = "fallback"\n}\n' +
        'variable "o" {\n  type = object({ a = string, b = optional(number, 7) })\n}\n',
      'terraform.tfvars': 'port = "5432"\non = "true"\nn = null\no = { a = "x" }\n',
    });
    const r = root(ev);
    assert.deepEqual(r.variable('port'), { ...r.variable('port'), kind: 'number', value: 5432 });
    assert.equal(js(r.variable('on')), true);
    assert.equal(js(r.variable('n')), 'fallback');
    assert.deepEqual(js(r.variable('o')), { a: 'x', b: 7 });
  });

  it('an unset variable is unknown, with a reason and the variable as its source', () => {
    const v = root(evaluateFiles({ 'main.tf': 'variable "pw" {\n  type = string\n}\n' })).variable('pw');
    assert.equal(v.kind, 'unknown');
    assert.match(v.kind === 'unknown' ? v.reason : '', /no value in the scan/);
    assert.deepEqual(v.deps, ['var.pw']);
  });

  it('sensitive variables mark their values; terraform.workspace follows TF_WORKSPACE', () => {
    const ev = evaluateFiles(
      {
        'main.tf':
          'variable "pw" {\n  type      = string\n  sensitive = true\n  default   = "abc"\n}\nlocals {\n  ws = terraform.workspace\n}\n',
      },
      { environment: { TF_WORKSPACE: 'prod' } },
    );
    assert.equal(root(ev).variable('pw').sensitive, true);
    assert.equal(js(root(ev).local('ws')), 'prod');
    assert.equal(
      js(root(evaluateFiles({ 'main.tf': 'locals {\n  ws = terraform.workspace\n}\n' })).local('ws')),
      'default',
    );
  });
});
