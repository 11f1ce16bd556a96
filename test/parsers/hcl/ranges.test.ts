/** Exact line/column/offset of specific nodes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseExpression,
  parseHCL,
  parseHCLJSON,
  type Attribute,
  type Body,
  type Range,
  type TemplateExpr,
} from '../../../src/parsers/hcl/index.js';

/** `[line, column, offset]` of start and end. */
function at(range: Range): [number, number, number, number, number, number] {
  return [range.start.line, range.start.column, range.start.offset, range.end.line, range.end.column, range.end.offset];
}

function attr(body: Body, name: string): Attribute {
  const found = body.attributes.find((a) => a.name === name);
  assert.ok(found, `attribute ${name}`);
  return found;
}

const DOCKER = `resource "docker_container" "db" {
  name  = "pg-\${var.env}"
  image = docker_image.pg.image_id

  ports {
    internal = 5432
    external = "127.0.0.1:5432"
  }
}
`;

describe('ranges: native syntax', () => {
  const file = parseHCL(DOCKER, 'main.tf');
  const resource = file.body.blocks[0]!;
  const ports = resource.body.blocks[0]!;

  it('parses without diagnostics', () => {
    assert.deepEqual(file.diagnostics, []);
  });

  it('external port value is at line 7 column 16', () => {
    const external = attr(ports.body, 'external');
    assert.deepEqual(at(external.expr.range), [7, 16, 142, 7, 32, 158]);
    assert.equal(DOCKER.slice(external.expr.range.start.offset, external.expr.range.end.offset), '"127.0.0.1:5432"');
    const literal = (external.expr as TemplateExpr).parts[0]!;
    assert.deepEqual(at(literal.range), [7, 17, 143, 7, 31, 157]);
    assert.deepEqual(at(external.nameRange), [7, 5, 131, 7, 13, 139]);
    assert.deepEqual(at(external.equalsRange), [7, 14, 140, 7, 15, 141]);
    assert.deepEqual(at(external.range), [7, 5, 131, 7, 32, 158]);
  });

  it('block header, labels and braces', () => {
    assert.deepEqual(at(resource.typeRange), [1, 1, 0, 1, 9, 8]);
    assert.deepEqual(
      resource.labels.map((l) => [l.value, l.quoted, ...at(l.range)]),
      [
        ['docker_container', true, 1, 10, 9, 1, 28, 27],
        ['db', true, 1, 29, 28, 1, 33, 32],
      ],
    );
    assert.deepEqual(at(resource.openBraceRange), [1, 34, 33, 1, 35, 34]);
    assert.deepEqual(at(resource.closeBraceRange!), [9, 1, 163, 9, 2, 164]);
    assert.deepEqual(at(resource.range), [1, 1, 0, 9, 2, 164]);
    assert.deepEqual(at(ports.openBraceRange), [5, 9, 105, 5, 10, 106]);
    assert.deepEqual(at(ports.body.range), [5, 9, 105, 8, 4, 162]);
  });

  it('traversal steps and interpolations', () => {
    const image = attr(resource.body, 'image').expr;
    assert.equal(image.kind, 'ScopeTraversal');
    if (image.kind !== 'ScopeTraversal') return;
    assert.deepEqual(at(image.rootRange), [3, 11, 71, 3, 23, 83]);
    assert.deepEqual(
      image.steps.map((s) => at(s.range)),
      [
        [3, 23, 83, 3, 26, 86],
        [3, 26, 86, 3, 35, 95],
      ],
    );
    const name = attr(resource.body, 'name').expr as TemplateExpr;
    assert.deepEqual(at(name.parts[0]!.range), [2, 12, 46, 2, 15, 49]);
    assert.deepEqual(at(name.parts[1]!.range), [2, 15, 49, 2, 25, 59]);
    const interp = name.parts[1]!;
    assert.equal(interp.kind, 'TemplateInterpolation');
    if (interp.kind === 'TemplateInterpolation') assert.deepEqual(at(interp.expr.range), [2, 17, 51, 2, 24, 58]);
  });

  it('counts an astral character as one column, and tabs as one', () => {
    const text = 'a = "😀${x}"\n\tb = 1\n';
    const f = parseHCL(text, 't.tf');
    const tmpl = f.body.attributes[0]!.expr as TemplateExpr;
    assert.deepEqual(at(tmpl.parts[1]!.range), [1, 7, 7, 1, 11, 11]);
    assert.deepEqual(at(f.body.attributes[1]!.nameRange), [2, 2, 14, 2, 3, 15]);
  });

  it('handles CRLF line endings', () => {
    const text = 'a = 1\r\nb = "x"\r\n';
    const f = parseHCL(text, 't.tf');
    assert.deepEqual(f.diagnostics, []);
    assert.deepEqual(at(f.body.attributes[1]!.expr.range), [2, 5, 11, 2, 8, 14]);
  });

  it('operators, calls, for expressions and heredocs', () => {
    const text = 'x = f(a, b...) + -c\ny = [for v in l : v if v]\nz = <<EOT\nhi ${n}\nEOT\n';
    const f = parseHCL(text, 't.tf');
    assert.deepEqual(f.diagnostics, []);
    const x = attr(f.body, 'x').expr;
    assert.equal(x.kind, 'BinaryOp');
    if (x.kind !== 'BinaryOp') return;
    assert.deepEqual(at(x.operatorRange), [1, 16, 15, 1, 17, 16]);
    assert.equal(x.left.kind, 'FunctionCall');
    if (x.left.kind === 'FunctionCall') {
      assert.deepEqual(at(x.left.nameRange), [1, 5, 4, 1, 6, 5]);
      assert.deepEqual(at(x.left.closeParenRange), [1, 14, 13, 1, 15, 14]);
      assert.equal(x.left.expandFinal, true);
    }
    assert.deepEqual(at(x.right.range), [1, 18, 17, 1, 20, 19]);
    assert.deepEqual(at(attr(f.body, 'y').expr.range), [2, 5, 24, 2, 26, 45]);
    const z = attr(f.body, 'z').expr as TemplateExpr;
    assert.deepEqual(at(z.range), [3, 5, 50, 5, 4, 67]);
    assert.deepEqual(at(z.parts[0]!.range), [4, 1, 56, 4, 4, 59]);
  });

  it('comments', () => {
    const f = parseHCL('# one\na = 1 // two\n/* three */', 't.tf');
    assert.deepEqual(
      f.comments.map((c) => [c.text, c.style, ...at(c.range)]),
      [
        ['# one', 'hash', 1, 1, 0, 1, 6, 5],
        ['// two', 'slash', 2, 7, 12, 2, 13, 18],
        ['/* three */', 'block', 3, 1, 19, 3, 12, 30],
      ],
    );
  });

  it('diagnostics point at the offending token', () => {
    const f = parseHCL('a = 1\nb = = 2\nc {\n', 't.tf');
    assert.deepEqual(
      f.diagnostics.map((d) => [d.message, ...at(d.range)]),
      [
        ['Invalid expression', 2, 5, 10, 2, 6, 11],
        ['Unclosed configuration block', 3, 3, 16, 3, 4, 17],
      ],
    );
  });

  it('standalone expressions', () => {
    const e = parseExpression('  [1, var.x]  ');
    assert.deepEqual(e.diagnostics, []);
    assert.deepEqual(at(e.expr.range), [1, 3, 2, 1, 13, 12]);
  });
});

