/** Client address classes for pg_hba lines and bind addresses. */
export type AddressClass = 'any' | 'loopback' | 'private' | 'public' | 'hostname' | 'samenet' | 'unknown';

interface Cidr {
  bits: bigint;
  prefix: number;
  width: 32 | 128;
}

export function parseCidr(address: string, mask?: string): Cidr | undefined {
  const [ip, prefixText] = address.split('/');
  if (!ip) return undefined;
  const v4 = parseIPv4(ip);
  const width = v4 !== undefined ? 32 : 128;
  const bits = v4 ?? parseIPv6(ip);
  if (bits === undefined) return undefined;
  let prefix = width;
  if (prefixText !== undefined) prefix = Number(prefixText);
  else if (mask) {
    const p = maskPrefix(mask, width);
    if (p === undefined) return undefined;
    prefix = p;
  }
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return undefined;
  return { bits, prefix, width };
}

/**
 * The prefix length of a netmask in pg_hba's `address mask` form (`255.255.0.0` → 16, `0.0.0.0` → 0); undefined
 * when it is not a mask of that address family or its one-bits are not contiguous (PostgreSQL: "invalid IP mask").
 */
export function maskPrefix(mask: string, width: 32 | 128): number | undefined {
  const m = width === 32 ? parseIPv4(mask) : parseIPv6(mask);
  if (m === undefined) return undefined;
  const prefix = m === 0n ? 0 : m.toString(2).replace(/0+$/, '').length;
  const full = (1n << BigInt(width)) - 1n;
  const expected = prefix === 0 ? 0n : (full << BigInt(width - prefix)) & full;
  return m === expected ? prefix : undefined;
}

/** The address family width of an IP address (no prefix), or undefined when it is not an IP address. */
export function addressWidth(ip: string): 32 | 128 | undefined {
  return parseIPv4(ip) !== undefined ? 32 : parseIPv6(ip) !== undefined ? 128 : undefined;
}

function parseIPv4(ip: string): bigint | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out = (out << 8n) | BigInt(Number(p));
  }
  return out;
}

function parseIPv6(ip: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(ip) || !ip.includes(':')) return undefined;
  const [head = '', tail] = ip.split('::');
  if (ip.split('::').length > 2) return undefined;
  const toGroups = (s: string) => (s ? s.split(':') : []);
  const h = toGroups(head);
  const t = tail === undefined ? [] : toGroups(tail);
  const missing = 8 - h.length - t.length;
  if ((tail === undefined && missing !== 0) || missing < 0) return undefined;
  let out = 0n;
  for (const g of [...h, ...Array(tail === undefined ? 0 : missing).fill('0'), ...t]) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    out = (out << 16n) | BigInt(parseInt(g, 16));
  }
  return out;
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.width !== inner.width) return outer.prefix === 0 && inner.prefix === 0 ? false : false;
  if (outer.prefix > inner.prefix) return false;
  const shift = BigInt(outer.width - outer.prefix);
  return outer.bits >> shift === inner.bits >> shift;
}

export function classifyAddress(address: string | undefined, mask?: string): AddressClass {
  if (address === undefined) return 'unknown';
  const a = address.toLowerCase();
  if (a === 'all') return 'any';
  if (a === 'samehost' || a === 'localhost') return 'loopback';
  if (a === 'samenet') return 'samenet';
  const c = parseCidr(a, mask);
  if (!c) return /^[a-z0-9.-]+$/.test(a) ? 'hostname' : 'unknown';
  if (c.prefix === 0) return 'any';
  if (c.width === 32) {
    const top = Number(c.bits >> 24n);
    if (top === 127) return 'loopback';
    const second = Number((c.bits >> 16n) & 0xffn);
    if (top === 10 || (top === 172 && second >= 16 && second <= 31) || (top === 192 && second === 168))
      return 'private';
    if (c.prefix < 8) return 'public';
    return 'public';
  }
  if (c.bits === 1n && c.prefix === 128) return 'loopback';
  if (c.bits >> 121n === 0x7en) return 'private'; // fc00::/7
  return 'public';
}

/** A bind address that listens beyond the host's loopback. */
export function isAllInterfaces(ip: string | undefined): boolean {
  if (ip === undefined || ip === '' || ip === '*') return true;
  const bare = ip
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.)/, '');
  // every spelling of the unspecified address: 0.0.0.0, ::, ::0, 0:0:0:0:0:0:0:0, ::ffff:0.0.0.0
  const parsed = parseCidr(bare);
  return parsed !== undefined && parsed.bits === 0n;
}

export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  const v = ip.replace(/^\[|\]$/g, '');
  return v === 'localhost' || v === '::1' || /^127\./.test(v);
}

/** Whether address `inner` is inside one of the trusted CIDRs. */
export function insideAny(inner: string, trusted: string[]): boolean {
  const c = parseCidr(inner);
  if (!c) return false;
  return trusted.some((t) => {
    const o = parseCidr(t);
    return !!o && cidrContains(o, c);
  });
}
