import type { ManagedChange, ManagedGroup, ManagedState } from '../api/state.js';
import { compareCidr, parseCidr } from '../net/cidr.js';
import { sortIpAddressTexts } from '../net/ipAddress.js';

function sortCidrs(texts: Iterable<string>): string[] {
  return [...new Set(texts)].sort((a, b) => {
    const x = parseCidr(a);
    const y = parseCidr(b);
    return x.ok && y.ok ? compareCidr(x.cidr, y.cidr) : a.localeCompare(b);
  });
}

function applyGroup(existing: ManagedGroup | undefined, change: ManagedChange['groups'][number]): ManagedGroup {
  const base: ManagedGroup = existing ?? { name: change.name, neighbors: [], allow: [], peerAsRanges: [] };
  const removeNeighbors = new Set(change.removeNeighbors);
  const removeAllow = new Set(change.removeAllow);
  return {
    name: change.name,
    neighbors: sortIpAddressTexts(
      new Set([...base.neighbors.filter((n) => !removeNeighbors.has(n)), ...change.addNeighbors]),
    ),
    allow: sortCidrs([...base.allow.filter((a) => !removeAllow.has(a)), ...change.addAllow]),
    peerAsRanges: change.peerAsRanges ?? base.peerAsRanges,
  };
}

/**
 * What a device holds after applying `change` to `state` — how a device (the fake device, the dry-run device) applies a
 * {@link ManagedChange}: `remove` deletes the group, otherwise neighbors/allow are removed then
 * added (sorted, de-duplicated), `peerAsRanges` replaces the list when present, groups sorted by
 * name. Pure.
 */
export function applyManagedChange(state: ManagedState, change: ManagedChange): ManagedState {
  const groups = new Map(state.groups.map((g) => [g.name, g]));
  for (const gc of change.groups) {
    if (gc.remove) groups.delete(gc.name);
    else groups.set(gc.name, applyGroup(groups.get(gc.name), gc));
  }
  return {
    groups: [...groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    gracefulShutdown: change.gracefulShutdown ?? state.gracefulShutdown,
  };
}
