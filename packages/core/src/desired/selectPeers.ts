import type { SelectionConfig } from '../api/config.js';
import type { DiscoveredPeer } from '../api/peer.js';
import { minOf, pushAll } from '../collections/bulk.js';
import type { BgpSessionState, PeerDecision } from '../api/state.js';
import { canonicalUnicast, sortAddresses, usableCandidates } from './candidates.js';
import type { DesiredStateCache } from './desiredStateCache.js';
import { chooseWithMaxPeers, type BalanceSet } from './maxPeersChoice.js';
import type { PeerMemory } from './peerMemory.js';
import { updateSessions } from './sessionTracking.js';

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
  /** Health, penalty and balance timing of `max_peers` groups. */
  readonly selection: Omit<SelectionConfig, 'sessionPollMs'>;
  /**
   * With `maxPeers`: the routers choosing from these candidates together (this router included
   * as `selfKey`); absent = this router's own rendezvous choice.
   */
  readonly balance?: BalanceSet;
  /** Uniform in [0, 1): jitter of penalties and balance pacing (the engine passes `Clock.random`). Default 0. */
  readonly random?: () => number;
}

/** The group's neighbors, the decisions that led there, and the updated memory. */
export interface SelectPeersResult {
  /** Sorted canonical addresses the group should have. */
  readonly neighbors: readonly string[];
  readonly decisions: readonly PeerDecision[];
  readonly memory: PeerMemory;
  /** Earliest time a timed decision (hold-down, health window, penalty, balance move) may change. */
  readonly nextDeadline?: number;
  /** With `maxPeers`: the balanced target this router converges to (best first). */
  readonly target?: readonly string[];
}

const byPeer = (a: PeerDecision, b: PeerDecision) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0);

/**
 * Chooses the neighbors of one mesh group (meshrr's algorithm, with its faults B2, B8 and B9 fixed):
 * - candidates = discovered − every own address − anything not a unicast IP literal;
 * - a configured own address goes at once (`remove`, `self`); a configured peer that vanished from
 *   discovery stays until `vanishedHoldDownMs` passed (`hold`, `vanished-hold-down`), then goes
 *   (`vanished`); its slot is filled at once;
 * - without `maxPeers`: every candidate (`add`, `discovered`);
 * - with `maxPeers`: {@link chooseWithMaxPeers} — healthy first, converging to a balanced target with
 *   make-before-break moves, never fewer Established peers than before.
 * Decisions sorted by peer. Pure: time and chance come in as `now` and `random`, memory is threaded
 * through (the sessions of the configured peers are tracked here). With `cache` (an engine's
 * {@link DesiredStateCache}) the candidates and the sorted neighbors are reused or patched from the
 * last pass: the same result, less work.
 */
export function selectPeers(input: SelectPeersInput, cache?: DesiredStateCache): SelectPeersResult {
  const canonical = cache === undefined ? canonicalUnicast : (text: string) => cache.canonical(text);
  const self = new Set(input.self.map((a) => canonical(a) ?? a));
  const candidates =
    cache === undefined
      ? usableCandidates(input.candidates, self)
      : cache.candidates(input.group, input.candidates, self);
  const configured = new Set(input.configured.map((a) => canonical(a) ?? a));
  const decisions: PeerDecision[] = [];
  const decide = (peer: string, action: PeerDecision['action'], reason: string) =>
    decisions.push({ group: input.group, peer, action, reason });
  const deadlines: number[] = [];
  const neighbors = new Set<string>();

  const previousVanished = input.memory.vanishedSince[input.group] ?? {};
  const vanished: Record<string, number> = {};
  for (const peer of configured) {
    if (candidates.has(peer)) continue;
    if (self.has(peer)) {
      decide(peer, 'remove', 'self');
      continue;
    }
    const since = previousVanished[peer] ?? input.now;
    vanished[peer] = since;
    if (input.now - since < input.vanishedHoldDownMs) {
      neighbors.add(peer);
      deadlines.push(since + input.vanishedHoldDownMs);
      decide(peer, 'hold', 'vanished-hold-down');
    } else decide(peer, 'remove', 'vanished');
  }

  const sessions = updateSessions(input.memory.sessions, configured, input.sessions, input.now);
  let memory: PeerMemory = { ...input.memory, sessions };
  let target: readonly string[] | undefined;
  if (input.maxPeers === undefined) {
    for (const peer of candidates.keys()) {
      neighbors.add(peer);
      if (!configured.has(peer)) decide(peer, 'add', 'discovered');
    }
  } else {
    const present = [...configured].filter((peer) => candidates.has(peer));
    const choice = chooseWithMaxPeers({
      group: input.group,
      routerId: input.routerId,
      maxPeers: input.maxPeers,
      candidates: [...candidates.values()],
      present,
      holdingVanished: Object.keys(vanished).some((peer) => neighbors.has(peer)),
      memory,
      now: input.now,
      selection: input.selection,
      ...(input.balance === undefined ? {} : { balance: input.balance }),
      random: input.random ?? (() => 0),
    });
    for (const peer of choice.neighbors) neighbors.add(peer);
    pushAll(decisions, choice.decisions);
    pushAll(deadlines, choice.deadlines);
    memory = choice.memory;
    target = choice.target;
  }

  // Every configured peer missing from discovery keeps its first-missed time, also when a guard
  // holds its removal back, so a held peer does not restart its hold-down.
  const vanishedSince = { ...memory.vanishedSince, [input.group]: vanished };
  if (Object.keys(vanished).length === 0) delete vanishedSince[input.group];
  const future = deadlines.filter((d) => d > input.now);
  return {
    neighbors: cache === undefined ? sortAddresses(neighbors) : cache.sorted(input.group, neighbors),
    decisions: decisions.sort(byPeer),
    memory: { ...memory, vanishedSince },
    ...(future.length > 0 ? { nextDeadline: minOf(future)! } : {}),
    ...(target === undefined ? {} : { target }),
  };
}
