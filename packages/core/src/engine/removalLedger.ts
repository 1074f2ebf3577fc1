import type { SafetyConfig } from '../api/config.js';
import type { ManagedChange, ManagedState } from '../api/state.js';

/**
 * One neighbor removal. Recorded before the change is committed (`pending`), so that a removal
 * that reaches the device is never missing from the ledger, even if the agent stops right after
 * the commit; settled against the device's next read ({@link settlePendingRemovals}).
 */
export interface LedgerRemoval {
  readonly group: string;
  readonly peer: string;
  readonly at: number;
  /** Sent to the device, outcome not yet known: counted by the budget like a confirmed removal. */
  readonly pending?: true;
}

/** One observation of a group's configured size (recorded when it changes). */
export interface SizeSample {
  readonly at: number;
  readonly size: number;
}

/**
 * What the removal budget remembers over its sliding window (`safety.removal_window_seconds`):
 * the removals confirmed inside the window, and per group the configured sizes seen inside it
 * (the first sample of a group is the size in force when the window began). Immutable; every
 * update returns a new ledger with what fell out of the window dropped.
 */
export interface RemovalLedger {
  readonly removals: readonly LedgerRemoval[];
  readonly sizes: ReadonlyMap<string, readonly SizeSample[]>;
  /**
   * Until this time every group's budget counts as spent: the ledger an earlier agent saved could
   * not be read, so as many removals as a window allows may already have happened
   * ({@link exhaustedLedger}).
   */
  readonly exhaustedUntil?: number;
}

/** A ledger with nothing recorded (an agent that just started). */
export const EMPTY_REMOVAL_LEDGER: RemovalLedger = { removals: [], sizes: new Map() };

/**
 * The ledger of an agent that cannot know what an earlier one removed (its saved ledger was
 * corrupt, of an unknown version or unreadable): the most conservative assumption, every group's
 * budget already spent for one window from `now`.
 */
export function exhaustedLedger(now: number, windowMs: number): RemovalLedger {
  return { removals: [], sizes: new Map(), exhaustedUntil: now + windowMs };
}

/** `ledger` without its exhaustion marker once `now` has reached it. */
function withoutPastExhaustion(ledger: RemovalLedger, now: number): Pick<RemovalLedger, 'exhaustedUntil'> {
  return ledger.exhaustedUntil !== undefined && ledger.exhaustedUntil > now
    ? { exhaustedUntil: ledger.exhaustedUntil }
    : {};
}

/** The removal budget of one group now. */
export interface GroupBudget {
  /** Removals allowed inside any window: `max(1, floor(share × peak))`, 0 when the share is 0. */
  readonly limit: number;
  /** Removals already confirmed inside the current window. */
  readonly used: number;
  /** Largest configured size of the group seen inside the window (its current size included). */
  readonly peak: number;
}

/** Samples still relevant at `now`: those inside the window and the last one before it. */
function pruneSamples(samples: readonly SizeSample[], now: number, windowMs: number): SizeSample[] {
  const start = now - windowMs;
  let first = 0;
  while (first + 1 < samples.length && samples[first + 1]!.at <= start) first += 1;
  return samples.slice(first);
}

/**
 * Records the configured size of every group `actual` holds (groups the ledger knows that
 * `actual` lacks count as size 0) and drops what fell out of the window. Pure.
 */
export function observeSizes(
  ledger: RemovalLedger,
  actual: ManagedState,
  now: number,
  windowMs: number,
): RemovalLedger {
  const current = new Map(actual.groups.map((g) => [g.name, g.neighbors.length]));
  const names = new Set([...ledger.sizes.keys(), ...current.keys()]);
  const sizes = new Map<string, readonly SizeSample[]>();
  for (const name of names) {
    const size = current.get(name) ?? 0;
    const before = ledger.sizes.get(name) ?? [];
    const samples = before.at(-1)?.size === size ? [...before] : [...before, { at: now, size }];
    const kept = pruneSamples(samples, now, windowMs);
    if (kept.length === 1 && kept[0]!.size === 0 && kept[0]!.at <= now - windowMs) continue;
    sizes.set(name, kept);
  }
  return {
    removals: ledger.removals.filter((r) => r.at > now - windowMs),
    sizes,
    ...withoutPastExhaustion(ledger, now),
  };
}

