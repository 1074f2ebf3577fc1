import type { SelectionConfig } from '../api/config.js';
import type { PeerDecision } from '../api/state.js';
import { pushAll } from '../collections/bulk.js';
import { backoffDelayMs } from '../retry/backoff.js';
import { balancedAssignment } from './balancedAssignment.js';
import type { Candidate } from './candidates.js';
import { isPenalised, penalise } from './penalties.js';
import type { PeerMemory, Penalty } from './peerMemory.js';
import { rendezvousScorer } from './rendezvous.js';
import { zoneFill } from './zoneFill.js';

/** The routers that choose from one group's candidates together, and this router's key among them. */
export interface BalanceSet {
  /** Canonical addresses of every router of the tier, this one included. */
  readonly members: readonly string[];
  /** This router's key in `members` (its address there, else its router-id). */
  readonly selfKey: string;
}

/** Inputs of {@link chooseWithMaxPeers}. */
export interface MaxPeersChoiceInput {
  readonly group: string;
  readonly routerId: string;
  readonly maxPeers: number;
  /** Usable discovered candidates (canonical, self excluded). */
  readonly candidates: readonly Candidate[];
  /** Configured neighbors that are still discovered. */
  readonly present: readonly string[];
  /** A vanished neighbor is still configured (held): its slot is being replaced, no balance move now. */
  readonly holdingVanished: boolean;
  /** Memory whose `sessions` already hold the present peers' current condition. */
  readonly memory: PeerMemory;
  readonly now: number;
  readonly selection: Omit<SelectionConfig, 'sessionPollMs'>;
  readonly balance?: BalanceSet;
  readonly random: () => number;
}

/** What {@link chooseWithMaxPeers} decided for the present peers and the free slots. */
export interface MaxPeersChoice {
  readonly neighbors: readonly string[];
  readonly decisions: readonly PeerDecision[];
  /** Times at which a timed condition ends (the caller keeps the earliest future one). */
  readonly deadlines: readonly number[];
  readonly memory: PeerMemory;
  /** The balanced target, best first. */
  readonly target: readonly string[];
}

type Condition = 'up' | 'starting' | 'recovering' | 'failed';

/**
 * The condition of each present peer: `up` (Established); `starting` (never Established since it
 * was configured, within the health window); `recovering` (was Established, down within the
 * session-down hold); `failed` (past either). A failure is penalised once per down period; a peer
 * Established for a whole health window has its penalty cleared.
 */
function conditions(
  input: MaxPeersChoiceInput,
  penalties: Record<string, Penalty>,
  deadlines: number[],
): Map<string, Condition> {
  const { now, selection } = input;
  const out = new Map<string, Condition>();
  for (const peer of input.present) {
    const session = input.memory.sessions[peer] ?? { up: false, since: now, seenUp: false };
    if (session.up) {
      out.set(peer, 'up');
      if (penalties[peer] === undefined) continue;
      if (now - session.since >= selection.healthWindowMs) delete penalties[peer];
      else deadlines.push(session.since + selection.healthWindowMs);
      continue;
    }
    const limit = session.seenUp ? selection.sessionDownHoldMs : selection.healthWindowMs;
    if (now - session.since < limit) {
      out.set(peer, session.seenUp ? 'recovering' : 'starting');
      deadlines.push(session.since + limit);
      continue;
    }
    out.set(peer, 'failed');
    const previous = penalties[peer];
    if (previous === undefined || previous.at < session.since)
      penalties[peer] = penalise(previous, now, selection, input.random);
  }
  return out;
}

/**
 * Up to `count` penalised candidates for slots no eligible candidate can fill, least penalised
 * first: the penalty that ends first, then the fewest consecutive failures, then the rendezvous
 * score and the address. A slot that would otherwise stay empty is better spent retrying an
 * address than left empty; the address keeps its penalty, which grows if it fails again.
 */
