import {BlockList, isIP} from 'node:net';

/**
 * What an address is, for a connection the service makes on someone
 * else's say-so: `public`, or the kind of place inside the operator's
 * network it would reach.
 */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'metadata'
  | 'multicast'
  | 'reserved';

type Range = [address: string, prefix: number, kind: AddressKind];

// Most specific first: the first range that holds an address names it.
const IPV4: Range[] = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack…
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT, often internal
  ['169.254.0.0', 16, 'link-local'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // and 255.255.255.255
];

const IPV6: Range[] = [
  ['fd00:ec2::254', 128, 'metadata'], // AWS over IPv6
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local, deprecated but routed by some
  ['fc00::', 7, 'private'],
  ['ff00::', 8, 'multicast'],
  ['100::', 64, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  ['::ffff:0:0:0', 96, 'reserved'], // IPv4-translated (SIIT, RFC 2765)
  ['64:ff9b:1::', 48, 'reserved'], // local-use NAT64 (RFC 8215)
  ['2001::', 23, 'reserved'], // IETF protocol assignments, Teredo among them
];

const RANGES = [
  ...IPV4.map(r => ({range: r, family: 'ipv4' as const})),
  ...IPV6.map(r => ({range: r, family: 'ipv6' as const})),
].map(({range: [address, prefix, kind], family}) => {
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return {list, family, kind};
});

/**
 * The kind of the IP address `ip` (a canonical literal, as `ipLiteral`
 * gives). An IPv6 address that carries an IPv4 one (`::ffff:127.0.0.1`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`, the old `::a.b.c.d`) is the
 * kind of the IPv4 address it reaches.
 */
export function addressKind(ip: string): AddressKind {
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (family === 'ipv6') {
    const inner = embeddedIpv4(ip);
    if (inner) return addressKind(inner);
  }
  const found = RANGES.find(
    r => r.family === family && r.list.check(ip, family),
  );
  return found?.kind ?? 'public';
}

/**
 * The canonical IP address `host` (a URL's host name) spells, in any form
 * the system resolver takes for one: dotted IPv4, the inet_aton forms
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`), IPv6 with or without
 * brackets or a zone; a trailing dot ignored. Undefined for a host name.
 */
export function ipLiteral(host: string): string | undefined {
  const bare = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '')
    .replace(/\.+$/, '')
    .toLowerCase();
  if (isIP(bare) === 6) return canonicalIpv6(bare);
  return inetAton(bare);
}

/** `host` without brackets and trailing dots, lower case: how names compare. */
export function normalHost(host: string): string {
  return host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.+$/, '')
    .toLowerCase();
}

/**
 * Host names that name the machine itself or a cloud's metadata service
 * without DNS (the resolver answers them from /etc/hosts or the platform).
 */
export function isLocalName(host: string): boolean {
  const name = normalHost(host);
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === 'metadata' ||
    name === 'metadata.google.internal' ||
    name === 'instance-data' ||
    name === 'instance-data.ec2.internal'
  );
}

/** The IPv4 address glibc's inet_aton reads from `text`, if any. */
function inetAton(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some(p => p === '')) return undefined;
  const numbers = parts.map(numberOf);
  if (numbers.some(n => n === undefined)) return undefined;
  const values = numbers as number[];
  const last = values.pop()!;
  if (values.some(v => v > 255)) return undefined;
  if (last >= 2 ** (8 * (4 - values.length))) return undefined;
  const bytes = [...values];
  for (let i = 3 - values.length; i >= 0; i--) {
    bytes.push(Math.floor(last / 2 ** (8 * i)) % 256);
  }
  return bytes.join('.');
}

/** One part of an inet_aton address: hex `0x…`, octal `0…`, or decimal. */
function numberOf(part: string): number | undefined {
  if (/^0x[0-9a-f]*$/.test(part)) return parseInt(part.slice(2) || '0', 16);
  if (/^0[0-7]*$/.test(part)) return parseInt(part, 8);
  if (/^[1-9][0-9]*$/.test(part)) return Number(part);
  return undefined;
}

/** The WHATWG URL parser's form: compressed, lower case, hex groups. */
function canonicalIpv6(ip: string): string {
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

/** The eight 16-bit groups of a canonical IPv6 address. */
function groupsOf(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const parse = (s: string) =>
    s ? s.split(':').map(g => parseInt(g, 16)) : [];
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const zeros = new Array(8 - front.length - back.length).fill(0);
  return [...front, ...zeros, ...back];
}

/** The IPv4 address an IPv6 one reaches, by mapping or translation. */
function embeddedIpv4(ip: string): string | undefined {
  const g = groupsOf(canonicalIpv6(ip));
  const quad = (hi: number, lo: number) =>
    [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  const zeroTo = (n: number) => g.slice(0, n).every(x => x === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; not :: nor ::1)
  if (zeroTo(5) && g[5] === 0xffff) return quad(g[6]!, g[7]!);
  if (zeroTo(6) && (g[6]! > 0 || g[7]! > 1)) return quad(g[6]!, g[7]!);
  // NAT64 (RFC 6052 well-known prefix) and 6to4 (RFC 3056)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every(x => x === 0)) {
    return quad(g[6]!, g[7]!);
  }
  if (g[0] === 0x2002) return quad(g[1]!, g[2]!);
  return undefined;
}
