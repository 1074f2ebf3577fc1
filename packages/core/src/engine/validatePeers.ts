import type { DiscoveredPeer } from '../api/peer.js';
import { DiscoveryError } from '../api/errors.js';
import { classifyIpAddress } from '../net/classify.js';
import { compareIpAddress, formatIpAddress, parseIpAddress, type IpAddress } from '../net/ipAddress.js';

/**
 * Checks a set emitted by a source before it can reach a renderer: every address must be a
 * unicast IP literal; it is returned in canonical form, the set sorted by address (IPv4 first).
 * Duplicate addresses keep their first entry. Throws {@link DiscoveryError} (`kind: invalid-peer`) naming the offending value, so the
 * whole set is refused (never partially applied).
 */
export function validatePeers(peers: readonly DiscoveredPeer[]): DiscoveredPeer[] {
  const seen = new Set<string>();
  const out: Array<{ ip: IpAddress; peer: DiscoveredPeer }> = [];
  for (const peer of peers) {
    const ip = typeof peer.address === 'string' ? parseIpAddress(peer.address) : undefined;
    if (ip === undefined)
      throw new DiscoveryError(
        'invalid-peer',
        `source emitted ${JSON.stringify(peer.address)}, which is not an IP address literal`,
      );
    const cls = classifyIpAddress(ip);
    if (cls !== 'unicast')
      throw new DiscoveryError(
        'invalid-peer',
        `source emitted ${peer.address}, a ${cls} address, which cannot be a BGP peer`,
      );
    const address = formatIpAddress(ip);
    if (seen.has(address)) continue;
    seen.add(address);
    out.push({ ip, peer: address === peer.address ? peer : { ...peer, address } });
  }
  return out.sort((a, b) => compareIpAddress(a.ip, b.ip)).map((e) => e.peer);
}
