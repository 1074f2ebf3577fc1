import type { IpAddress } from './ipAddress.js';

/** What kind of address a literal is, for deciding whether it may be a BGP peer. */
export type IpAddressClass = 'unicast' | 'unspecified' | 'loopback' | 'multicast' | 'link-local' | 'broadcast';

/**
 * Classifies an address. `unicast` covers every address a BGP peer may have (private ranges
 * included); the other classes are never valid peers (link-local IPv6 only with a zone, which
 * discovered data cannot carry safely).
 */
export function classifyIpAddress(ip: IpAddress): IpAddressClass {
  if (ip.family === 4) {
    const v = Number(ip.value);
    if (v === 0) return 'unspecified';
    if (v === 0xffffffff) return 'broadcast';
    const first = v >>> 24;
    if (first === 127) return 'loopback';
    if (first >= 224 && first <= 239) return 'multicast';
    if (v >>> 16 === 0xa9fe) return 'link-local';
    return 'unicast';
  }
  if (ip.value === 0n) return 'unspecified';
  if (ip.value === 1n) return 'loopback';
  const top = Number(ip.value >> 112n);
  if (top >> 8 === 0xff) return 'multicast';
  if ((top & 0xffc0) === 0xfe80) return 'link-local';
  if (ip.value >> 32n === 0xffffn) return classifyIpAddress({ family: 4, value: ip.value & 0xffffffffn });
  return 'unicast';
}
