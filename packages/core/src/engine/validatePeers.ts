import type { DiscoveredPeer } from '../api/peer.js';
import { RejectedRecordsError, type RejectedRecord } from '../api/errors.js';
import { checkParsedPeerAddress } from '../net/addressPolicy.js';
import { compareIpAddress, parseIpAddress, type IpAddress } from '../net/ipAddress.js';

/**
 * Checks a set emitted by a source (built-in or plugin) before it can reach a renderer: every
 * address must pass the peer address policy (`checkPeerAddress`); it is returned in canonical
 * form, the set sorted by address (IPv4 first). Duplicate addresses keep their first entry. Any
 * refused address refuses the whole set: throws {@link RejectedRecordsError} listing every
 * rejected record with its class (never a partial set, never an empty one made of rejections).
 */
export function validatePeers(peers: readonly DiscoveredPeer[]): DiscoveredPeer[] {
  const seen = new Set<string>();
  const out: Array<{ ip: IpAddress; peer: DiscoveredPeer }> = [];
  const rejected: RejectedRecord[] = [];
  for (const peer of peers) {
    const text = typeof peer.address === 'string' ? peer.address : String(peer.address);
    const ip = parseIpAddress(text);
    const check = checkParsedPeerAddress(text, ip);
    if (!check.ok) {
      rejected.push({ record: text, reason: check.class, detail: check.reason });
      continue;
    }
    if (seen.has(check.address)) continue;
    seen.add(check.address);
    out.push({
      ip: ip!,
      peer: check.address === peer.address ? peer : { ...peer, address: check.address },
    });
  }
  if (rejected.length > 0) throw new RejectedRecordsError('source emitted', rejected);
  return out.sort((a, b) => compareIpAddress(a.ip, b.ip)).map((e) => e.peer);
}
