import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeSourceFile } from '../../src/core/source.js';
import { coveredRange, isCommentOnlyLine } from '../../src/suppress/block-range.js';

const file = (name: string, text: string) => makeSourceFile(name, `/virtual/${name}`, text);

describe('what a directive covers (block ranges per format)', () => {
  it('YAML: a key with nested lines, a sequence item, a plain line, a multi-line scalar', () => {
    const f = file(
      'compose.yaml',
      [
        'services:', // 1
        '  db:', // 2
        '    image: postgres:16.10', // 3
        '    ports:', // 4
        '      - "5432:5432"', // 5
        '      - target: 5432', // 6
        '        published: 5433', // 7
        '    command: >', // 8
        '      postgres', // 9
        '      -c ssl=on', // 10
        '  other:', // 11
        '    image: redis', // 12
        '',
      ].join('\n'),
    );
    assert.deepEqual(coveredRange(f, 'compose', 1), { start: 1, end: 12 });
    assert.deepEqual(coveredRange(f, 'compose', 2), { start: 2, end: 10 });
    assert.deepEqual(coveredRange(f, 'compose', 3), { start: 3, end: 3 });
    assert.deepEqual(coveredRange(f, 'compose', 4), { start: 4, end: 7 });
    assert.deepEqual(coveredRange(f, 'compose', 5), { start: 5, end: 5 });
    assert.deepEqual(coveredRange(f, 'compose', 6), { start: 6, end: 7 });
    assert.deepEqual(coveredRange(f, 'compose', 8), { start: 8, end: 10 });
    assert.deepEqual(coveredRange(f, 'compose', 11), { start: 11, end: 12 });
  });

  it('YAML that does not parse: each line stands alone', () => {
    const f = file('compose.yaml', 'services:\n  db: [\n    image: x\n');
    assert.deepEqual(coveredRange(f, 'compose', 2), { start: 2, end: 2 });
  });

  it('Dockerfile: FROM covers its stage; an instruction covers its continuation lines', () => {
    const f = file(
      'Dockerfile',
      ['FROM alpine AS build', 'RUN apk add \\', '    curl \\', '    jq', 'FROM postgres:16', 'USER postgres', ''].join(
        '\n',
      ),
    );
    assert.deepEqual(coveredRange(f, 'docker', 1), { start: 1, end: 4 });
    assert.deepEqual(coveredRange(f, 'docker', 2), { start: 2, end: 4 });
    assert.deepEqual(coveredRange(f, 'docker', 5), { start: 5, end: 7 });
    assert.deepEqual(coveredRange(f, 'docker', 6), { start: 6, end: 6 });
  });

  it('PostgreSQL config files: the line and its continuations', () => {
    const f = file('pg_hba.conf', 'host all all \\\n  10.0.0.0/8 scram-sha-256\nlocal all all peer\n');
    assert.deepEqual(coveredRange(f, 'conf', 1), { start: 1, end: 2 });
    assert.deepEqual(coveredRange(f, 'conf', 3), { start: 3, end: 3 });
  });

  it('comment-only lines per syntax', () => {
    const tf = file('main.tf', '# a\n// b\n/* c */\nx = 1 # d\n');
    assert.deepEqual(
      [1, 2, 3, 4].map((l) => isCommentOnlyLine(tf, 'tf', l)),
      [true, true, true, false],
    );
    const yaml = file('compose.yaml', '# a\n// b\n');
    assert.deepEqual(
      [1, 2].map((l) => isCommentOnlyLine(yaml, 'compose', l)),
      [true, false],
    );
  });
});
