import type { DiscoveredPeer } from '../api/peer.js';

function peerKey(peer: DiscoveredPeer): string {
  const labels = Object.keys(peer.labels)
    .sort()
    .map((k) => `${k}=${peer.labels[k]}`)
    .join(',');
  return `${peer.address}|${peer.port ?? ''}|${labels}`;
}

/**
 * Do two complete peer sets hold the same peers (address, port and labels), whatever their order?
 * Sources use it to emit only when the set really changed.
 */
export function samePeerSet(a: readonly DiscoveredPeer[], b: readonly DiscoveredPeer[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(peerKey));
  return b.every((peer) => keys.has(peerKey(peer)));
}
