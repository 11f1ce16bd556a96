import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../src/rules/index.js';
import { renderRuleDoc } from '../../src/report/rule-docs.js';
import { repoRoot } from '../helpers.js';

/** Rules whose judgement needs a configured list; they are tested with options in their own tests. */
const NEEDS_CONFIG = new Set(['PGW404', 'PGW405']);
/** Rules fed by another rule or by the run itself rather than by a format's input. */
const NO_OWN_EXAMPLES = new Set<string>([]);

describe('rule metadata', () => {
  it('ids and slugs are unique and well-formed', () => {
    const ids = ALL_RULES.map((r) => r.id);
    const slugs = ALL_RULES.map((r) => r.slug);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(slugs).size, slugs.length);
    for (const r of ALL_RULES) {
      assert.match(r.id, /^PGW\d{3}$/);
      assert.match(r.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('each rule lives in src/rules/<category>/<slug>.ts', () => {
    for (const r of ALL_RULES) {
      assert.ok(
        existsSync(join(repoRoot, 'src', 'rules', r.category, `${r.slug}.ts`)),
        `${r.id}: no src/rules/${r.category}/${r.slug}.ts`,
      );
    }
  });

  it('every rule has examples, rationale, remediation and a guideline section', () => {
    for (const r of ALL_RULES) {
      assert.ok(r.rationale.length > 40, `${r.id} rationale`);
      assert.ok(r.remediation.length > 10, `${r.id} remediation`);
      assert.ok(r.guideline.length > 5, `${r.id} guideline`);
      if (NEEDS_CONFIG.has(r.id) || NO_OWN_EXAMPLES.has(r.id)) continue;
      const formats = Object.values(r.examples).filter(Boolean);
      assert.ok(formats.length > 0, `${r.id} has no examples`);
      for (const ex of formats) assert.ok(ex.bad.length && ex.good.length, `${r.id} needs bad and good examples`);
    }
  });

  it('every message placeholder is filled by name only', () => {
    for (const r of ALL_RULES) for (const m of Object.values<string>(r.messages)) assert.doesNotMatch(m, /\{\s|\s\}/);
  });

  it('rule docs are generated and fresh', () => {
    for (const r of ALL_RULES) {
      const path = join(repoRoot, 'docs', 'rules', `${r.id}.md`);
      assert.ok(existsSync(path), `missing ${path}`);
      assert.equal(readFileSync(path, 'utf8'), renderRuleDoc(r), `${r.id}.md is stale: run npm run gen`);
    }
    const docs = readdirSync(join(repoRoot, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
    assert.equal(docs.length, ALL_RULES.length, 'a doc without a rule');
  });

  it("severities are the catalogue's levels", () => {
    for (const r of ALL_RULES) {
      for (const s of Object.values(r.severity))
        assert.ok(['critical', 'high', 'medium', 'low', 'info', 'off'].includes(s), `${r.id}: ${s}`);
    }
  });
});
