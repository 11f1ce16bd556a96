import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/core/scan.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { textReporter } from '../../src/report/text.js';
import { markdownReporter } from '../../src/report/markdown.js';
import { htmlReporter } from '../../src/report/html.js';

const COMPOSE = `services:
  db:
    image: postgres:latest
    environment:
      POSTGRES_PASSWORD: "Qw8-Saffron-Delta-6120"
    ports:
      - "5432:5432"
`;
const options = { color: false, failOn: 'high' as const, toolVersion: '0.0.0', rules: ALL_RULES };

describe('human reporters', () => {
  it('text: grouped by file, code frame with the span underlined, why and fix, summary with environment', async () => {
    const result = await scan({ virtual: { 'prod/compose.yaml': COMPOSE }, today: '2026-12-03' });
    const text = textReporter(result, options);
    assert.match(text, /^prod\/compose\.yaml {2}\(environment: prod — folder "prod"\)/m);
    assert.match(text, /HIGH {5}PGW201 PostgreSQL port published on every interface {2}prod\/compose\.yaml:7:9/);
    assert.match(text, /7 \| {7}- "5432:5432"\n\s+\| {9}\^{11}/);
    assert.match(text, /why: /);
    assert.match(text, /fix: /);
    assert.match(text, /\d+ findings \(\d+ critical, \d+ high/);
    assert.ok(!text.includes('Saffron'), 'secret never printed');
    assert.match(text, /POSTGRES_PASSWORD: "\*\*\*\*"/);
    assert.ok(!text.includes('\x1b['), 'no colours unless asked');
    assert.ok(textReporter(result, { ...options, color: true }).includes('\x1b['));
  });

  it('markdown: checklist and findings table, secrets masked', async () => {
    const result = await scan({ virtual: { 'compose.yaml': COMPOSE }, today: '2026-12-03' });
    const md = markdownReporter(result, options);
    assert.match(md, /## Security checklist/);
    assert.match(md, /❌ Network access restricted to trusted sources/);
    assert.match(md, /\| high \| PGW201 /);
    assert.ok(!md.includes('Saffron'));
  });

  it('html: a standalone page with escaped content and no secret', async () => {
    const result = await scan({
      virtual: { 'compose.yaml': COMPOSE.replace('latest', 'latest # <b>x</b>') },
      today: '2026-12-03',
    });
    const html = htmlReporter(result, options);
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<span class="rule">PGW201<\/span>/);
    assert.ok(!html.includes('<b>x</b>'), 'source text is escaped');
    assert.ok(!html.includes('Saffron'));
  });
});

describe('environment from the path the user typed', () => {
  it('a scan root named prod judges its files as prod', async () => {
    const { decideEnv } = await import('../../src/discover/environment.js');
    assert.equal(decideEnv('deploy/staging/db/compose.yaml', {}).env, 'staging');
    assert.equal(decideEnv('deploy/dev/compose.yaml', { forced: 'prod' }).env, 'prod');
    assert.equal(decideEnv('compose.yaml', {}).env, 'prod');
    assert.match(decideEnv('compose.yaml', {}).reason, /fail-safe/);
  });
});
