/** Structure of specific constructs, error messages and recovery, and the JSON syntax mapping. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseExpression,
  parseHCL,
  parseHCLJSON,
  parseTemplate,
  type Expression,
  type TemplateExpr,
  type TemplatePart,
} from '../../../src/parsers/hcl/index.js';

/** Compact S-expression of an expression's structure. */
function show(e: Expression): string {
  switch (e.kind) {
    case 'Literal':
      return e.raw;
    case 'Template':
      return e.literalValue !== undefined ? JSON.stringify(e.literalValue) : `(tmpl ${showParts(e.parts)})`;
    case 'ScopeTraversal':
      return e.root + e.steps.map(showStep).join('');
    case 'RelativeTraversal':
      return `(rel ${show(e.source)} ${e.steps.map(showStep).join('')})`;
    case 'Tuple':
      return `[${e.items.map(show).join(' ')}]`;
    case 'Object':
      return `{${e.items.map((i) => `${i.keyIdentifier ?? show(i.key)}${i.separator}${show(i.value)}`).join(' ')}}`;
    case 'For':
      return `(for ${e.resultType} ${e.keyVar ? e.keyVar.name + ',' : ''}${e.valueVar.name} ${show(e.collection)} ${e.keyExpr ? show(e.keyExpr) + '=>' : ''}${show(e.valueExpr)}${e.grouping ? '...' : ''}${e.condition ? ' if ' + show(e.condition) : ''})`;
    case 'FunctionCall':
      return `(${e.name}${e.args.map((a) => ' ' + show(a)).join('')}${e.expandFinal ? '...' : ''})`;
    case 'Conditional':
      return `(? ${show(e.condition)} ${show(e.trueExpr)} ${show(e.falseExpr)})`;
    case 'BinaryOp':
      return `(${e.operator} ${show(e.left)} ${show(e.right)})`;
    case 'UnaryOp':
      return `(${e.operator} ${show(e.operand)})`;
    case 'Parenthesized':
      return `(paren ${show(e.expr)})`;
    case 'Invalid':
      return '<invalid>';
  }
}

function showStep(s: { kind: string; name?: string; key?: Expression; legacy?: boolean; style?: string }): string {
  if (s.kind === 'attr') return `.${s.name}`;
  if (s.kind === 'splat') return s.style === 'attr' ? '.*' : '[*]';
  return s.legacy ? `.${show(s.key!)}` : `[${show(s.key!)}]`;
}

function showParts(parts: TemplatePart[]): string {
  return parts
    .map((p) => {
      switch (p.kind) {
        case 'TemplateLiteral':
          return JSON.stringify(p.value);
        case 'TemplateInterpolation':
          return `\${${show(p.expr)}}`;
        case 'TemplateIf':
          return `%{if ${show(p.condition)}: ${showParts(p.thenParts)}${p.elseParts ? ` else ${showParts(p.elseParts)}` : ''}}`;
        case 'TemplateFor':
          return `%{for ${p.keyVar ? p.keyVar.name + ',' : ''}${p.valueVar.name} in ${show(p.collection)}: ${showParts(p.bodyParts)}}`;
      }
    })
    .join(' ');
}

function expr(text: string): string {
  const result = parseExpression(text);
  assert.deepEqual(
    result.diagnostics.map((d) => d.message),
    [],
    `diagnostics for ${text}`,
  );
  return show(result.expr);
}

function messages(text: string): string[] {
  return parseHCL(text, 't.tf').diagnostics.map((d) => d.message);
}