/**
 * Adds the neighbor removals of `change` (whole-group removals: every neighbor `actual` had);
 * `pending` for a change about to be committed whose outcome is not known yet.
 */
export function recordRemovals(
  ledger: RemovalLedger,
  change: ManagedChange,
  actual: ManagedState,
  now: number,
  options: { readonly pending?: boolean } = {},
): RemovalLedger {
  const added: LedgerRemoval[] = [];
  for (const g of change.groups) {
    const removed = g.remove ? (actual.groups.find((a) => a.name === g.name)?.neighbors ?? []) : g.removeNeighbors;
    for (const peer of removed)
      added.push(
        options.pending === true ? { group: g.name, peer, at: now, pending: true } : { group: g.name, peer, at: now },
      );
  }
  return added.length === 0 ? ledger : { ...ledger, removals: [...ledger.removals, ...added] };
}

/** The ledger with every pending removal confirmed (its commit was confirmed). */
export function confirmPendingRemovals(ledger: RemovalLedger): RemovalLedger {
  if (!ledger.removals.some((r) => r.pending === true)) return ledger;
  return { ...ledger, removals: ledger.removals.map(({ pending: _settled, ...r }) => r) };
}

/**
 * Settles the pending removals against the device as read now: a removal whose peer is gone from
 * its group reached the device (confirmed, at the time it was recorded); one whose peer is still
 * configured there did not (a failed or rolled-back commit) and is dropped. Pure; returns `ledger`
 * itself when nothing was pending.
 */
export function settlePendingRemovals(ledger: RemovalLedger, actual: ManagedState): RemovalLedger {
  if (!ledger.removals.some((r) => r.pending === true)) return ledger;
  const configured = new Set(actual.groups.flatMap((g) => g.neighbors.map((peer) => `${g.name}|${peer}`)));
  const removals: LedgerRemoval[] = [];
  for (const { pending, ...r } of ledger.removals)
    if (pending !== true) removals.push(r);
    else if (!configured.has(`${r.group}|${r.peer}`)) removals.push(r);
  return { ...ledger, removals };
}

/**
 * The budget of `group` at `now`: at most `max(1, floor(maxRemovalShare × peak))` neighbor
 * removals inside any window of `removalWindowMs`, where `peak` is the largest configured size
 * the group had inside the window (so removing shrinks no budget until the window has passed).
 * A share of 0 allows none.
 */
export function groupBudget(
  ledger: RemovalLedger,
  group: string,
  currentSize: number,
  now: number,
  safety: Pick<SafetyConfig, 'maxRemovalShare' | 'removalWindowMs'>,
): GroupBudget {
  const samples = pruneSamples(ledger.sizes.get(group) ?? [], now, safety.removalWindowMs);
  let peak = currentSize;
  for (const s of samples) if (s.size > peak) peak = s.size;
  const start = now - safety.removalWindowMs;
  const recorded = ledger.removals.filter((r) => r.group === group && r.at > start).length;
  const limit = safety.maxRemovalShare <= 0 ? 0 : Math.max(1, Math.floor(safety.maxRemovalShare * peak + 1e-9));
  const used =
    ledger.exhaustedUntil !== undefined && ledger.exhaustedUntil > now ? Math.max(recorded, limit) : recorded;
  return { limit, used, peak };
}

/**
 * When a held removal of one of `groups` may proceed: the exhaustion marker while it stands, else
 * when the oldest removal of one of them inside the window leaves it; undefined when neither applies.
 */
export function budgetFreesAt(
  ledger: RemovalLedger,
  groups: ReadonlySet<string>,
  now: number,
  windowMs: number,
): number | undefined {
  let oldest: number | undefined;
  for (const r of ledger.removals)
    if (groups.has(r.group) && r.at > now - windowMs && (oldest === undefined || r.at < oldest)) oldest = r.at;
  // while exhausted, nothing frees before the marker passes; the pass then looks again
  if (ledger.exhaustedUntil !== undefined && ledger.exhaustedUntil > now) return ledger.exhaustedUntil;
  return oldest === undefined ? undefined : oldest + windowMs;
}
