import type { Candidate } from './candidates.js';

interface Scored {
  readonly c: Candidate;
  readonly s: number;
}

interface Zone {
  readonly peers: Scored[];
  next: number;
  selected: number;
}

/** Higher score first; equal scores by address text (total, deterministic order). */
function better(a: Scored, b: Scored): number {
  return b.s - a.s || (a.c.address < b.c.address ? -1 : a.c.address > b.c.address ? 1 : 0);
}

/**
 * Picks up to `count` peers from `pool` for free slots, spread over zones: each pick comes from
 * the zone with the fewest peers selected so far (`taken` included), ties going to the zone whose
 * best remaining peer scores highest; within a zone, highest score first. `score` must be
 * deterministic (rendezvous), so the result does not depend on the order of `pool`.
 * O(pool · log pool + count · zones).
 */
export function zoneFill(
  pool: readonly Candidate[],
  taken: readonly Candidate[],
  count: number,
  score: (c: Candidate) => number,
): Candidate[] {
  const zones = new Map<string, Zone>();
  for (const c of pool) {
    const entry = { c, s: score(c) };
    const zone = zones.get(c.zone);
    if (zone === undefined) zones.set(c.zone, { peers: [entry], next: 0, selected: 0 });
    else zone.peers.push(entry);
  }
  for (const c of taken) {
    const zone = zones.get(c.zone);
    if (zone !== undefined) zone.selected += 1;
  }
  for (const zone of zones.values()) zone.peers.sort(better);
  const chosen: Candidate[] = [];
  while (chosen.length < count) {
    let best: Zone | undefined;
    for (const zone of zones.values()) {
      if (zone.next >= zone.peers.length) continue;
      if (
        best === undefined ||
        zone.selected < best.selected ||
        (zone.selected === best.selected && better(zone.peers[zone.next]!, best.peers[best.next]!) < 0)
      )
        best = zone;
    }
    if (best === undefined) break;
    chosen.push(best.peers[best.next]!.c);
    best.next += 1;
    best.selected += 1;
  }
  return chosen;
}
