import type { ManagedChange, PeerDecision } from '../api/state.js';

/**
 * Reasons of the removals a `max_peers` group makes as swaps: only while `max_peers` other peers
 * of the group are Established (a failed or surplus peer goes once its replacement is up, a
 * balance move drops the old peer once the new one is up), so they never lower the number of
 * Established peers and no discovery glitch can cause them.
 */
export const SWAP_REMOVAL_REASONS: ReadonlySet<string> = new Set([
  'rebalanced',
  'surplus',
  'session-down',
  'not-established',
]);

/**
 * `change` without the removals that `decisions` make as `max_peers` swaps
 * ({@link SWAP_REMOVAL_REASONS}): what the removal budget and quorum guard and count. A whole-group
 * removal is kept as it is. Pure.
 */
export function withoutSwapRemovals(change: ManagedChange, decisions: readonly PeerDecision[]): ManagedChange {
  const swaps = new Set(
    decisions
      .filter((d) => d.action === 'remove' && SWAP_REMOVAL_REASONS.has(d.reason))
      .map((d) => `${d.group}|${d.peer}`),
  );
  if (swaps.size === 0) return change;
  return {
    ...change,
    groups: change.groups.map((g) =>
      g.remove ? g : { ...g, removeNeighbors: g.removeNeighbors.filter((peer) => !swaps.has(`${g.name}|${peer}`)) },
    ),
  };
}
