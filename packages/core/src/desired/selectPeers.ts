import type { DiscoveredPeer } from '../api/peer.js';
import type { BgpSessionState, PeerDecision } from '../api/state.js';
import { classifyIpAddress } from '../net/classify.js';
import { formatIpAddress, parseIpAddress, sortIpAddressTexts } from '../net/ipAddress.js';
import type { PeerMemory } from './peerMemory.js';
import { byRendezvous } from './rendezvous.js';

/** Inputs of {@link selectPeers} for one mesh group. */
export interface SelectPeersInput {
  readonly group: string;
  readonly routerId: string;
  /** At most this many neighbors; absent = every discovered peer. */
  readonly maxPeers?: number;
  /** The group's discovered set (may include this router itself). */
  readonly candidates: readonly DiscoveredPeer[];
  /** Every address of this router (v4 and v6): never selected. */
  readonly self: readonly string[];
  /** The group's neighbors on the device now. */
  readonly configured: readonly string[];
  readonly sessions: ReadonlyMap<string, BgpSessionState>;
  readonly memory: PeerMemory;
  readonly now: number;
  readonly vanishedHoldDownMs: number;
  readonly sessionDownHoldDownMs: number;
}

/** The group's neighbors, the decisions that led there, and the updated memory. */
export interface SelectPeersResult {
  /** Sorted canonical addresses the group should have. */
  readonly neighbors: readonly string[];
  readonly decisions: readonly PeerDecision[];
  readonly memory: PeerMemory;
  /** Earliest time a hold-down decision may change (the engine reconciles again then). */
  readonly nextDeadline?: number;
}

interface Candidate {
  readonly address: string;
  readonly zone: string;
}

function canonical(text: string): string | undefined {
  const ip = parseIpAddress(text);
  return ip !== undefined && classifyIpAddress(ip) === 'unicast' ? formatIpAddress(ip) : undefined;
}

/** Valid, deduplicated candidates minus this router's own addresses. */
function usableCandidates(input: SelectPeersInput): Map<string, Candidate> {
  const self = new Set(input.self.map((a) => canonical(a) ?? a));
  const out = new Map<string, Candidate>();
  for (const peer of input.candidates) {
    const address = canonical(peer.address);
    if (address === undefined || self.has(address) || out.has(address)) continue;
    out.set(address, { address, zone: peer.labels['zone'] ?? '' });
  }
  return out;
}

/** Picks `count` peers from `pool`, spreading over zones (fewest selected first), best score first. */
function fill(pool: readonly Candidate[], taken: readonly Candidate[], count: number, order: (a: string, b: string) => number): Candidate[] {
  const perZone = new Map<string, number>();
  for (const c of taken) perZone.set(c.zone, (perZone.get(c.zone) ?? 0) + 1);
  const remaining = [...pool].sort((a, b) => order(a.address, b.address));
  const chosen: Candidate[] = [];
  while (chosen.length < count && remaining.length > 0) {
    let best = 0;
    for (let i = 1; i < remaining.length; i += 1) {
      if ((perZone.get(remaining[i]!.zone) ?? 0) < (perZone.get(remaining[best]!.zone) ?? 0)) best = i;
    }
    const [pick] = remaining.splice(best, 1);
    chosen.push(pick!);
    perZone.set(pick!.zone, (perZone.get(pick!.zone) ?? 0) + 1);
  }
  return chosen;
}

/**
 * Chooses the neighbors of one mesh group (meshrr's algorithm, with its faults B2, B8 and B9 fixed):
 * - candidates = discovered − own addresses − anything not a unicast IP literal;
 * - without `maxPeers`: every candidate;
 * - with `maxPeers`: configured peers still discovered and not down past the session hold-down stay
 *   (sticky); free slots are filled by rendezvous score for this router, spread across zones;
 * - a configured peer that vanished stays until `vanishedHoldDownMs` passed (`hold`,
 *   `vanished-hold-down`), while its slot is filled at once;
 * - a peer down past the hold-down is replaced, and kept (`hold`, `replacement-pending`) until every
 *   selected peer is Established — make before break.
 * Pure: time comes in as `now`, memory is threaded through.
 */
export function selectPeers(input: SelectPeersInput): SelectPeersResult {
  const candidates = usableCandidates(input);
  const configured = new Set(input.configured.map((a) => canonical(a) ?? a));
  const established = (peer: string): boolean => input.sessions.get(peer)?.state === 'Established';
  const knownDown = (peer: string): boolean => {
    const s = input.sessions.get(peer);
    return s !== undefined && s.state !== 'Established';
  };
  const downSince: Record<string, number> = { ...input.memory.downSince };
  const vanished: Record<string, number> = {};
  const previousVanished = input.memory.vanishedSince[input.group] ?? {};
  for (const peer of configured) {
    if (knownDown(peer)) downSince[peer] ??= input.now;
    else delete downSince[peer];
    if (!candidates.has(peer)) vanished[peer] = previousVanished[peer] ?? input.now;
  }
  const deadlines: number[] = [];
  const failed = (peer: string): boolean => {
    const since = downSince[peer];
    if (since === undefined) return false;
    if (input.now - since >= input.sessionDownHoldDownMs) return true;
    deadlines.push(since + input.sessionDownHoldDownMs);
    return false;
  };

  let selected: Candidate[];
  if (input.maxPeers === undefined) {
    selected = [...candidates.values()];
  } else {
    const order = byRendezvous(input.routerId);
    const sticky = [...candidates.values()].filter((c) => configured.has(c.address) && !failed(c.address));
    sticky.sort((a, b) => order(a.address, b.address));
    const kept = sticky.slice(0, input.maxPeers);
    const pool = [...candidates.values()].filter((c) => !kept.includes(c) && !(configured.has(c.address) && failed(c.address)));
    const fresh = fill(pool, kept, input.maxPeers - kept.length, order);
    selected = [...kept, ...fresh];
  }
  const selectedSet = new Set(selected.map((c) => c.address));
  const decisions: PeerDecision[] = [];
  const neighbors = new Set(selectedSet);
  for (const peer of selectedSet) if (!configured.has(peer)) decisions.push({ group: input.group, peer, action: 'add', reason: input.maxPeers === undefined ? 'discovered' : 'selected' });
  const allUp = [...selectedSet].every(established);
  for (const peer of configured) {
    if (selectedSet.has(peer)) continue;
    const since = vanished[peer];
    if (since !== undefined && input.now - since < input.vanishedHoldDownMs) {
      neighbors.add(peer);
      deadlines.push(since + input.vanishedHoldDownMs);
      decisions.push({ group: input.group, peer, action: 'hold', reason: 'vanished-hold-down' });
    } else if (since === undefined && failed(peer) && !allUp) {
      neighbors.add(peer);
      decisions.push({ group: input.group, peer, action: 'hold', reason: 'replacement-pending' });
    } else {
      const reason = since !== undefined ? 'vanished' : failed(peer) ? 'session-down' : 'surplus';
      decisions.push({ group: input.group, peer, action: 'remove', reason });
    }
  }
  const vanishedKept = Object.fromEntries(Object.entries(vanished).filter(([peer]) => neighbors.has(peer)));
  const vanishedSince = { ...input.memory.vanishedSince, [input.group]: vanishedKept };
  if (Object.keys(vanishedKept).length === 0) delete vanishedSince[input.group];
  decisions.sort((a, b) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0));
  const future = deadlines.filter((d) => d > input.now);
  return {
    neighbors: sortIpAddressTexts(neighbors),
    decisions,
    memory: { vanishedSince, downSince },
    ...(future.length > 0 ? { nextDeadline: Math.min(...future) } : {}),
  };
}
