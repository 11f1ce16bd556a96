import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { interpolate } from '../../src/evaluate/compose/interpolate.js';
import { parseDotenv } from '../../src/parsers/compose/dotenv.js';
import { makeSourceFile } from '../../src/core/source.js';
import { deploymentNamed, scanVirtual, span, tracked, where } from '../scan-helpers.js';

const DOTENV = [
  'SET=value',
  'EMPTY=',
  'export EXPORTED=yes',
  'DQ="double # not a comment"',
  "SQ='single $X'",
  'UNQ=plain # a comment',
  'DQC="quoted" # a comment after the quote',
  '# COMMENTED=no',
  '  SPACED = around  ',
  'HASH=abc#def',
  'ESC="a\\nb\\"c\\\\d"',
  "SQESC='a\\nb'",
  '',
].join('\n');
const envFile = makeSourceFile('.env', '/virtual/.env', DOTENV);
const env = parseDotenv(envFile);

describe('.env parsing', () => {
  const table: Array<[string, string | undefined, string]> = [
    ['SET', 'value', '.env:1:5-1:10'],
    ['EMPTY', '', '.env:2:7-2:7'],
    ['EXPORTED', 'yes', '.env:3:17-3:20'],
    ['DQ', 'double # not a comment', '.env:4:5-4:27'],
    ['SQ', 'single $X', '.env:5:5-5:14'],
    ['UNQ', 'plain', '.env:6:5-6:10'],
    ['DQC', 'quoted', '.env:7:6-7:12'],
    ['COMMENTED', undefined, ''],
    ['SPACED', 'around', '.env:9:12-9:18'],
    ['HASH', 'abc#def', '.env:10:6-10:13'],
    ['ESC', 'a\nb"c\\d', '.env:11:6-11:16'],
    ['SQESC', 'a\\nb', '.env:12:8-12:12'],
  ];
  for (const [name, value, loc] of table) {
    it(`${name} → ${JSON.stringify(value)}`, () => {
      const e = env.get(name);
      assert.equal(e?.value, value);
      if (e) assert.equal(span(e.loc), loc, 'the location is the value itself');
    });
  }
});

describe('compose interpolation', () => {
  // [template, value (undefined = unknown), uses a fallback written in the file, unresolved names]
  const table: Array<[string, string | undefined, boolean, string[]]> = [
    ['$$SET', '$SET', false, []],
    ['a$$b', 'a$b', false, []],
    ['$SET', 'value', false, []],
    ['${SET}', 'value', false, []],
    ['pre-${SET}-post', 'pre-value-post', false, []],
    ['$UNSET', undefined, false, ['UNSET']],
    ['${UNSET}', undefined, false, ['UNSET']],
    // :- uses the default when unset or empty; - only when unset
    ['${SET:-d}', 'value', false, []],
    ['${EMPTY:-d}', 'd', true, []],
    ['${UNSET:-d}', 'd', true, []],
    ['${SET-d}', 'value', false, []],
    ['${EMPTY-d}', '', false, []],
    ['${UNSET-d}', 'd', true, []],
    ['${UNSET:-}', '', true, []],
    // :? and ? make the variable required; without a value the scan cannot know it
    ['${SET:?must be set}', 'value', false, []],
    ['${UNSET:?must be set}', undefined, false, ['UNSET']],
    ['${EMPTY:?must be set}', undefined, false, ['EMPTY']],
    ['${EMPTY?must be set}', '', false, []],
    ['${UNSET?must be set}', undefined, false, ['UNSET']],
    // :+ and + give the alternative when set (and non-empty)
    ['${SET:+alt}', 'alt', false, []],
    ['${EMPTY:+alt}', '', false, []],
    ['${EMPTY+alt}', 'alt', false, []],
    ['${UNSET:+alt}', '', false, []],
    // nested defaults
    ['${UNSET:-${SET}}', 'value', true, []],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep', true, []],
    ['${UNSET:-${ALSO_UNSET}}', undefined, true, ['ALSO_UNSET']],
    ['${UNSET:-a${SET}b}', 'avalueb', true, []],
  ];
  for (const [template, value, fallback, unresolved] of table) {
    it(`${template} → ${value === undefined ? 'unknown' : JSON.stringify(value)}`, () => {
      const r = interpolate(template, env);
      assert.equal(r.value, value);
      assert.equal(r.usedFallback, fallback);
      assert.deepEqual(r.unresolved, unresolved);
      assert.equal(r.error, undefined);
    });
  }

  it('records which .env lines gave values', () => {
    const r = interpolate('${SET}:${UNSET:-x}:${EXPORTED}', env);
    assert.equal(r.value, 'value:x:yes');
    assert.deepEqual(
      r.fromEnvFile.map((e) => `${e.name}@${span(e.loc)}`),
      ['SET@.env:1:5-1:10', 'EXPORTED@.env:3:17-3:20'],
    );
  });

  it('unterminated and empty references are errors, never literal text', () => {
    for (const [template, error] of [
      ['${SET', 'unterminated "${" in "${SET"'],
      ['x ${UNSET:-${SET}', 'unterminated "${" in "x ${UNSET:-${SET}"'],
      ['${}', '"${}" is not a valid variable reference'],
      ['${1X}', '"${1X}" is not a valid variable reference'],
    ]) {
      const r = interpolate(template ?? '', env);
      assert.equal(r.value, undefined, template);
      assert.equal(r.error, error);
    }
  });

  it('a lone $ that starts no name stays as written', () => {
    assert.equal(interpolate('cost: 5$', env).value, 'cost: 5$');
    assert.equal(interpolate('a $ b', env).value, 'a $ b');
  });
});

