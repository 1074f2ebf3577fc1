const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over `text`, continuing from `h`. */
function fnv(h: number, text: string): number {
  let x = h;
  for (let i = 0; i < text.length; i += 1) {
    x ^= text.charCodeAt(i);
    x = Math.imul(x, FNV_PRIME);
  }
  return x;
}

/** murmur3's 32-bit avalanche finaliser. */
function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Rendezvous (highest-random-weight) score of `peer` for the router `routerId`: a 32-bit FNV-1a of
 * `routerId|peer` finished with murmur3's mix. Deterministic, independent of the order peers were
 * discovered in, and different per router, so routers that each pick their top `max_peers` spread
 * evenly over the candidates and move as few peers as possible when a candidate comes or goes.
 */
export function rendezvousScore(routerId: string, peer: string): number {
  return mix(fnv(fnv(FNV_OFFSET, routerId), `|${peer}`));
}

/** {@link rendezvousScore} for one router, hashing the router part once. Same values. */
export function rendezvousScorer(routerId: string): (peer: string) => number {
  const prefix = fnv(fnv(FNV_OFFSET, routerId), '|');
  return (peer) => mix(fnv(prefix, peer));
}
