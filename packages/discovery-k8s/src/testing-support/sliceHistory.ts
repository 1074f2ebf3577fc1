import { matchesSelector } from './labelSelector.js';

/** A stored EndpointSlice object with its server-set metadata. Test support. */
export type Stored = Record<string, unknown> & {
  metadata: {
    name: string;
    namespace: string;
    resourceVersion: string;
    labels: Record<string, string>;
    uid: string;
    [key: string]: unknown;
  };
};

/** One change in the fake store's history. */
export interface HistoryEvent {
  readonly rv: number;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly obj: Stored;
  readonly prev: Stored | undefined;
}

/** Orders objects by name. */
export function byName(a: Stored, b: Stored): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * The watch event a watcher of `namespace`/`selector` sees for a change, as the API server's
 * watch cache does: MODIFIED while the object matches before and after, ADDED when it starts
 * matching, DELETED when it stops matching or is deleted, nothing otherwise.
 */
export function eventForWatcher(
  namespace: string,
  selector: string | undefined,
  e: HistoryEvent,
): { type: string; object: unknown } | undefined {
  if (e.obj.metadata.namespace !== namespace) return undefined;
  const now = e.type !== 'DELETED' && matchesSelector(selector, e.obj.metadata.labels);
  const before = e.prev !== undefined && matchesSelector(selector, e.prev.metadata.labels);
  if (e.type === 'DELETED') return before ? { type: 'DELETED', object: e.obj } : undefined;
  if (now && before) return { type: 'MODIFIED', object: e.obj };
  if (now) return { type: 'ADDED', object: e.obj };
  if (before)
    return { type: 'DELETED', object: { ...e.prev, metadata: { ...e.prev!.metadata, resourceVersion: String(e.rv) } } };
  return undefined;
}

/**
 * The objects of `namespace` matching `selector` as they were at `rv`, rebuilt by undoing the
 * history newer than `rv` on the current objects (`rv` must not be older than the compaction point).
 */
export function snapshotAt(
  current: readonly Stored[],
  history: readonly HistoryEvent[],
  namespace: string,
  selector: string | undefined,
  rv: number,
): Stored[] {
  const state = new Map(current.map((o) => [o.metadata.name, o]));
  for (const e of [...history].reverse()) {
    if (e.rv <= rv) break;
    if (e.obj.metadata.namespace !== namespace) continue;
    if (e.prev === undefined) state.delete(e.obj.metadata.name);
    else state.set(e.prev.metadata.name, e.prev);
  }
  return [...state.values()].filter((o) => matchesSelector(selector, o.metadata.labels)).sort(byName);
}
