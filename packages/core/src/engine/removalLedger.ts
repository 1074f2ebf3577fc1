import type { SafetyConfig } from '../api/config.js';
import type { ManagedChange, ManagedState } from '../api/state.js';

/** One neighbor removal a confirmed commit made. */
export interface LedgerRemoval {
  readonly group: string;
  readonly peer: string;
  readonly at: number;
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
}

/** A ledger with nothing recorded (an agent that just started). */
export const EMPTY_REMOVAL_LEDGER: RemovalLedger = { removals: [], sizes: new Map() };

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
  return { removals: ledger.removals.filter((r) => r.at > now - windowMs), sizes };
}

/** Adds the neighbor removals of a confirmed `change` (whole-group removals: every neighbor `actual` had). */
export function recordRemovals(
  ledger: RemovalLedger,
  change: ManagedChange,
  actual: ManagedState,
  now: number,
): RemovalLedger {
  const added: LedgerRemoval[] = [];
  for (const g of change.groups) {
    const removed = g.remove ? (actual.groups.find((a) => a.name === g.name)?.neighbors ?? []) : g.removeNeighbors;
    for (const peer of removed) added.push({ group: g.name, peer, at: now });
  }
  return added.length === 0 ? ledger : { removals: [...ledger.removals, ...added], sizes: ledger.sizes };
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
  const used = ledger.removals.filter((r) => r.group === group && r.at > start).length;
  const limit = safety.maxRemovalShare <= 0 ? 0 : Math.max(1, Math.floor(safety.maxRemovalShare * peak + 1e-9));
  return { limit, used, peak };
}

/**
 * When the oldest removal of one of `groups` inside the window leaves it (so a held removal may
 * proceed); undefined when none of them has a removal inside the window.
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
  return oldest === undefined ? undefined : oldest + windowMs;
}
