import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { commentBody, hasReason, parseDirective } from '../../src/suppress/directive.js';
import { ruleResolver } from '../../src/suppress/apply.js';
import { ALL_RULES } from '../../src/rules/index.js';

const resolve = ruleResolver(ALL_RULES);
const parse = (text: string) => parseDirective(text, resolve);

describe('pgwarden-ignore directive', () => {
  it('is found in every comment syntax: YAML/Dockerfile/conf/HCL #, HCL //, HCL /* */', () => {
    for (const text of [
      '# pgwarden-ignore PGW201: reason',
      'pgwarden-ignore PGW201: reason', // YAML and conf adapters hand over the text without `#`
      '## pgwarden-ignore PGW201: reason',
      '// pgwarden-ignore PGW201: reason',
      '/* pgwarden-ignore PGW201: reason */',
      '/*\n  pgwarden-ignore PGW201:\n  reason\n*/',
    ]) {
      const d = parse(text);
      assert.ok(d, text);
      assert.deepEqual(d.ids, ['PGW201'], text);
      assert.equal(d.reason, 'reason', text);
      assert.equal(d.error, undefined, text);
      assert.equal(d.scope, 'line');
    }
  });

  it('is not a directive when the keyword is not first', () => {
    assert.equal(parse('# see pgwarden-ignore PGW201: x'), undefined);
    assert.equal(parse('# pgwarden-ignored PGW201: x'), undefined);
    assert.equal(parse('# just a comment'), undefined);
  });

  it('takes several ids (commas, spaces), slugs, any case, and an expiry date', () => {
    const d = parse('# pgwarden-ignore PGW201, pgw204 no-healthcheck until=2027-03-31: local only');
    assert.ok(d);
    assert.deepEqual(d.ids, ['PGW201', 'PGW204', 'PGW311']);
    assert.equal(d.until, '2027-03-31');
    assert.equal(d.reason, 'local only');
    assert.equal(d.error, undefined);
  });

  it('the reason may follow " -- " (ESLint habit) and may contain colons', () => {
    assert.equal(parse('# pgwarden-ignore PGW201 -- behind the VPN')?.reason, 'behind the VPN');
    assert.equal(parse('# pgwarden-ignore PGW201: ticket: OPS-12')?.reason, 'ticket: OPS-12');
  });

  it('file scope: pgwarden-ignore-file', () => {
    const d = parse('# pgwarden-ignore-file PGW507: pooled by pgbouncer');
    assert.equal(d?.scope, 'file');
    assert.deepEqual(d?.ids, ['PGW507']);
  });

  it('a missing reason is empty (the suppress stage reports it); a reason needs a letter or digit', () => {
    assert.equal(parse('# pgwarden-ignore PGW201')?.reason, '');
    assert.equal(parse('# pgwarden-ignore PGW201:')?.reason, '');
    assert.equal(hasReason(''), false);
    assert.equal(hasReason(' - '), false);
    assert.equal(hasReason('開発環境のみ'), true);
  });

  it('unknown ids are listed; malformed directives say why', () => {
    assert.deepEqual(parse('# pgwarden-ignore PGW201, PGW999: x')?.unknown, ['PGW999']);
    assert.match(parse('# pgwarden-ignore: x')?.error ?? '', /names no rule/);
    assert.match(parse('# pgwarden-ignore PGW201 until=2027-02-30: x')?.error ?? '', /not a date/);
    assert.match(parse('# pgwarden-ignore PGW201 until=soon: x')?.error ?? '', /not a date/);
    assert.match(parse('# pgwarden-ignore PGW201 because dev')?.error ?? '', /expected ": reason"/);
  });

  it('commentBody strips each syntax', () => {
    assert.equal(commentBody('#  a  b '), 'a b');
    assert.equal(commentBody('// a'), 'a');
    assert.equal(commentBody('/* a */'), 'a');
  });
});