function lastResort(
  input: MaxPeersChoiceInput,
  penalties: Readonly<Record<string, Penalty>>,
  taken: readonly string[],
  count: number,
  score: (address: string) => number,
): string[] {
  if (count <= 0) return [];
  const excluded = new Set(taken);
  const pool = input.candidates
    .map((c) => c.address)
    .filter((address) => !excluded.has(address) && isPenalised(penalties[address], input.now));
  const least = (a: string, b: string): number =>
    penalties[a]!.until - penalties[b]!.until ||
    penalties[a]!.failures - penalties[b]!.failures ||
    score(b) - score(a) ||
    (a < b ? -1 : a > b ? 1 : 0);
  return pool.sort(least).slice(0, count);
}

/** The balanced row of this router over `eligible`, or its own rendezvous choice. */
function targetRow(input: MaxPeersChoiceInput, eligible: readonly Candidate[], score: (a: string) => number): string[] {
  const balance = input.balance;
  if (balance !== undefined && balance.members.length > 1) {
    const mine = balancedAssignment({
      members: balance.members,
      candidates: eligible,
      perMember: input.maxPeers,
      tolerance: input.selection.balanceTolerance,
    }).get(balance.selfKey);
    if (mine !== undefined) return mine;
  }
  return zoneFill(eligible, [], input.maxPeers, (c) => score(c.address)).map((c) => c.address);
}

/**
 * The `max_peers` choice of one group: healthy first, converging to a balanced target, make before
 * break, never fewer Established peers than before.
 * - **target**: the balanced assignment of the tier ({@link balancedAssignment} over `balance`),
 *   or this router's rendezvous top `maxPeers` spread over zones, over the *eligible* candidates:
 *   Established ones, and the others unless penalised or failed;
 * - **present peers** by condition: Established ones stay (over `maxPeers` — a move's new peer came
 *   up — the ones outside the target go: `rebalanced`); `starting`/`recovering` ones stay while
 *   slots are free (`awaiting-established`, `session-down-hold-down`), or as the one move in flight;
 *   others go (`surplus`); `failed` ones are penalised and go once `maxPeers` others are Established
 *   (`session-down`, `not-established`), else stay (`hold replacement-pending` while a replacement
 *   is being set up, `keep session-down-no-replacement` when none exists);
 * - **free slots** are filled at once from the target, then by score and zone (`selected`, or
 *   `replacement` when a peer failed or vanished); a slot still free when no eligible candidate
 *   is left goes to the least penalised candidate (`least-penalised`, see {@link lastResort}):
 *   a penalty orders candidates, it never leaves a slot empty that one of them could fill;
 * - **balance move**: when all `maxPeers` are Established, nothing else is pending and the target
 *   has a peer this router lacks, one target peer is added (`rebalance`) after a random delay of up
 *   to `balanceDelayMs` from when the difference was first seen (hysteresis: a target that changes
 *   back meanwhile causes no move), then at most one per `balanceIntervalMs` (jittered); the peer it
 *   replaces goes only once the new one is Established; no move starts in a pass that drops a
 *   surplus Established peer.
 */
