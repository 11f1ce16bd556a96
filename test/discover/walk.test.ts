import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { discover, MAX_FILE_BYTES, nodeFs, type DiscoverFs } from '../../src/discover/walk.js';
import { scan } from '../../src/core/scan.js';
import { removeTree, renderAll, tempTree, TODAY, where } from '../scan-helpers.js';

const GOOD_COMPOSE = 'services:\n  db:\n    image: postgres\n    ports:\n      - "5432:5432"\n';

/** The good file beside the broken ones: still scanned, still reported. */
function assertGoodFileReported(findings: Awaited<ReturnType<typeof scan>>): void {
  assert.deepEqual(where(findings, 'PGW401'), ['ok/compose.yaml:3:12']);
  assert.deepEqual(where(findings, 'PGW201'), ['ok/compose.yaml:5:9']);
}

/** The skipped-file note of one file. */
function note(problems: Array<{ file: string; kind: string; message: string }>, file: string): string | undefined {
  const p = problems.find((x) => x.file === file && x.kind === 'skipped');
  return p?.message;
}

describe('discover: files that cannot be scanned become skipped-file notes, the rest is scanned', () => {
  let root = '';
  before(async () => {
    root = await tempTree({
      'ok/compose.yaml': GOOD_COMPOSE,
      'bin/compose.yaml': Buffer.from([0x73, 0x65, 0x72, 0x00, 0x01, 0x02, 0x76]),
      'empty/docker-compose.yml': '',
      'blank/compose.yaml': '  \n\n',
      'node_modules/pkg/compose.yaml': GOOD_COMPOSE,
    });
    await mkdir(join(root, 'links'));
    await symlink('..', join(root, 'links', 'up'));
    await symlink('b.yml', join(root, 'links', 'a.yml'));
    await symlink('a.yml', join(root, 'links', 'b.yml'));
    await symlink('missing-target.yaml', join(root, 'links', 'compose.yaml'));
  });
  after(() => removeTree(root));

  it('a binary file named like a compose file is skipped as binary', async () => {
    const d = await discover([root]);
    assert.equal(note(d.problems, 'bin/compose.yaml'), 'skipped: binary file (contains NUL bytes)');
    assert.ok(!d.files.some((f) => f.file.rel === 'bin/compose.yaml'));
  });

  it('an empty or blank compose file is skipped as empty', async () => {
    const d = await discover([root]);
    assert.equal(note(d.problems, 'empty/docker-compose.yml'), 'skipped: empty file');
    assert.equal(note(d.problems, 'blank/compose.yaml'), 'skipped: empty file');
  });

  it('a directory symlink to its parent is walked once and noted as a loop', async () => {
    const d = await discover([root]);
    assert.equal(note(d.problems, 'links/up'), 'skipped: directory already scanned (symbolic link loop)');
    assert.equal(d.files.filter((f) => f.file.text === GOOD_COMPOSE).length, 1, 'ok/compose.yaml read once');
  });

  it('two file symlinks pointing at each other are a symlink loop', async () => {
    const d = await discover([root]);
    assert.equal(note(d.problems, 'links/a.yml'), 'skipped: a symbolic link loop (the link resolves to itself)');
    assert.equal(note(d.problems, 'links/b.yml'), 'skipped: a symbolic link loop (the link resolves to itself)');
  });

  it('a broken symlink is noted as broken', async () => {
    const d = await discover([root]);
    assert.equal(note(d.problems, 'links/compose.yaml'), 'skipped: a broken symbolic link (its target does not exist)');
  });

  it('node_modules is not walked', async () => {
    const d = await discover([root]);
    assert.ok(!d.files.some((f) => f.file.rel.startsWith('node_modules/')));
  });

  it('the whole scan goes on: the good file is reported and the notes reach every output', async () => {
    const result = await scan({ paths: [root], today: TODAY, envPolicy: { forced: 'prod' } });
    assertGoodFileReported(result);
    assert.deepEqual(
      result.model.inputs.map((i) => i.file),
      ['ok/compose.yaml'],
    );
    const { text, json, sarif } = renderAll(result);
    assert.match(text, /Skipped\n(?:.*\n)* {2}bin\/compose\.yaml: binary file \(contains NUL bytes\)/);
    const errors = (JSON.parse(json) as { errors: Array<{ file: string; kind: string }> }).errors;
    assert.ok(errors.some((e) => e.file === 'links/a.yml' && e.kind === 'skipped'));
    const notes = (
      JSON.parse(sarif) as {
        runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }> }>;
      }
    ).runs[0]?.invocations[0]?.toolExecutionNotifications.map((n) => n.message.text);
    assert.ok(notes?.includes('empty/docker-compose.yml: skipped: empty file'), String(notes));
  });
});

