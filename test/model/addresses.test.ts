import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addressWidth,
  cidrContains,
  classifyAddress,
  insideAny,
  isAllInterfaces,
  isLoopback,
  maskPrefix,
  parseCidr,
} from '../../src/model/addresses.js';

describe('addresses', () => {
  it('parseCidr: IPv4 and IPv6, with prefix, bare address or mask', () => {
    assert.deepEqual(parseCidr('10.0.0.0/8'), { bits: 0x0a000000n, prefix: 8, width: 32 });
    assert.deepEqual(parseCidr('192.168.1.7'), { bits: 0xc0a80107n, prefix: 32, width: 32 });
    assert.deepEqual(parseCidr('::1'), { bits: 1n, prefix: 128, width: 128 });
    assert.deepEqual(parseCidr('fe80::/10'), { bits: 0xfe80n << 112n, prefix: 10, width: 128 });
    assert.deepEqual(parseCidr('2001:db8::1:0:0:1/64')?.prefix, 64);
    assert.deepEqual(parseCidr('192.168.0.0', '255.255.0.0'), { bits: 0xc0a80000n, prefix: 16, width: 32 });
    assert.equal(parseCidr('0.0.0.0', '0.0.0.0')?.prefix, 0);
    for (const bad of ['10.0.0.0/33', '256.1.1.1', '1.2.3', '::1::2', 'gggg::1', 'db.example', '10.0.0.0/x']) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
    assert.equal(parseCidr('10.0.0.0', '255.0.255.0'), undefined, 'non-contiguous mask');
  });

  it('maskPrefix: contiguous masks of the same family only', () => {
    const table: Array<[string, 32 | 128, number | undefined]> = [
      ['255.255.255.255', 32, 32],
      ['255.255.255.0', 32, 24],
      ['255.255.0.0', 32, 16],
      ['255.128.0.0', 32, 9],
      ['0.0.0.0', 32, 0],
      ['255.0.255.0', 32, undefined],
      ['0.255.255.255', 32, undefined],
      ['ffff:ffff::', 128, 32],
      ['::', 128, 0],
      ['ffff::', 32, undefined],
      ['255.255.0.0', 128, undefined],
    ];
    for (const [mask, width, prefix] of table) assert.equal(maskPrefix(mask, width), prefix, `${mask}/${width}`);
    assert.equal(addressWidth('10.1.2.3'), 32);
    assert.equal(addressWidth('fd00::1'), 128);
    assert.equal(addressWidth('samenet'), undefined);
  });

  it('cidrContains: same family, wider or equal prefix', () => {
    const c = (s: string) => parseCidr(s)!;
    assert.equal(cidrContains(c('10.0.0.0/8'), c('10.20.0.0/16')), true);
    assert.equal(cidrContains(c('10.20.0.0/16'), c('10.0.0.0/8')), false);
    assert.equal(cidrContains(c('0.0.0.0/0'), c('192.168.1.1')), true);
    assert.equal(cidrContains(c('0.0.0.0/0'), c('::1')), false);
    assert.equal(cidrContains(c('::/0'), c('fd00::/8')), true);
    assert.equal(cidrContains(c('10.0.0.0/8'), c('11.0.0.0/8')), false);
  });

  it('classifyAddress', () => {
    const table: Array<[string | undefined, string]> = [
      ['all', 'any'],
      ['0.0.0.0/0', 'any'],
      ['::/0', 'any'],
      ['::0/0', 'any'],
      ['127.0.0.1/32', 'loopback'],
      ['::1/128', 'loopback'],
      ['samehost', 'loopback'],
      ['localhost', 'loopback'],
      ['samenet', 'samenet'],
      ['10.1.0.0/16', 'private'],
      ['172.16.0.0/12', 'private'],
      ['172.32.0.0/16', 'public'],
      ['192.168.1.0/24', 'private'],
      ['fd00::/8', 'private'],
      ['8.8.8.8/32', 'public'],
      ['db.internal', 'hostname'],
      ['.example.com', 'hostname'],
      [undefined, 'unknown'],
    ];
    for (const [address, cls] of table) assert.equal(classifyAddress(address), cls, String(address));
  });

  it('bind addresses: every interface, loopback, trusted lists', () => {
    for (const ip of [undefined, '', '0.0.0.0', '::', '[::]', '*']) assert.equal(isAllInterfaces(ip), true, String(ip));
    for (const ip of ['127.0.0.1', '10.0.0.5', '::1']) assert.equal(isAllInterfaces(ip), false, ip);
    for (const ip of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) assert.equal(isLoopback(ip), true, ip);
    for (const ip of [undefined, '0.0.0.0', '10.0.0.5', '::']) assert.equal(isLoopback(ip), false, String(ip));
    assert.equal(insideAny('10.20.3.4', ['10.20.0.0/16']), true);
    assert.equal(insideAny('10.21.3.4', ['10.20.0.0/16', '192.168.0.0/16']), false);
    assert.equal(insideAny('not-an-ip', ['0.0.0.0/0']), false);
  });
});
