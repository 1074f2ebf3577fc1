import type { DiscoveredPeer } from '../api/peer.js';
import type { BgpSessionState, PeerDecision } from '../api/state.js';
import { canonicalUnicast, sortAddresses, usableCandidates, type Candidate } from './candidates.js';
import type { PeerMemory } from './peerMemory.js';
import { rendezvousScorer } from './rendezvous.js';
import { zoneFill } from './zoneFill.js';

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

/** Session facts of the configured peers, with the down-since memory brought up to date. */
class SessionView {
  readonly downSince: Record<string, number>;
  readonly deadlines: number[] = [];

  constructor(
    private readonly input: SelectPeersInput,
    configured: ReadonlySet<string>,
  ) {
    this.downSince = { ...input.memory.downSince };
    for (const peer of configured) {
      const s = input.sessions.get(peer);
      if (s !== undefined && s.state !== 'Established') this.downSince[peer] ??= input.now;
      else delete this.downSince[peer];
    }
  }

  established(peer: string): boolean {
    return this.input.sessions.get(peer)?.state === 'Established';
  }

  /** When the peer's session-down hold-down ends (ended), if its session is down. */
  failsAt(peer: string): number | undefined {
    const since = this.downSince[peer];
    return since === undefined ? undefined : since + this.input.sessionDownHoldDownMs;
  }

  /** Down longer than the hold-down; otherwise records when that may change. */
  failed(peer: string): boolean {
    const at = this.failsAt(peer);
    if (at === undefined) return false;
    if (this.input.now >= at) return true;
    this.deadlines.push(at);
    return false;
  }
}

interface Selection {
  readonly selected: readonly Candidate[];
  /** Failed peers kept because nothing can replace them. */
  readonly keptDown: ReadonlySet<string>;
}

/** The `max_peers` choice: sticky healthy peers, free slots by zone-spread rendezvous score. */
function chooseWithMaxPeers(
  input: SelectPeersInput,
  maxPeers: number,
  candidates: readonly Candidate[],
  configured: ReadonlySet<string>,
  sessions: SessionView,
): Selection {
  const scoreOf = rendezvousScorer(input.routerId);
  const scores = new Map(candidates.map((c) => [c, scoreOf(c.address)]));
  const score = (c: Candidate) => scores.get(c)!;
  const byScore = (a: Candidate, b: Candidate) => score(b) - score(a) || (a.address < b.address ? -1 : 1);
  const failed = new Set(candidates.filter((c) => configured.has(c.address) && sessions.failed(c.address)));
  // Over max_peers (it was lowered): Established sessions stay first, then the best scores.
  const upFirst = (a: Candidate, b: Candidate) =>
    Number(sessions.established(b.address)) - Number(sessions.established(a.address)) || byScore(a, b);
  const kept = candidates
    .filter((c) => configured.has(c.address) && !failed.has(c))
    .sort(upFirst)
    .slice(0, maxPeers);
  const keptSet = new Set(kept);
  const pool = candidates.filter((c) => !keptSet.has(c) && !failed.has(c));
  const fresh = zoneFill(pool, kept, maxPeers - kept.length, score);
  const keptDown = [...failed].sort(byScore).slice(0, Math.max(0, maxPeers - kept.length - fresh.length));
  return { selected: [...kept, ...fresh, ...keptDown], keptDown: new Set(keptDown.map((c) => c.address)) };
}

/**
 * True while a peer selected after `peer` failed is not Established yet (a replacement that is
 * still coming up): the failed peer then stays configured — make before break.
 */
function replacementPending(
  peer: string,
  selected: ReadonlySet<string>,
  configured: ReadonlySet<string>,
  sessions: SessionView,
  now: number,
): boolean {
  const failedAt = sessions.failsAt(peer) ?? now;
  for (const other of selected) {
    if (other === peer || sessions.established(other)) continue;
    const pendingSince = configured.has(other) ? (sessions.downSince[other] ?? now) : now;
    if (pendingSince >= failedAt) return true;
  }
  return false;
}

const byPeer = (a: PeerDecision, b: PeerDecision) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0);

