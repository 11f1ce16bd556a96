import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SUPPORTED_FUNCTIONS } from '../../../src/evaluate/terraform/index.js';
import { evalIn, js } from './helpers.js';

const CONFIG = `
variable "pw" {
  type      = string
  sensitive = true
  default   = "Zx4-Secret-Value"
}
variable "unset" {
  type = string
}
locals {
  m = { a = 1, b = 2 }
}
`;

/** [expression, expected value] */
const TABLE: Array<[string, unknown]> = [
  ['format("%s:%d", "postgres", 16)', 'postgres:16'],
  ['format("%05.1f|%-4s|%q|%t|%%", 3.14159, "ab", "x", true)', '003.1|ab  |"x"|true|%'],
  ['join(",", ["a", "b"], ["c"])', 'a,b,c'],
  ['split(",", "a,b,c")', ['a', 'b', 'c']],
  ['replace("postgres:latest", "latest", "16.10")', 'postgres:16.10'],
  ['replace("a1b22", "/[0-9]+/", "#")', 'a#b#'],
  ['lower("PG")', 'pg'],
  ['upper("pg")', 'PG'],
  ['trimspace("  x \\n")', 'x'],
  ['substr("postgres", 0, 4)', 'post'],
  ['substr("postgres", -3, -1)', 'res'],
  ['regex("^([a-z]+):([0-9.]+)$", "postgres:16.10")', ['postgres', '16.10']],
  ['regex("(?P<repo>[a-z]+):(?P<tag>.+)", "postgres:16")', { repo: 'postgres', tag: '16' }],
  ['regex("[0-9]+", "pg16")', '16'],
  ['startswith("postgres:16", "postgres")', true],
  ['endswith("postgres:16", ":latest")', false],
  ['concat(["a"], ["b", "c"])', ['a', 'b', 'c']],
  ['merge({ a = 1 }, { b = 2 }, { a = 3 })', { a: 3, b: 2 }],
  ['lookup({ a = "x" }, "a", "d")', 'x'],
  ['lookup({ a = "x" }, "b", "d")', 'd'],
  ['element(["a", "b"], 3)', 'b'],
  ['flatten([["a"], ["b", ["c"]]])', ['a', 'b', 'c']],
  ['keys({ b = 1, a = 2 })', ['a', 'b']],
  ['values({ b = 1, a = 2 })', [2, 1]],
  ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  ['coalesce("", null, "x")', 'x'],
  ['compact(["a", "", null, "b"])', ['a', 'b']],
  ['distinct(["a", "b", "a"])', ['a', 'b']],
  ['contains(["a", "b"], "b")', true],
  ['length("héllo")', 5],
  ['length(local.m)', 2],
  ['tolist(toset(["b", "a", "b"]))', ['a', 'b']],
  ['tomap({ a = "1" })', { a: '1' }],
  ['tostring(5432)', '5432'],
  ['tonumber("5432")', 5432],
  ['tobool("true")', true],
  ['jsonencode({ a = [1, "<x>"] })', '{"a":[1,"\\u003cx\\u003e"]}'],
  ['jsondecode("{\\"a\\": [1, true]}")', { a: [1, true] }],
  ['yamlencode({ a = 1 })', 'a: 1\n'],
  ['base64encode("pg")', 'cGc='],
  ['base64decode("cGc=")', 'pg'],
  ['try(local.m.missing, "fallback")', 'fallback'],
  ['try(local.m.a, "fallback")', 1],
  ['can(local.m.missing)', false],
  ['can(local.m.a)', true],
  ['nonsensitive(sensitive("x"))', 'x'],
  ['[for k, v in local.m : "${k}=${v}" if v > 1]', ['b=2']],
  ['{ for k, v in local.m : v => k }', { '1': 'a', '2': 'b' }],
  ['"%{ for x in ["a", "b"] }${x}-%{ endfor }%{ if true }y%{ else }n%{ endif }"', 'a-b-y'],
  ['[{ a = 1 }, { a = 2 }][*].a', [1, 2]],
  ['5 % 3 + 2 * 3 - 1 >= 7 && !false', true],
  ['"5" == 5', false],
  ['path.module', '.'],
  ['fileexists("main.tf")', true],
  ['file("conf/pg.conf")', 'ssl = on\n'],
  ['templatefile("conf/t.tpl", { name = "db" })', 'hello db\n'],
];

describe('Terraform functions', () => {
  for (const [expr, want] of TABLE) {
    it(`${expr} → ${JSON.stringify(want)}`, () => {
      const v = evalIn(CONFIG, expr, { 'conf/pg.conf': 'ssl = on\n', 'conf/t.tpl': 'hello ${name}\n' });
      assert.notEqual(v.kind, 'unknown', v.kind === 'unknown' ? v.reason : '');
      assert.deepEqual(js(v), want);
    });
  }

  it('lists what it implements', () => {
    for (const name of ['format', 'templatefile', 'try', 'can', 'sensitive', 'nonsensitive', 'yamlencode']) {
      assert.ok(SUPPORTED_FUNCTIONS.includes(name), name);
    }
  });

  it('sensitive() marks, nonsensitive() unwraps, values derived from a sensitive variable stay sensitive', () => {
    assert.equal(evalIn(CONFIG, 'sensitive("x")').sensitive, true);
    assert.equal(evalIn(CONFIG, 'upper(var.pw)').sensitive, true);
    assert.equal(evalIn(CONFIG, '"pw=${var.pw}"').sensitive, true);
    const un = evalIn(CONFIG, 'nonsensitive(var.pw)');
    assert.equal(un.sensitive, false);
    assert.equal(un.unwrapped, true);
  });

  for (const [expr, reason] of [
    ['upper(var.unset)', /no value in the scan/],
    ['timestamp()', /apply time/],
    ['no_such_function(1)', /not evaluated/],
    ['provider::terraform::encode_tfvars({})', /provider function/],
    ['file("/etc/passwd")', /outside the scanned tree/],
    ['file("missing.txt")', /not among the scanned inputs/],
    ['regex("x", "y")', /did not match/],
    ['local.m.nope', /no attribute "nope"/],
    ['var.unset == "x" ? "a" : "b"', /condition is unknown/],
    ['local.missing', /undeclared local/],
  ] as const) {
    it(`${expr} is unknown (never throws)`, () => {
      const v = evalIn(CONFIG, expr);
      assert.equal(v.kind, 'unknown');
      assert.match(v.kind === 'unknown' ? v.reason : '', reason);
    });
  }

  it('a conditional whose branches agree is known even when the condition is not', () => {
    assert.equal(js(evalIn(CONFIG, 'var.unset == "x" ? "same" : "same"')), 'same');
  });

  it('unknown inputs propagate with their sources', () => {
    const v = evalIn(CONFIG, 'format("%s-%s", "a", var.unset)');
    assert.equal(v.kind, 'unknown');
    assert.deepEqual(v.deps, ['var.unset']);
  });
});