describe('expressions', () => {
  it('follows operator precedence and associativity', () => {
    assert.equal(expr('1 + 2 * 3'), '(+ 1 (* 2 3))');
    assert.equal(expr('a - b - c'), '(- (- a b) c)');
    assert.equal(expr('x / y * z'), '(* (/ x y) z)');
    assert.equal(expr('a || b && c == d < e + f * g'), '(|| a (&& b (== c (< d (+ e (* f g))))))');
    assert.equal(expr('a != b >= c % d'), '(!= a (>= b (% c d)))');
    assert.equal(expr('!a && -b.c > 1'), '(&& (! a) (> (- b.c) 1))');
    assert.equal(expr('-1 + 2'), '(+ (- 1) 2)');
    assert.equal(expr('!!x'), '(! (! x))');
  });

  it('parses conditionals right-associatively', () => {
    assert.equal(expr('a ? b : c ? d : e'), '(? a b (? c d e))');
    assert.equal(expr('a == 1 ? "x" : "y"'), '(? (== a 1) "x" "y")');
  });

  it('parses numbers', () => {
    assert.equal(expr('1.5e3'), '1.5e3');
    assert.equal(
      parseExpression('2.5E-2').expr.kind === 'Literal' && (parseExpression('2.5E-2').expr as { value: number }).value,
      0.025,
    );
  });

  it('parses traversals, splats and legacy indexes', () => {
    assert.equal(expr('var.x'), 'var.x');
    assert.equal(expr('a[0].b["c"]'), 'a[0].b["c"]');
    assert.equal(expr('a.*.b[0]'), 'a.*.b[0]');
    assert.equal(expr('a[*].b[0]'), 'a[*].b[0]');
    assert.equal(expr('a.0.b'), 'a.0.b');
    assert.equal(expr('a[var.i]'), 'a[var.i]');
    assert.equal(expr('f(x).y'), '(rel (f x) .y)');
    assert.equal(expr('[1, 2][0]'), '(rel [1 2] [0])');
    assert.equal(expr('(a)[*].b'), '(rel (paren a) [*].b)');
  });

  it('parses collections', () => {
    assert.equal(expr('[1, "a", true, null,]'), '[1 "a" true null]');
    assert.equal(expr('{ a = 1, "b" : 2, (c) = 3 }'), '{a=1 "b":2 (paren c)=3}');
    assert.equal(expr('{\n  a = 1\n  b = 2\n}'), '{a=1 b=2}');
    assert.equal(expr('[(for), foo]'), '[(paren for) foo]');
  });

  it('parses for expressions', () => {
    assert.equal(expr('[for v in l : v]'), '(for tuple v l v)');
    assert.equal(expr('[for i, v in l : v if i < 2]'), '(for tuple i,v l v if (< i 2))');
    assert.equal(expr('{for k, v in m : v => k...}'), '(for object k,v m v=>k...)');
    assert.equal(expr('{ for k, v in m : k => v if v != null }'), '(for object k,v m k=>v if (!= v null))');
  });

  it('parses function calls', () => {
    assert.equal(expr('f()'), '(f)');
    assert.equal(expr('max(l...)'), '(max l...)');
    assert.equal(expr('f(\n  a,\n  b,\n)'), '(f a b)');
    const call = parseExpression('provider::terraform::encode_tfvars(x)').expr;
    assert.equal(call.kind, 'FunctionCall');
    if (call.kind === 'FunctionCall') {
      assert.equal(call.name, 'provider::terraform::encode_tfvars');
      assert.deepEqual(call.namespace, ['provider', 'terraform']);
    }
  });

  it('reports trailing garbage in standalone expressions', () => {
    assert.deepEqual(
      parseExpression('1 2').diagnostics.map((d) => d.message),
      ['Extra characters after expression'],
    );
  });
});

describe('templates', () => {
  it('decodes escapes', () => {
    assert.equal(expr('"a\\nb\\t\\"\\\\\\u00e9\\U0001F600 $${x} %%{y}"'), JSON.stringify('a\nb\t"\\é😀 ${x} %{y}'));
  });

  it('splits interpolations and directives', () => {
    assert.equal(expr('"a${b}c"'), '(tmpl "a" ${b} "c")');
    assert.equal(expr('"%{ if a }x%{ else }y%{ endif }"'), '(tmpl %{if a: "x" else "y"})');
    assert.equal(expr('"%{ for k, v in m }${k}%{ endfor }"'), '(tmpl %{for k,v in m: ${k}})');
  });

  it('honors strip markers', () => {
    assert.equal(expr('"a  ${~ b ~}  c"'), '(tmpl "a" ${b} "c")');
    assert.equal(expr('"%{ if true ~}  hello  %{~ endif }"'), '(tmpl %{if true: "hello"})');
    assert.equal(expr('"${"hello" ~}${" world"}"'), '(tmpl ${"hello"} ${" world"})');
  });

  it('gives literal-only templates a literalValue', () => {
    const t = parseExpression('"plain"').expr as TemplateExpr;
    assert.equal(t.literalValue, 'plain');
    assert.equal((parseExpression('""').expr as TemplateExpr).literalValue, '');
    assert.equal((parseExpression('"${x}"').expr as TemplateExpr).literalValue, undefined);
  });

  it('parses heredocs with and without indentation stripping', () => {
    const f = parseHCL('a = <<EOT\n  x\n  ${y}\nEOT\nb = <<-EOT\n    x\n      y\n    EOT\n', 't.tf');
    assert.deepEqual(f.diagnostics, []);
    assert.equal(show(f.body.attributes[0]!.expr), '(tmpl "  x\\n  " ${y} "\\n")');
    const b = f.body.attributes[1]!.expr as TemplateExpr;
    assert.equal(b.literalValue, 'x\n  y\n');
    assert.deepEqual(b.heredoc, { marker: 'EOT', indented: true });
  });

  it('parses standalone templates', () => {
    const t = parseTemplate('host=${var.h}\n%{ if ssl }ssl=on%{ endif }');
    assert.deepEqual(t.diagnostics, []);
    assert.equal(showParts(t.expr.parts), '"host=" ${var.h} "\\n" %{if ssl: "ssl=on"}');
  });

  it('reports template errors', () => {
    assert.deepEqual(messages('a = "x\nb = 1\n'), ['Unterminated template string']);
    assert.deepEqual(messages('a = "${b"\n'), ['Unclosed template interpolation sequence']);
    assert.deepEqual(messages('a = "%{ if x }y"\n'), ['Unexpected end of template']);
    assert.deepEqual(messages('a = "%{ endif }"\n'), ['Unexpected endif directive']);
    assert.deepEqual(messages('a = "%{ iff x }"\n'), ['Invalid template control keyword']);
    assert.deepEqual(messages('a = "\\q"\n'), ['Invalid escape sequence']);
    assert.deepEqual(messages('a = <<EOT\nx\n'), ['Unterminated heredoc']);
  });
});