/**
 * Chooses the neighbors of one mesh group (meshrr's algorithm, with its faults B2, B8 and B9 fixed):
 * - candidates = discovered − every own address − anything not a unicast IP literal;
 * - without `maxPeers`: every candidate;
 * - with `maxPeers`: configured peers still discovered and not down past `sessionDownHoldDownMs`
 *   stay (sticky; `keep`/`session-down-hold-down` while down within it; when more than `maxPeers`
 *   are configured, Established ones are kept first, the rest go as `surplus`); free slots are filled by
 *   the rendezvous score for this router, spread across the `zone` label; a peer down past the
 *   hold-down is replaced, and stays (`hold`, `replacement-pending`) until the peers selected since
 *   are Established — make before break; with no replacement available it stays
 *   (`keep`, `session-down-no-replacement`);
 * - a configured peer that vanished stays until `vanishedHoldDownMs` passed (`hold`,
 *   `vanished-hold-down`) while its slot is filled at once; a configured own address goes at once.
 * Decisions sorted by peer. Pure: time comes in as `now`, memory is threaded through.
 */
export function selectPeers(input: SelectPeersInput): SelectPeersResult {
  const self = new Set(input.self.map((a) => canonicalUnicast(a) ?? a));
  const candidates = usableCandidates(input.candidates, self);
  const configured = new Set(input.configured.map((a) => canonicalUnicast(a) ?? a));
  const sessions = new SessionView(input, configured);
  const previousVanished = input.memory.vanishedSince[input.group] ?? {};
  const vanished: Record<string, number> = {};
  for (const peer of configured)
    if (!candidates.has(peer) && !self.has(peer)) vanished[peer] = previousVanished[peer] ?? input.now;

  const { selected, keptDown } =
    input.maxPeers === undefined
      ? { selected: [...candidates.values()], keptDown: new Set<string>() }
      : chooseWithMaxPeers(input, input.maxPeers, [...candidates.values()], configured, sessions);
  const selectedSet = new Set(selected.map((c) => c.address));
  const neighbors = new Set(selectedSet);
  const decisions: PeerDecision[] = [];
  const decide = (peer: string, action: PeerDecision['action'], reason: string) =>
    decisions.push({ group: input.group, peer, action, reason });
  for (const peer of selectedSet) {
    if (!configured.has(peer)) decide(peer, 'add', input.maxPeers === undefined ? 'discovered' : 'selected');
    else if (keptDown.has(peer)) decide(peer, 'keep', 'session-down-no-replacement');
    else if (input.maxPeers !== undefined && sessions.downSince[peer] !== undefined)
      decide(peer, 'keep', 'session-down-hold-down');
  }
  for (const peer of configured) {
    if (selectedSet.has(peer)) continue;
    const since = vanished[peer];
    if (self.has(peer)) decide(peer, 'remove', 'self');
    else if (since !== undefined && input.now - since < input.vanishedHoldDownMs) {
      neighbors.add(peer);
      sessions.deadlines.push(since + input.vanishedHoldDownMs);
      decide(peer, 'hold', 'vanished-hold-down');
    } else if (
      since === undefined &&
      sessions.failed(peer) &&
      replacementPending(peer, selectedSet, configured, sessions, input.now)
    ) {
      neighbors.add(peer);
      decide(peer, 'hold', 'replacement-pending');
    } else
      decide(peer, 'remove', since !== undefined ? 'vanished' : sessions.failed(peer) ? 'session-down' : 'surplus');
  }
  // Every configured peer missing from discovery keeps its first-missed time, also when a guard
  // holds its removal back, so a held peer does not restart its hold-down.
  const vanishedSince = { ...input.memory.vanishedSince, [input.group]: vanished };
  if (Object.keys(vanished).length === 0) delete vanishedSince[input.group];
  const future = sessions.deadlines.filter((d) => d > input.now);
  return {
    neighbors: sortAddresses(neighbors),
    decisions: decisions.sort(byPeer),
    memory: { vanishedSince, downSince: sessions.downSince },
    ...(future.length > 0 ? { nextDeadline: Math.min(...future) } : {}),
  };
}
