import { parseCidr, cidrContains, type Cidr } from './cidr.js';
import type { IpAddress } from './ipAddress.js';

/**
 * What kind of address a literal is, for deciding whether it may be a BGP peer. Only `unicast`
 * may; every other class names the special-purpose range the address is in (see
 * {@link NON_PEER_RANGES}).
 */
export type IpAddressClass =
  | 'unicast'
  | 'unspecified'
  | 'this-network'
  | 'loopback'
  | 'link-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'ipv4-mapped'
  | 'ipv4-compatible'
  | 'site-local'
  | 'discard-only';

/** One special-purpose range no BGP peer address may come from. */
export interface NonPeerRange {
  readonly prefix: string;
  readonly class: Exclude<IpAddressClass, 'unicast'>;
  /** Why, with the RFC. */
  readonly why: string;
}

/**
 * meshrr's address policy (issue 11): the ranges a peer address is never taken from, most specific
 * first. Everything else is `unicast`, private and shared ranges included (10/8, 172.16/12,
 * 192.168/16, 100.64/10, fc00::/7). Documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24,
 * 2001:db8::/32) are accepted on purpose: labs and examples use them, and a peer there is merely
 * unreachable, never a danger to the mesh. The table is documented in docs/safety.md.
 */
export const NON_PEER_RANGES: readonly NonPeerRange[] = [
  { prefix: '0.0.0.0/32', class: 'unspecified', why: 'the unspecified address (RFC 1122)' },
  { prefix: '255.255.255.255/32', class: 'broadcast', why: 'limited broadcast (RFC 919)' },
  { prefix: '0.0.0.0/8', class: 'this-network', why: '"this network" (RFC 791, RFC 1122)' },
  { prefix: '127.0.0.0/8', class: 'loopback', why: 'loopback: the router itself (RFC 1122)' },
  { prefix: '169.254.0.0/16', class: 'link-local', why: 'link-local (RFC 3927)' },
  { prefix: '224.0.0.0/4', class: 'multicast', why: 'multicast (RFC 5771)' },
  { prefix: '240.0.0.0/4', class: 'reserved', why: 'reserved for future use (RFC 1112)' },
  { prefix: '::/128', class: 'unspecified', why: 'the unspecified address (RFC 4291)' },
  { prefix: '::1/128', class: 'loopback', why: 'loopback: the router itself (RFC 4291)' },
  {
    prefix: '::ffff:0:0/96',
    class: 'ipv4-mapped',
    why: 'IPv4-mapped IPv6 (RFC 4291): write the IPv4 address itself',
  },
  { prefix: '::/96', class: 'ipv4-compatible', why: 'IPv4-compatible IPv6, deprecated (RFC 4291 §2.5.5.1)' },
  { prefix: '100::/64', class: 'discard-only', why: 'discard-only (RFC 6666)' },
  { prefix: 'fe80::/10', class: 'link-local', why: 'link-local: needs an interface zone (RFC 4291)' },
  { prefix: 'fec0::/10', class: 'site-local', why: 'site-local, deprecated (RFC 3879)' },
  { prefix: 'ff00::/8', class: 'multicast', why: 'multicast (RFC 4291)' },
];

type ParsedRange = NonPeerRange & { readonly cidr: Cidr };

const RANGES: readonly ParsedRange[] = NON_PEER_RANGES.map((range) => {
  const parsed = parseCidr(range.prefix);
  if (!parsed.ok) throw new TypeError(`NON_PEER_RANGES: ${range.prefix}: ${parsed.reason}`);
  return { ...range, cidr: parsed.cidr };
});
const RANGES_BY_FAMILY = {
  4: RANGES.filter((r) => r.cidr.family === 4),
  6: RANGES.filter((r) => r.cidr.family === 6),
} as const;

/** The special-purpose range that holds all of `cidr` (an address is a /32 or /128), if any. */
export function nonPeerRangeOf(cidr: Cidr): NonPeerRange | undefined {
  return RANGES_BY_FAMILY[cidr.family].find((range) => cidrContains(range.cidr, cidr));
}

/**
 * Classifies an address under meshrr's address policy ({@link NON_PEER_RANGES}): `unicast` for
 * every address a BGP peer may have, otherwise the class of the special-purpose range it is in.
 */
export function classifyIpAddress(ip: IpAddress): IpAddressClass {
  const length = ip.family === 4 ? 32 : 128;
  return nonPeerRangeOf({ family: ip.family, network: ip.value, length })?.class ?? 'unicast';
}