export function chooseWithMaxPeers(input: MaxPeersChoiceInput): MaxPeersChoice {
  const { now, selection, maxPeers: k } = input;
  const decisions: PeerDecision[] = [];
  const decide = (peer: string, action: PeerDecision['action'], reason: string) =>
    decisions.push({ group: input.group, peer, action, reason });
  const deadlines: number[] = [];
  const penalties: Record<string, Penalty> = { ...input.memory.penalties };
  const condition = conditions(input, penalties, deadlines);
  const eligible = input.candidates.filter((c) => {
    const state = condition.get(c.address);
    if (state === 'up') return true;
    if (state === 'failed') return false;
    const penalty = penalties[c.address];
    if (!isPenalised(penalty, now)) return true;
    deadlines.push(penalty!.until);
    return false;
  });
  const score = rendezvousScorer(input.balance?.selfKey ?? input.routerId);
  const target = targetRow(input, eligible, score);
  const rank = new Map(target.map((peer, i) => [peer, i]));
  const preference = (a: string, b: string): number =>
    (rank.get(a) ?? k) - (rank.get(b) ?? k) || score(b) - score(a) || (a < b ? -1 : a > b ? 1 : 0);
  const having = (...states: Condition[]) => input.present.filter((p) => states.includes(condition.get(p)!));

  const up = having('up').sort(preference);
  const keptUp = up.slice(0, k);
  for (const peer of up.slice(k)) decide(peer, 'remove', 'rebalanced');
  const slots = k - keptUp.length;
  const outsideTarget = keptUp.some((peer) => !rank.has(peer));
  const recovering = having('recovering').sort(preference);
  const starting = having('starting').sort(preference);
  let inFlight: string | undefined;
  let keptPending: string[];
  if (slots === 0) {
    inFlight = outsideTarget ? starting.find((peer) => rank.has(peer)) : undefined;
    keptPending = [];
  } else keptPending = [...recovering, ...starting].slice(0, slots);
  for (const peer of keptPending)
    decide(peer, 'keep', condition.get(peer) === 'recovering' ? 'session-down-hold-down' : 'awaiting-established');
  if (inFlight !== undefined) decide(inFlight, 'keep', 'awaiting-established');
  for (const peer of [...recovering, ...starting])
    if (peer !== inFlight && !keptPending.includes(peer)) decide(peer, 'remove', 'surplus');

  const failed = having('failed');
  const live = [...keptUp, ...keptPending];
  const present = new Set(input.present);
  const byAddress = new Map(input.candidates.map((c) => [c.address, c]));
  const fills = target.filter((peer) => !present.has(peer)).slice(0, k - live.length);
  if (fills.length < k - live.length) {
    const taken = new Set([...present, ...fills]);
    const pool = eligible.filter((c) => !taken.has(c.address));
    const inUse = [...live, ...fills].map((peer) => byAddress.get(peer)!);
    pushAll(
      fills,
      zoneFill(pool, inUse, k - live.length - fills.length, (c) => score(c.address)).map((c) => c.address),
    );
  }
  const replacing = failed.length > 0 || input.holdingVanished;
  for (const peer of fills) decide(peer, 'add', replacing ? 'replacement' : 'selected');
  for (const peer of lastResort(input, penalties, [...present, ...fills], k - live.length - fills.length, score)) {
    fills.push(peer);
    decide(peer, 'add', 'least-penalised');
  }
  const keptFailed = keptUp.length >= k ? [] : failed;
  for (const peer of failed) {
    const wasUp = input.memory.sessions[peer]?.seenUp === true;
    if (keptUp.length >= k) decide(peer, 'remove', wasUp ? 'session-down' : 'not-established');
    else if (fills.length > 0 || keptPending.length > 0) decide(peer, 'hold', 'replacement-pending');
    else decide(peer, 'keep', 'session-down-no-replacement');
  }

  const balanceDueAt = { ...input.memory.balanceDueAt };
  const missing = target.find((peer) => !present.has(peer));
  const neighbors = [...live, ...fills, ...keptFailed, ...(inFlight === undefined ? [] : [inFlight])];
  if (missing !== undefined && outsideTarget) {
    let dueAt = balanceDueAt[input.group] ?? now + Math.round(input.random() * selection.balanceDelayMs);
    // Trimming a surplus Established peer completes the previous move; the next one waits for a
    // later pass, so one step never both adds a peer and drops an Established one.
    const trimming = up.length > k;
    const calm =
      slots === 0 &&
      !trimming &&
      inFlight === undefined &&
      failed.length === 0 &&
      !input.holdingVanished &&
      fills.length === 0;
    if (calm && now >= dueAt) {
      neighbors.push(missing);
      decide(missing, 'add', 'rebalance');
      const interval = selection.balanceIntervalMs;
      dueAt = now + (interval > 0 ? backoffDelayMs(1, { initialMs: interval, maxMs: interval }, input.random) : 0);
    } else if (calm || trimming) deadlines.push(dueAt);
    balanceDueAt[input.group] = dueAt;
  } else delete balanceDueAt[input.group];

  // A peer added now starts its health window now (not at the first pass that sees it configured,
  // which may be a resync later); re-deciding the add after a failed commit restarts it.
  const sessions = { ...input.memory.sessions };
  for (const peer of neighbors)
    if (!present.has(peer)) {
      sessions[peer] = { up: false, since: now, seenUp: false };
      deadlines.push(now + selection.healthWindowMs);
    }
  return {
    neighbors,
    decisions,
    deadlines,
    memory: { ...input.memory, sessions, penalties, balanceDueAt },
    target,
  };
}