describe('structure', () => {
  it('reads blocks, labels and one-line blocks', () => {
    const f = parseHCL('a "b" c { d = 1 }\ne {}\nf {\n  g {\n  }\n}\n', 't.tf');
    assert.deepEqual(f.diagnostics, []);
    assert.deepEqual(
      f.body.blocks.map((b) => [b.type, b.labels.map((l) => `${l.value}:${l.quoted}`), b.body.items.length]),
      [
        ['a', ['b:true', 'c:false'], 1],
        ['e', [], 0],
        ['f', [], 1],
      ],
    );
    assert.deepEqual(
      f.body.items.map((i) => i.kind),
      ['Block', 'Block', 'Block'],
    );
  });

  it('keeps attributes and blocks in source order', () => {
    const f = parseHCL('a = 1\nb {}\nc = 2\n', 't.tf');
    assert.deepEqual(
      f.body.items.map((i) => (i.kind === 'Attribute' ? i.name : i.type)),
      ['a', 'b', 'c'],
    );
    assert.equal(f.body.attributes.length, 2);
    assert.equal(f.body.blocks.length, 1);
  });

  it('recovers after errors and keeps the rest of the file', () => {
    const text = 'resource "a" "b" {\n  x = \n  y = [1, 2\n  z = 3\n}\nresource "c" "d" {\n  ok = true\n}\n';
    const f = parseHCL(text, 't.tf');
    assert.ok(f.diagnostics.length >= 1);
    assert.deepEqual(
      f.body.blocks.map((b) => b.labels.map((l) => l.value).join('.')),
      ['a.b', 'c.d'],
    );
    assert.equal(f.body.blocks[1]!.body.attributes[0]!.name, 'ok');
  });

  it('recovers inside a block and still closes it', () => {
    const f = parseHCL('a {\n  b = 1 2\n  c = 3\n}\nd = 4\n', 't.tf');
    assert.deepEqual(
      f.diagnostics.map((d) => d.message),
      ['Missing newline after argument'],
    );
    assert.deepEqual(
      f.body.blocks[0]!.body.attributes.map((a) => a.name),
      ['b', 'c'],
    );
    assert.equal(f.body.attributes[0]!.name, 'd');
  });

  it('reports structural errors with clear messages', () => {
    assert.deepEqual(messages('a = 1, b = 2\n'), ['Unexpected comma after argument']);
    assert.deepEqual(messages('a {\n'), ['Unclosed configuration block']);
    assert.deepEqual(messages('"a" = 1\n'), ['Invalid argument name']);
    assert.deepEqual(messages('a b\n'), ['Invalid block definition']);
    assert.deepEqual(messages('a = 1\na = 2\n'), ['Attribute redefined']);
    assert.deepEqual(messages('a "${x}" {}\n'), ['Invalid string literal']);
    assert.deepEqual(messages("a = 'x'\n"), ['Invalid character', 'Invalid character']);
    assert.deepEqual(messages('a = b & c\n'), ['Unsupported operator']);
    assert.deepEqual(messages('a = [for x in y : x...]\n'), ["Invalid 'for' expression"]);
    assert.deepEqual(messages('}\n'), ['Argument or block definition required']);
  });

  it('ignores a byte order mark with a warning', () => {
    const f = parseHCL('\ufeffa = 1\n', 't.tf');
    assert.deepEqual(
      f.diagnostics.map((d) => [d.severity, d.message]),
      [['warning', 'Byte order mark']],
    );
    assert.equal(f.body.attributes[0]!.name, 'a');
  });

  it('keeps the source text', () => {
    const text = 'a = 1\n';
    const f = parseHCL(text, 'x.tf');
    assert.equal(f.text, text);
    assert.equal(f.fileName, 'x.tf');
    assert.equal(f.syntax, 'native');
  });
});