describe('ranges: JSON syntax', () => {
  const text = `{
  "resource": {
    "docker_container": {
      "db": {
        "name": "pg-\${var.env}",
        "cmd": "a\\n\${upper(var.x)}"
      }
    }
  }
}`;
  const file = parseHCLJSON(text, 'main.tf.json');
  const block = file.body.blocks[0]!;

  it('labels and attributes point into the JSON text', () => {
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual(at(block.typeRange), [2, 3, 4, 2, 13, 14]);
    assert.deepEqual(
      block.labels.map((l) => at(l.range)),
      [
        [3, 5, 22, 3, 23, 40],
        [4, 7, 50, 4, 11, 54],
      ],
    );
    const name = attr(block.body, 'name');
    assert.deepEqual(at(name.nameRange), [5, 9, 66, 5, 15, 72]);
    assert.deepEqual(at(name.expr.range), [5, 17, 74, 5, 32, 89]);
  });

  it('interpolations inside JSON strings have exact ranges, also after escapes', () => {
    const name = attr(block.body, 'name').expr as TemplateExpr;
    const interp = name.parts[1]!;
    assert.equal(interp.kind, 'TemplateInterpolation');
    if (interp.kind === 'TemplateInterpolation') {
      assert.equal(text.slice(interp.expr.range.start.offset, interp.expr.range.end.offset), 'var.env');
    }
    const cmd = attr(block.body, 'cmd').expr as TemplateExpr;
    assert.equal(cmd.parts[0]!.kind === 'TemplateLiteral' && cmd.parts[0]!.value, 'a\n');
    const call = cmd.parts[1]!;
    assert.equal(call.kind, 'TemplateInterpolation');
    if (call.kind === 'TemplateInterpolation') {
      assert.equal(text.slice(call.expr.range.start.offset, call.expr.range.end.offset), 'upper(var.x)');
      assert.equal(text.slice(call.range.start.offset, call.range.end.offset), '${upper(var.x)}');
      assert.equal(call.expr.range.start.line, 6);
      assert.equal(call.expr.range.start.column, 22);
    }
  });
});
