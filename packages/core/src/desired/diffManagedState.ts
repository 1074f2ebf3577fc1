import type { AsRange } from '../api/config.js';
import type { DesiredRouterConfig, GroupChange, ManagedChange, ManagedGroup, ManagedState } from '../api/state.js';

const EMPTY_GROUP = (name: string): ManagedGroup => ({ name, neighbors: [], allow: [], peerAsRanges: [] });

/**
 * Entries of `a` not in `b`. Lists are sorted, so the usual case (few changes in long `allow`
 * lists) skips the common head and tail by position and only hashes the differing middle.
 */
function minus(a: readonly string[], b: readonly string[]): string[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail])
    tail += 1;
  if (head + tail === a.length) return [];
  const drop = new Set(b.slice(head, b.length - tail));
  return a.slice(head, a.length - tail).filter((x) => !drop.has(x));
}

function sameRanges(a: readonly AsRange[], b: readonly AsRange[]): boolean {
  return a.length === b.length && a.every((r, i) => r.start === b[i]!.start && r.end === b[i]!.end);
}

function groupChange(actual: ManagedGroup | undefined, desired: ManagedGroup | undefined): GroupChange | undefined {
  const name = (actual ?? desired)!.name;
  const from = actual ?? EMPTY_GROUP(name);
  const to = desired ?? EMPTY_GROUP(name);
  const change: GroupChange = {
    name,
    create: actual === undefined,
    remove: desired === undefined,
    addNeighbors: minus(to.neighbors, from.neighbors),
    removeNeighbors: minus(from.neighbors, to.neighbors),
    addAllow: minus(to.allow, from.allow),
    removeAllow: minus(from.allow, to.allow),
    ...(sameRanges(from.peerAsRanges, to.peerAsRanges) ? {} : { peerAsRanges: to.peerAsRanges }),
  };
  const changed =
    change.create ||
    change.remove ||
    change.addNeighbors.length + change.removeNeighbors.length + change.addAllow.length + change.removeAllow.length >
      0 ||
    change.peerAsRanges !== undefined;
  return changed ? change : undefined;
}

/**
 * The minimal change from `actual` to `desired`: per group, only what differs (neighbors and allow
 * entries to add and remove, the new AS range list when it differs), groups to create and remove,
 * and graceful shutdown when it must switch. Groups sorted by name; lists keep the inputs' order
 * (both are sorted canonical). `diff(x, x)` is empty.
 */
export function diffManagedState(actual: ManagedState, desired: ManagedState): ManagedChange {
  const names = [...new Set([...actual.groups.map((g) => g.name), ...desired.groups.map((g) => g.name)])].sort();
  const groups: GroupChange[] = [];
  for (const name of names) {
    const change = groupChange(
      actual.groups.find((g) => g.name === name),
      desired.groups.find((g) => g.name === name),
    );
    if (change !== undefined) groups.push(change);
  }
  return {
    groups,
    ...(actual.gracefulShutdown === desired.gracefulShutdown ? {} : { gracefulShutdown: desired.gracefulShutdown }),
  };
}

/** True when applying `change` would change nothing. */
export function isEmptyChange(change: ManagedChange): boolean {
  return change.groups.length === 0 && change.gracefulShutdown === undefined;
}

/** The managed part of a desired configuration (what the device should hold). */
export function toManagedState(desired: DesiredRouterConfig): ManagedState {
  return {
    groups: desired.groups.map((g) => ({
      name: g.name,
      neighbors: g.neighbors,
      allow: g.allow,
      peerAsRanges: g.peerAsRanges,
    })),
    gracefulShutdown: desired.gracefulShutdown,
  };
}

/** Every neighbor the change removes (whole groups included), as `{ group, peer }`. */
export function removalsOf(change: ManagedChange): ReadonlyArray<{ group: string; peer: string }> {
  return change.groups.flatMap((g) => g.removeNeighbors.map((peer) => ({ group: g.name, peer })));
}
