import type { DesiredGroup, ManagedState, PeerDecision } from '../api/state.js';

/** The groups with every address in one of them only, and the decisions updated to say so. */
export interface ExclusiveNeighbors {
  readonly groups: readonly DesiredGroup[];
  readonly decisions: readonly PeerDecision[];
}

/** Lower ranks win: held there, configured there on the device, then file order. */
function rank(group: DesiredGroup, peer: string, held: ReadonlySet<string>, onDevice: ReadonlySet<string>): number {
  const key = `${group.name}|${peer}`;
  return held.has(key) ? 0 : onDevice.has(key) ? 1 : 2;
}

/**
 * One address is a neighbor of one group only (FRR refuses a neighbor in two peer-groups; Junos a
 * neighbor in two groups). When several groups want the same address, one precedence decides:
 * 1. the group whose removal of it the safety guards hold (it cannot leave yet — a renamed or
 *    dropped group keeps its last neighbors until the removal budget allows),
 * 2. else the group that has it configured on the device (a working session never moves because
 *    another group found the address too),
 * 3. else the first of them in `groups` order (configuration file order; retired groups last).
 * The other groups drop it: decision `remove` where the device has it, else `skip`, with reason
 * `in-group:<winner>`. Pure; `groups` keeps its order.
 */
export function exclusiveNeighbors(
  groups: readonly DesiredGroup[],
  decisions: readonly PeerDecision[],
  actual: ManagedState,
  held: readonly PeerDecision[],
): ExclusiveNeighbors {
  // An address wanted by two groups needs two groups with neighbors: with one, nothing to settle.
  if (groups.filter((g) => g.neighbors.length > 0).length < 2) return { groups, decisions };
  const wanting = new Map<string, number[]>();
  groups.forEach((group, index) => {
    for (const peer of group.neighbors) {
      const list = wanting.get(peer);
      if (list === undefined) wanting.set(peer, [index]);
      else list.push(index);
    }
  });
  const heldKeys = new Set(held.map((h) => `${h.group}|${h.peer}`));
  const onDevice = new Set(actual.groups.flatMap((g) => g.neighbors.map((peer) => `${g.name}|${peer}`)));
  const dropped = new Map<string, string>();
  for (const [peer, indices] of wanting) {
    if (indices.length < 2) continue;
    let winner = indices[0]!;
    for (const index of indices)
      if (rank(groups[index]!, peer, heldKeys, onDevice) < rank(groups[winner]!, peer, heldKeys, onDevice))
        winner = index;
    for (const index of indices)
      if (index !== winner) dropped.set(`${groups[index]!.name}|${peer}`, groups[winner]!.name);
  }
  if (dropped.size === 0) return { groups, decisions };
  const kept = decisions.filter((d) => !dropped.has(`${d.group}|${d.peer}`));
  for (const [key, winner] of dropped) {
    const cut = key.lastIndexOf('|');
    const [group, peer] = [key.slice(0, cut), key.slice(cut + 1)];
    kept.push({ group, peer, action: onDevice.has(key) ? 'remove' : 'skip', reason: `in-group:${winner}` });
  }
  return {
    groups: groups.map((g) => (g.neighbors.some((peer) => dropped.has(`${g.name}|${peer}`)) ? without(g, dropped) : g)),
    decisions: kept,
  };
}

/** `group` without its neighbors in `dropped` (`group|peer` keys), their own family lists included. */
function without(group: DesiredGroup, dropped: { has(key: string): boolean }): DesiredGroup {
  const keep = (peer: string): boolean => !dropped.has(`${group.name}|${peer}`);
  const { neighborFamilies, ...rest } = group;
  const families =
    neighborFamilies === undefined ? [] : Object.entries(neighborFamilies).filter(([peer]) => keep(peer));
  return {
    ...rest,
    neighbors: group.neighbors.filter(keep),
    ...(families.length === 0 ? {} : { neighborFamilies: Object.fromEntries(families) }),
  };
}
