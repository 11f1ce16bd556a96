import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_JSON_DEPTH,
  member,
  parseJsonWithRanges,
  toPlain,
  type JsonNode,
} from '../../src/parsers/json/json-with-ranges.js';

function walk(node: JsonNode, visit: (n: JsonNode) => void): void {
  visit(node);
  if (node.kind === 'object') for (const e of node.entries) walk(e.value, visit);
  if (node.kind === 'array') for (const i of node.items) walk(i, visit);
}

describe('JSON parser with ranges', () => {
  it('keeps the exact range and path of every value and key', () => {
    const text = '[\n  {"Name": "/db", "HostConfig": {"PortBindings": {"5432/tcp": [{"HostIp": ""}]}}}\n]';
    const { value, error } = parseJsonWithRanges(text);
    assert.equal(error, undefined);
    const first = value?.kind === 'array' ? value.items[0] : undefined;
    const name = member(first, 'Name');
    assert.equal(name?.kind, 'string');
    assert.equal(text.slice(name?.start, name?.end), '"/db"');
    assert.equal(name?.path, '[0].Name');
    const ip = member(member(member(member(first, 'HostConfig'), 'PortBindings'), '5432/tcp'), 'x');
    assert.equal(ip, undefined);
    const bindings = member(member(member(first, 'HostConfig'), 'PortBindings'), '5432/tcp');
    const hostIp = bindings?.kind === 'array' ? member(bindings.items[0], 'HostIp') : undefined;
    assert.equal(hostIp?.path, '[0].HostConfig.PortBindings["5432/tcp"][0].HostIp');
    assert.equal(text.slice(hostIp?.start, hostIp?.end), '""');
  });

  it('decodes escapes and says when a string has them', () => {
    const { value } = parseJsonWithRanges('["a\\"b\\u00e9\\n", "plain"]');
    assert.equal(value?.kind, 'array');
    if (value?.kind !== 'array') return;
    const [escaped, plain] = value.items;
    assert.deepEqual(escaped?.kind === 'string' && [escaped.value, escaped.plain], ['a"bé\n', false]);
    assert.deepEqual(plain?.kind === 'string' && [plain.value, plain.plain], ['plain', true]);
  });

  it('reports the first syntax error with its offset', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['{"a": 1,}', 8, /expected a key string/],
      ['[1 2]', 3, /expected "," or "\]"/],
      ['{"a" 1}', 5, /expected ":" after key "a"/],
      ['"open', 0, /unterminated string/],
      ['[tru]', 1, /expected a JSON value/],
      ['{"a": 01}', 7, /after the JSON value|expected "," or "}"/],
      ['[1] x', 4, /after the JSON value/],
      ['', 0, /expected a JSON value, found end of input/],
      ['"\u0001"', 1, /control character/],
    ];
    for (const [text, offset, message] of cases) {
      const { error } = parseJsonWithRanges(text);
      assert.ok(error, text);
      assert.equal(error.offset, offset, text);
      assert.match(error.message, message, text);
    }
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 5) + ']'.repeat(MAX_JSON_DEPTH + 5);
    assert.match(parseJsonWithRanges(deep).error?.message ?? '', /nesting deeper than/);
    const deeper = '['.repeat(100_000);
    assert.ok(parseJsonWithRanges(deeper).error);
  });

  it('agrees with JSON.parse on any JSON value, and every range re-reads its value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        const parsed = parseJsonWithRanges(text);
        assert.equal(parsed.error, undefined);
        assert.ok(parsed.value);
        assert.deepEqual(toPlain(parsed.value), JSON.parse(text));
        walk(parsed.value, (n) => {
          assert.deepEqual(JSON.parse(text.slice(n.start, n.end)), toPlain(n));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseJsonWithRanges(s);
        assert.ok(r.value !== undefined || r.error !== undefined);
      }),
      { numRuns: 500 },
    );
  });
});
