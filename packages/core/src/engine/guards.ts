import type { SafetyConfig } from '../api/config.js';
import type { ManagedChange, ManagedState, PeerDecision } from '../api/state.js';
import { compareIpAddress, parseIpAddress } from '../net/ipAddress.js';
import { groupBudget, type RemovalLedger } from './removalLedger.js';

/** Why the guards held a removal back. */
export type HoldReason = 'removal-cap' | 'quorum';

function byAddress(a: string, b: string): number {
  const x = parseIpAddress(a);
  const y = parseIpAddress(b);
  if (x === undefined || y === undefined) return a < b ? -1 : a > b ? 1 : 0;
  return compareIpAddress(x, y);
}

/**
 * The safety guards (pure). For every group the change removes neighbors from (a whole-group
 * removal — a group the configuration no longer has — removes all of its configured neighbors):
 * - the removal budget (`removal-cap`): the removals confirmed inside the sliding window
 *   (`ledger`, `safety.removalWindowMs`) plus these stay within `max(1, floor(maxRemovalShare ×
 *   peak))`, `peak` being the group's largest configured size inside the window (see
 *   {@link groupBudget}); and
 * - the quorum (`quorum`), for groups the configuration still has: only as many as keep
 *   `configured + added − removed ≥ minGroupPeers`. A group the configuration dropped is being
 *   retired, not shrunk: only the budget applies, so it is removed one window at a time.
 * The removals allowed are the first ones in address order (IPv4 before IPv6), so repeated
 * commits converge deterministically; the rest are returned as `hold` decisions with the reason of
 * the binding limit, to be fed back into `computeDesiredState({ held })`. With
 * `allowLargeRemovals` nothing is held. Returns `[]` when nothing needs holding.
 */
export function guardRemovals(
  actual: ManagedState,
  change: ManagedChange,
  safety: SafetyConfig,
  ledger: RemovalLedger,
  now: number,
): PeerDecision[] {
  if (safety.allowLargeRemovals) return [];
  const held: PeerDecision[] = [];
  for (const groupChange of change.groups) {
    const configured = actual.groups.find((g) => g.name === groupChange.name)?.neighbors ?? [];
    const removals = [...(groupChange.remove ? configured : groupChange.removeNeighbors)].sort(byAddress);
    if (removals.length === 0) continue;
    const added = groupChange.remove ? 0 : groupChange.addNeighbors.length;
    const budget = groupBudget(ledger, groupChange.name, configured.length, now, safety);
    const byBudget = Math.max(0, budget.limit - budget.used);
    const byQuorum = groupChange.remove
      ? Number.POSITIVE_INFINITY
      : Math.max(0, configured.length + added - safety.minGroupPeers);
    const allowed = Math.min(removals.length, byBudget, byQuorum);
    const reason: HoldReason = byQuorum <= byBudget ? 'quorum' : 'removal-cap';
    for (const peer of removals.slice(allowed)) held.push({ group: groupChange.name, peer, action: 'hold', reason });
  }
  return held;
}
