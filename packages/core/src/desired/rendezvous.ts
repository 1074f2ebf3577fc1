/** 32-bit FNV-1a of a string, finished with murmur3's avalanche mix. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Rendezvous (highest-random-weight) score of `peer` for the router `routerId`: deterministic,
 * independent of the order peers were discovered in, and different per router, so routers that
 * each pick their top `max_peers` spread evenly over the candidates and move as few peers as
 * possible when a candidate comes or goes.
 */
export function rendezvousScore(routerId: string, peer: string): number {
  return hash32(`${routerId}|${peer}`);
}

/** Orders peers by descending score for `routerId` (ties by address text). */
export function byRendezvous(routerId: string): (a: string, b: string) => number {
  return (a, b) => rendezvousScore(routerId, b) - rendezvousScore(routerId, a) || (a < b ? -1 : a > b ? 1 : 0);
}
