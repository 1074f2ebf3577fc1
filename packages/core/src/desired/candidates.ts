import type { DiscoveredPeer } from '../api/peer.js';
import { classifyIpAddress } from '../net/classify.js';
import { formatIpAddress, parseIpAddress, type IpAddress } from '../net/ipAddress.js';
import { plainV6Key } from './addressRanges.js';

/** A usable peer of a mesh group: canonical address and the zone it spreads over (`''` if none). */
export interface Candidate {
  readonly address: string;
  readonly zone: string;
}

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** Fast path for the common case, a dotted quad (already canonical when it matches). */
function dottedQuad(text: string): IpAddress | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (m === null) return undefined;
  const octets = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (octets.some((o) => o > 255)) return undefined;
  return { family: 4, value: BigInt(octets[0]! * 16_777_216 + octets[1]! * 65_536 + octets[2]! * 256 + octets[3]!) };
}

/**
 * The canonical text of `text` when it is a unicast IP literal (a possible BGP peer), otherwise
 * `undefined` (host names, multicast, loopback, link-local, unspecified, broadcast, garbage).
 */
export function canonicalUnicast(text: string): string | undefined {
  const quad = dottedQuad(text);
  if (quad !== undefined) return classifyIpAddress(quad) === 'unicast' ? text : undefined;
  const key = plainV6Key(text);
  const ip = key !== undefined ? { family: 6 as const, value: BigInt(`0x${key}`) } : parseIpAddress(text);
  return ip !== undefined && classifyIpAddress(ip) === 'unicast' ? formatIpAddress(ip) : undefined;
}

/** Sort key of a canonical address: IPv4 before IPv6, then numeric (fixed-width hex). */
function sortKey(address: string): string {
  const quad = dottedQuad(address);
  if (quad !== undefined) return `4${quad.value.toString(16).padStart(8, '0')}`;
  const key = plainV6Key(address) ?? parseIpAddress(address)?.value.toString(16).padStart(32, '0');
  if (key === undefined) throw new TypeError(`${JSON.stringify(address)} is not an IP address`);
  return `6${key}`;
}

/**
 * `addresses` (IP literals, e.g. canonical neighbors) sorted IPv4 before IPv6, then numerically —
 * the order of `sortIpAddressTexts`, without its per-address full parse. Throws a `TypeError` for a
 * non-address.
 */
export function sortAddresses(addresses: Iterable<string>): string[] {
  const keyed = [...addresses].map((a) => [sortKey(a), a] as const);
  keyed.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return keyed.map(([, a]) => a);
}

/** The order of {@link sortAddresses} for two addresses: negative, zero or positive. */
export function compareAddresses(a: string, b: string): number {
  const x = sortKey(a);
  const y = sortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The discovered peers that may be neighbors: valid unicast literals, canonical, deduplicated
 * (first occurrence wins for the zone), minus every address in `self`.
 */
export function usableCandidates(
  discovered: readonly DiscoveredPeer[],
  self: ReadonlySet<string>,
): Map<string, Candidate> {
  return usableCandidatesWith(discovered, self, canonicalUnicast);
}

/** {@link usableCandidates} with `canonical` in place of `canonicalUnicast` (a remembering one). */
export function usableCandidatesWith(
  discovered: readonly DiscoveredPeer[],
  self: ReadonlySet<string>,
  canonical: (text: string) => string | undefined,
): Map<string, Candidate> {
  const out = new Map<string, Candidate>();
  for (const peer of discovered) {
    const address = canonical(peer.address);
    if (address === undefined || self.has(address) || out.has(address)) continue;
    out.set(address, { address, zone: peer.labels['zone'] ?? '' });
  }
  return out;
}