describe('interpolated values in the model', () => {
  const compose = [
    'services:',
    '  db:',
    '    image: postgres:${PG_TAG:-16.10}',
    '    environment:',
    '      POSTGRES_PASSWORD: ${DB_PASSWORD}',
    '      POSTGRES_USER: ${DB_USER:-app}',
    '      POSTGRES_DB: ${DB_NAME:?set DB_NAME}',
    '      PGDATA: $$HOME/data',
    '    ports:',
    '      - "${BIND:-127.0.0.1}:5432:5432"',
    '',
  ].join('\n');
  const dotenv = 'DB_PASSWORD="From-Dotenv-88123"\nPG_TAG=17.6\n';

  it('values from .env are derived with the .env line in via; fallbacks written here are literals', async () => {
    const result = await scanVirtual({ 'compose.yaml': compose, '.env': dotenv });
    const dep = deploymentNamed(result, 'db');
    assert.equal(tracked(dep.image?.ref), '"postgres:17.6" derived @compose.yaml:3:12-3:37');
    assert.deepEqual(
      dep.image?.ref.via?.map((v) => `${v.message}@${span(v.loc)}`),
      ['${PG_TAG} from .env@.env:2:8-2:12'],
    );
    const env = Object.fromEntries(dep.env.map((e) => [e.name, e.value]));
    assert.equal(tracked(env['POSTGRES_PASSWORD']), '"From-Dotenv-88123" derived @compose.yaml:5:26-5:40');
    assert.deepEqual(
      env['POSTGRES_PASSWORD']?.via?.map((v) => span(v.loc)),
      ['.env:1:14-1:31'],
    );
    assert.equal(tracked(env['POSTGRES_USER']), '"app" derived @compose.yaml:6:22-6:37');
    assert.equal(env['POSTGRES_USER']?.literal, true, 'a fallback written in the file can be fixed in place');
    assert.equal(tracked(env['POSTGRES_DB']), 'undefined unknown @compose.yaml:7:20-7:43');
    assert.equal(tracked(env['PGDATA']), '"$HOME/data" explicit @compose.yaml:8:15-8:26');
    assert.equal(tracked(dep.ports?.[0]?.hostIp), '"127.0.0.1" derived @compose.yaml:10:9-10:39');
    // the .env value is a committed secret; the required variable without value is not
    assert.deepEqual(where(result, 'PGW101'), ['compose.yaml:5:26']);
    assert.deepEqual(where(result, 'PGW201'), []);
  });

  it('an unset variable leaves the value unknown: could-not-verify, never a pass or an alarm', async () => {
    const result = await scanVirtual({
      'compose.yaml': 'services:\n  db:\n    image: postgres:16.10\n    ports:\n      - "${BIND}:5432:5432"\n',
    });
    assert.deepEqual(where(result, 'PGW201'), []);
    const unverified = result.findings.filter((f) => f.ruleId === 'PGW002' && /PGW201/.test(f.message));
    assert.deepEqual(
      unverified.map((f) => `${span(f.loc)} ${f.severity}`),
      ['compose.yaml:5:9-5:28 info'],
    );
    assert.match(unverified[0]?.message ?? '', /variable \$\{BIND\} has no value in the scan/);
  });
});