describe('JSON syntax', () => {
  const text = JSON.stringify({
    '//': 'top comment',
    resource: {
      docker_container: {
        db: {
          name: 'pg-${var.env}',
          ports: [{ internal: 5432 }],
          lifecycle: { prevent_destroy: true },
          dynamic: { volumes: { for_each: '${var.v}', content: { host_path: '${volumes.value}' } } },
        },
        other: [{ name: 'x' }, { name: 'y' }],
      },
    },
    variable: { env: { default: 'dev', type: 'string' } },
    locals: [{ a: 1 }, { b: [true, null, 1.5] }],
    output: { o: { value: '$${literal}' } },
    terraform: { required_providers: { docker: { source: 'kreuzwerker/docker' } }, backend: { local: {} } },
    unknown_top: { x: 1 },
  });
  const f = parseHCLJSON(text, 'main.tf.json');

  it('maps known block types with their label counts', () => {
    assert.deepEqual(f.diagnostics, []);
    assert.equal(f.syntax, 'json');
    assert.deepEqual(
      f.body.blocks.map((b) => `${b.type}(${b.labels.map((l) => l.value).join(',')})`),
      [
        'resource(docker_container,db)',
        'resource(docker_container,other)',
        'resource(docker_container,other)',
        'variable(env)',
        'locals()',
        'locals()',
        'output(o)',
        'terraform()',
      ],
    );
    assert.deepEqual(
      f.body.attributes.map((a) => a.name),
      ['unknown_top'],
    );
  });

  it('maps nested meta blocks and keeps other objects as attributes', () => {
    const db = f.body.blocks[0]!.body;
    assert.deepEqual(
      db.blocks.map((b) => `${b.type}(${b.labels.map((l) => l.value).join(',')})`),
      ['lifecycle()', 'dynamic(volumes)'],
    );
    assert.deepEqual(
      db.blocks[1]!.body.blocks.map((b) => b.type),
      ['content'],
    );
    assert.deepEqual(
      db.attributes.map((a) => a.name),
      ['name', 'ports'],
    );
    const tf = f.body.blocks[7]!.body;
    assert.deepEqual(
      tf.blocks.map((b) => `${b.type}(${b.labels.map((l) => l.value).join(',')})`),
      ['required_providers()', 'backend(local)'],
    );
  });

  it('parses strings as templates', () => {
    const db = f.body.blocks[0]!.body;
    assert.equal(show(db.attributes[0]!.expr), '(tmpl "pg-" ${var.env})');
    assert.equal(show(db.attributes[1]!.expr), '[{"internal":5432}]');
    const out = f.body.blocks[6]!.body.attributes[0]!.expr as TemplateExpr;
    assert.equal(out.literalValue, '${literal}');
    assert.equal(show(f.body.blocks[5]!.body.attributes[0]!.expr), '[true null 1.5]');
  });

  it('collects "//" properties as comments', () => {
    assert.deepEqual(
      f.comments.map((c) => [c.style, c.text]),
      [['json', '"//":"top comment"']],
    );
  });

  it('reports invalid JSON with ranges and keeps what it can', () => {
    const bad = parseHCLJSON('{"variable": {"a": {"default": 1,}}, "locals": {"b": tru}}', 'x.tf.json');
    assert.ok(bad.diagnostics.length >= 2);
    assert.equal(bad.body.blocks[0]!.labels[0]!.value, 'a');
    assert.equal(bad.body.blocks[1]!.body.attributes[0]!.expr.kind, 'Invalid');
    assert.deepEqual(
      parseHCLJSON('[1]', 'x.tf.json').diagnostics.map((d) => d.message),
      ['Root value must be object'],
    );
  });
});
