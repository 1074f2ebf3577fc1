import type { DiscoveredPeer } from '../api/peer.js';
import {
  canonicalUnicast,
  compareAddresses,
  sortAddresses,
  usableCandidatesWith,
  type Candidate,
} from './candidates.js';
import { sameStrings } from './sameStrings.js';

/** The usable candidates of one mesh group as last computed, and what they were computed from. */
interface CandidatesEntry {
  readonly discovered: readonly DiscoveredPeer[];
  readonly self: ReadonlySet<string>;
  readonly result: ReadonlyMap<string, Candidate>;
}

/** One sorted neighbor list and its members. */
interface SortedEntry {
  readonly members: ReadonlySet<string>;
  readonly sorted: readonly string[];
}

/** The allow list of one subtractive group and the prefixes it came from. */
interface AllowEntry {
  readonly prefixes: readonly string[];
  readonly allow: readonly string[];
}

/** Above this share of changed members, a sorted list is sorted afresh rather than patched. */
const PATCH_SHARE = 1 / 16;

/**
 * Per-stage memory of one engine's desired-state computations, so that a pass in which a few
 * peers changed costs work in proportion to those few (plus linear comparisons), not a full
 * recomputation of every large group:
 * - the canonical form of every address text seen in the last pass (parsing is most of the cost
 *   of a 50,000-peer discovered set);
 * - per mesh group, the usable candidates: reused when the discovered set is element-wise the same
 *   (the same peer objects, or equal address and zone);
 * - per mesh group, the sorted neighbor list: reused when the members are the same, patched (the
 *   removed dropped, the added inserted by binary search) when few changed;
 * - per subtractive group, the allow list: reused when the excluded neighbors and the prefixes are
 *   element-wise the same.
 * Every stage returns exactly what it computes from scratch (same content, same order); only the
 * work is saved. Pure memoisation: no time, no chance. One instance per engine (`DesiredStateMemo`
 * owns one); not shared between routers.
 */
export class DesiredStateCache {
  #canonical = new Map<string, string | null>();
  #candidates = new Map<string, CandidatesEntry>();
  #sorted = new Map<string, SortedEntry>();
  #exclusions: readonly string[] | undefined;
  #allow = new Map<string, AllowEntry>();

  /** `canonicalUnicast(text)`, remembered. */
  canonical(text: string): string | undefined {
    let value = this.#canonical.get(text);
    if (value === undefined) {
      value = canonicalUnicast(text) ?? null;
      this.#canonical.set(text, value);
    }
    return value ?? undefined;
  }

  /**
   * Ends a pass that saw `addresses` address texts: when the remembered canonical forms are more
   * than twice that (plus some slack), they are forgotten, so churn cannot grow them without bound.
   */
  endPass(addresses: number): void {
    if (this.#canonical.size > 2 * addresses + 4_096) this.#canonical.clear();
  }

  /** `usableCandidates(discovered, self)` of mesh group `group`, reused when its inputs are the same. */
  candidates(
    group: string,
    discovered: readonly DiscoveredPeer[],
    self: ReadonlySet<string>,
  ): ReadonlyMap<string, Candidate> {
    const entry = this.#candidates.get(group);
    if (entry !== undefined && sameSet(entry.self, self) && sameDiscovered(entry.discovered, discovered)) {
      this.#candidates.set(group, { ...entry, discovered });
      return entry.result;
    }
    const result = usableCandidatesWith(discovered, self, (text) => this.canonical(text));
    this.#candidates.set(group, { discovered, self, result });
    return result;
  }

  /** `sortAddresses(members)` for list `key`: reused or patched from the last sorted list of `key`. */
  sorted(key: string, members: ReadonlySet<string>): readonly string[] {
    const entry = this.#sorted.get(key);
    let sorted: readonly string[];
    if (entry === undefined) sorted = sortAddresses(members);
    else {
      const removed = entry.sorted.filter((a) => !members.has(a));
      const added: string[] = [];
      for (const a of members) if (!entry.members.has(a)) added.push(a);
      if (removed.length === 0 && added.length === 0) sorted = entry.sorted;
      else if (removed.length + added.length > members.size * PATCH_SHARE) sorted = sortAddresses(members);
      else sorted = patchSorted(entry.sorted, new Set(removed), sortAddresses(added));
    }
    this.#sorted.set(key, { members, sorted });
    return sorted;
  }

  /** Forgets the lists and candidates of groups not in `groups` (groups renamed or removed). */
  keepGroups(groups: ReadonlySet<string>): void {
    for (const name of this.#candidates.keys()) if (!groups.has(name)) this.#candidates.delete(name);
    for (const name of this.#sorted.keys()) if (!groups.has(name)) this.#sorted.delete(name);
    for (const name of this.#allow.keys()) if (!groups.has(name)) this.#allow.delete(name);
  }

  /**
   * The allow lists of the subtractive groups for `exclusions` (every meshed neighbor): `compute`
   * is called for the groups whose list cannot be reused (the exclusions or its prefixes changed).
   */
  allowLists(
    exclusions: readonly string[],
    groups: ReadonlyArray<{ readonly name: string; readonly prefixes: readonly string[] }>,
    compute: (prefixes: readonly string[]) => readonly string[],
  ): ReadonlyMap<string, readonly string[]> {
    const sameExclusions = this.#exclusions !== undefined && sameStrings(this.#exclusions, exclusions);
    if (!sameExclusions) this.#allow.clear();
    this.#exclusions = exclusions;
    const out = new Map<string, readonly string[]>();
    for (const group of groups) {
      const entry = this.#allow.get(group.name);
      const allow =
        entry !== undefined && sameStrings(entry.prefixes, group.prefixes) ? entry.allow : compute(group.prefixes);
      this.#allow.set(group.name, { prefixes: group.prefixes, allow });
      out.set(group.name, allow);
    }
    return out;
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameDiscovered(a: readonly DiscoveredPeer[], b: readonly DiscoveredPeer[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x.address !== y.address || x.labels['zone'] !== y.labels['zone'])) return false;
  }
  return true;
}

/** `sorted` without `removed`, with `added` (sorted, none already in `sorted`) inserted in order. */
function patchSorted(sorted: readonly string[], removed: ReadonlySet<string>, added: readonly string[]): string[] {
  const kept = removed.size === 0 ? [...sorted] : sorted.filter((a) => !removed.has(a));
  const out: string[] = [];
  let from = 0;
  for (const a of added) {
    let lo = from;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareAddresses(kept[mid]!, a) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = from; i < lo; i += 1) out.push(kept[i]!);
    out.push(a);
    from = lo;
  }
  for (let i = from; i < kept.length; i += 1) out.push(kept[i]!);
  return out;
}