describe('discover: a file over the size limit', () => {
  let root = '';
  const size = 50 * 1024 * 1024;
  before(async () => {
    const head = 'services:\n  db:\n    image: postgres\n    ports:\n      - "5432:5432"\n';
    const big = Buffer.alloc(size, 0x20);
    big.write(head, 0, 'utf8');
    big.write('\n', size - 1, 'utf8');
    root = await tempTree({ 'ok/compose.yaml': GOOD_COMPOSE, 'big/compose.yaml': big });
  });
  after(() => removeTree(root));

  it('is skipped with its size and the limit, without being read', async () => {
    const reads: string[] = [];
    const fs: Partial<DiscoverFs> = {
      readFile: (path) => {
        reads.push(path);
        return nodeFs.readFile(path);
      },
    };
    const result = await scan({ paths: [root], today: TODAY, fs });
    assert.ok(size > MAX_FILE_BYTES);
    assert.deepEqual(
      result.model.problems.map((p) => `${p.file} ${p.kind}: ${p.message}`),
      ['big/compose.yaml skipped: skipped: file is 50.0 MB, over the 10 MB limit'],
    );
    assert.ok(!reads.some((p) => p.endsWith(join('big', 'compose.yaml'))), `read: ${reads.join(', ')}`);
    assert.ok(reads.some((p) => p.endsWith(join('ok', 'compose.yaml'))));
    assertGoodFileReported(result);
  });
});

describe('discover: a directory that cannot be read', () => {
  let root = '';
  before(async () => {
    root = await tempTree({ 'ok/compose.yaml': GOOD_COMPOSE, 'locked/compose.yaml': GOOD_COMPOSE });
  });
  after(() => removeTree(root));

  // The tests run as root, where chmod 000 does not deny: the file system call is made to fail instead.
  const denyLocked: Partial<DiscoverFs> = {
    readdir: (path) => {
      if (path.endsWith('locked')) {
        const error = Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
        return Promise.reject(error);
      }
      return nodeFs.readdir(path);
    },
  };

  it('is noted as permission denied and the walk goes on', async () => {
    const d = await discover([root], { fs: denyLocked });
    assert.deepEqual(
      d.problems.map((p) => `${p.file} ${p.kind}: ${p.message}`),
      ['locked skipped: skipped directory: permission denied'],
    );
    assert.deepEqual(
      d.files.map((f) => f.file.rel),
      ['ok/compose.yaml'],
    );
  });

  it('a file that cannot be read is noted with the reason', async () => {
    const fs: Partial<DiscoverFs> = {
      readFile: (path) =>
        path.endsWith(join('locked', 'compose.yaml'))
          ? Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }))
          : nodeFs.readFile(path),
    };
    const d = await discover([root], { fs });
    assert.deepEqual(
      d.problems.map((p) => `${p.file}: ${p.message}`),
      ['locked/compose.yaml: skipped: EIO: i/o error'],
    );
  });

  it('scan() takes the same option, and still reports the readable file', async () => {
    const result = await scan({ paths: [root], today: TODAY, fs: denyLocked, envPolicy: { forced: 'prod' } });
    assertGoodFileReported(result);
    assert.equal(result.model.problems[0]?.message, 'skipped directory: permission denied');
  });
});

describe('discover: explicit paths', () => {
  let root = '';
  before(async () => {
    root = await tempTree({ 'a/compose.yaml': GOOD_COMPOSE, 'b/Dockerfile': 'FROM postgres:16.10\n' });
    await writeFile(join(root, 'notes.txt'), 'not an input');
  });
  after(() => removeTree(root));

  it('paths are relative to the common root of what was given', async () => {
    const d = await discover([join(root, 'a', 'compose.yaml'), join(root, 'b')]);
    assert.equal(d.root, root);
    assert.deepEqual(
      d.files.map((f) => `${f.file.rel}=${f.kind}`),
      ['a/compose.yaml=compose', 'b/Dockerfile=dockerfile'],
    );
  });
});

describe('discover: files that inputs refer to', () => {
  let root = '';
  before(async () => {
    root = await tempTree({
      'compose.yaml': [
        'services:',
        '  db:',
        '    extends:',
        '      file: common.yml',
        '      service: pg',
        '    image: postgres:16.10',
        '    env_file: ./db.env',
        '    volumes:',
        '      - ./postgresql.conf:/etc/postgresql/postgresql.conf:ro',
        '',
      ].join('\n'),
      'common.yml': 'services:\n  pg:\n    user: "999"\n',
      'db.env': 'POSTGRES_PASSWORD=Disk-Env-File-4471\n',
      'postgresql.conf': "ssl = on\ninclude 'tuning.conf'\n",
      'tuning.conf': "work_mem = '8MB'\npassword_encryption = md5\n",
      'README.md': 'docs\n',
    });
  });
  after(() => removeTree(root));

  it('an env_file, an extends file and an included .conf are read although no input of their own', async () => {
    const result = await scan({ paths: [root], today: TODAY, envPolicy: { forced: 'prod' } });
    assert.deepEqual(
      result.model.inputs.map((i) => `${i.file}=${i.format}`),
      ['compose.yaml=compose', 'postgresql.conf=pg-conf'],
    );
    const db = result.model.deployments.find((d) => d.name === 'db');
    assert.equal(db?.user?.value, '999', 'from common.yml');
    assert.deepEqual(where(result, 'PGW101'), ['db.env:1:19']);
    assert.deepEqual(where(result, 'PGW505'), ['tuning.conf:2:23']);
    assert.deepEqual(result.model.problems, []);
    assert.equal(result.scannedCount, 2);
  });
});
