import {
  STATEMENT_FIELDS,
  type GroupStatementKind,
  type ManagedChange,
  type ManagedGroup,
  type ManagedState,
} from '../api/state.js';
import { compareCidr, parseCidr } from '../net/cidr.js';
import { sortIpAddressTexts } from '../net/ipAddress.js';

function sortCidrs(texts: Iterable<string>): string[] {
  return [...new Set(texts)].sort((a, b) => {
    const x = parseCidr(a);
    const y = parseCidr(b);
    return x.ok && y.ok ? compareCidr(x.cidr, y.cidr) : a.localeCompare(b);
  });
}

/** The statement fields of a group (everything but name, neighbors, allow, AS ranges, inactive). */
function statementsOf(group: ManagedGroup | undefined): Partial<ManagedGroup> {
  if (group === undefined) return {};
  const { name: _n, neighbors: _ne, allow: _a, peerAsRanges: _p, inactive: _i, ...rest } = group;
  const { owned: _o, ...statements } = rest as ManagedGroup & { owned?: unknown };
  return statements;
}

function applyStatements(
  base: ManagedGroup,
  change: ManagedChange['groups'][number],
  target: ManagedGroup | undefined,
): Partial<ManagedGroup> {
  if (change.create) return statementsOf(target);
  const out: Record<string, unknown> = { ...statementsOf(base) };
  const want = statementsOf(target) as Record<string, unknown>;
  for (const kind of change.statements ?? []) {
    const field = STATEMENT_FIELDS[kind];
    if (want[field] === undefined) delete out[field];
    else out[field] = want[field];
  }
  if ((change.neighborFamilies ?? []).length > 0 || change.statements?.includes('families')) {
    if (want['neighborFamilies'] === undefined) delete out['neighborFamilies'];
    else out['neighborFamilies'] = want['neighborFamilies'];
  }
  return out as Partial<ManagedGroup>;
}

function applyGroup(
  existing: ManagedGroup | undefined,
  change: ManagedChange['groups'][number],
  target: ManagedGroup | undefined,
): ManagedGroup {
  const base: ManagedGroup = existing ?? { name: change.name, neighbors: [], allow: [], peerAsRanges: [] };
  const removeNeighbors = new Set(change.removeNeighbors);
  const removeAllow = new Set(change.removeAllow);
  const activated = new Set(change.activate ?? []);
  const inactive = (base.inactive ?? []).filter((name) => !activated.has(name));
  return {
    ...applyStatements(base, change, target),
    ...(inactive.length === 0 ? {} : { inactive }),
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
 * added (sorted, de-duplicated), `peerAsRanges` replaces the list when present, a created group
 * takes every statement of its `desired` group, listed statement kinds and neighbor families take
 * the `desired` values, activated statements lose their inactive mark, router statements likewise;
 * groups sorted by name. Pure.
 */
export function applyManagedChange(state: ManagedState, change: ManagedChange, desired?: ManagedState): ManagedState {
  const groups = new Map(state.groups.map((g) => [g.name, g]));
  for (const gc of change.groups) {
    if (gc.remove) groups.delete(gc.name);
    else
      groups.set(
        gc.name,
        applyGroup(
          groups.get(gc.name),
          gc,
          desired?.groups.find((g) => g.name === gc.name),
        ),
      );
  }
  const {
    groups: _g,
    gracefulShutdown: _s,
    inactive: _i,
    owned: _o,
    ...router
  } = state as ManagedState & {
    owned?: unknown;
  };
  const next: Record<string, unknown> = { ...router };
  for (const kind of change.statements ?? []) {
    const field = kind === 'graceful-restart' ? 'gracefulRestart' : kind;
    const value = (desired as Record<string, unknown> | undefined)?.[field];
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  const activated = new Set(change.activate ?? []);
  const inactive = (state.inactive ?? []).filter((name) => !activated.has(name));
  return {
    ...(next as Partial<ManagedState>),
    groups: [...groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    gracefulShutdown: change.gracefulShutdown ?? state.gracefulShutdown,
    ...(inactive.length === 0 ? {} : { inactive }),
  };
}
