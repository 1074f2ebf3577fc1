import { canonicalUnicast } from './candidates.js';
import { computeDesiredState, type DesiredStateInput, type DesiredStateResult } from './computeDesiredState.js';
import { DesiredStateCache } from './desiredStateCache.js';
import type { PeerMemory } from './peerMemory.js';
import { structuralEqual } from './structuralEqual.js';

/** One remembered computation and the times at which its result is also the fresh result. */
interface Entry {
  /** The input without `now` and `random` (compared structurally). */
  readonly key: Omit<DesiredStateInput, 'now' | 'random'>;
  readonly result: DesiredStateResult;
  /** The `now` it was computed at. */
  readonly at: number;
  /** It holds for every `now` in [`at`, `until`); `until === at`: for `at` only. */
  readonly until: number;
}

/** How many computations are remembered: the engine's pass 1 and its pass 2 with held removals. */
const ENTRIES = 2;

function keyOf(input: DesiredStateInput): Entry['key'] {
  const { now: _now, random: _random, ...key } = input;
  return key;
}

/**
 * Does `memory` hold a time the computation may have derived from `now`: one equal to `now`, or a
 * session condition that changed since `before` (a drop is dated `now - downForMs`)?
 */
function stampedAt(memory: PeerMemory, now: number, before: PeerMemory): boolean {
  const same = memory.sessions === before.sessions;
  for (const peer in memory.sessions) {
    if (!Object.hasOwn(memory.sessions, peer)) continue;
    const s = memory.sessions[peer]!;
    if ((!same && before.sessions[peer] !== s) || s.since === now) return true;
  }
  for (const peers of Object.values(memory.vanishedSince))
    for (const since of Object.values(peers)) if (since === now) return true;
  for (const p of Object.values(memory.penalties)) if (p.at === now || p.until === now) return true;
  for (const due of Object.values(memory.balanceDueAt)) if (due === now) return true;
  return false;
}

/**
 * Does the computation start tracking a configured peer's session at `now`? A neighbor on the
 * device that the input memory does not track (one the previous desired state dropped while the
 * device kept it: a plan, a failed or held commit) gets `since = now` for this pass, and its timed
 * conditions (health window, session-down hold) count from `now`; when it is still not desired, the
 * result's memory drops it again, so nothing in that memory shows the dependence on `now`.
 */
function tracksFromNow(input: DesiredStateInput): boolean {
  for (const group of input.actual.groups)
    for (const peer of group.neighbors)
      if (input.memory.sessions[canonicalUnicast(peer) ?? peer] === undefined) return true;
  return false;
}

/**
 * Until when a result computed at `now` is what a fresh computation returns, all else equal. Every
 * timed decision compares `now` with a time it reports in `nextDeadline` when that time is still
 * ahead, and the memory keeps a penalty until it runs out: before the earliest of those, nothing
 * differs. A computation that drew random numbers, or wrote `now` itself into the memory (a new
 * session, vanish or pacing time) or a changed session condition, or that started tracking a
 * configured peer at `now` ({@link tracksFromNow}), holds at that `now` only.
 */
function validUntil(result: DesiredStateResult, input: DesiredStateInput, usedRandom: boolean): number {
  const now = input.now;
  if (usedRandom || tracksFromNow(input) || stampedAt(result.memory, now, input.memory)) return now;
  let until = result.nextDeadline ?? Number.POSITIVE_INFINITY;
  for (const p of Object.values(result.memory.penalties)) if (p.until > now) until = Math.min(until, p.until);
  return until;
}

/**
 * {@link computeDesiredState} with a memory of its last computations, for the engine's passes:
 * when the input is structurally the same as a remembered one (configuration, identity, discovered
 * sets, device state, sessions, peer memory, holds) and its `now` lies where that result cannot
 * have changed (see `validUntil`), the remembered result is returned without computing — a pass in
 * which nothing changed costs the comparison only. Otherwise it computes afresh. Its results are
 * always equal to a fresh computation's; when the peer memory came out unchanged, the result
 * carries the input's memory object, so the next pass, which passes it back, compares it by
 * reference. One instance per engine (it is not shared between routers).
 */
export class DesiredStateMemo {
  #entries: Entry[] = [];
  readonly #stages = new DesiredStateCache();
  #hits = 0;
  #misses = 0;

  /** The desired state for `input`: remembered when valid, else computed (and remembered). */
  compute(input: DesiredStateInput): DesiredStateResult {
    const key = keyOf(input);
    for (const entry of this.#entries) {
      const inTime = input.now === entry.at || (input.now > entry.at && input.now < entry.until);
      if (inTime && structuralEqual(entry.key, key)) {
        this.#hits += 1;
        return entry.result;
      }
    }
    this.#misses += 1;
    let usedRandom = false;
    const random = input.random;
    const fresh = computeDesiredState(
      random === undefined
        ? input
        : {
            ...input,
            random: () => {
              usedRandom = true;
              return random();
            },
          },
      this.#stages,
    );
    const result = structuralEqual(fresh.memory, input.memory) ? { ...fresh, memory: input.memory } : fresh;
    this.#entries = [
      { key, result, at: input.now, until: validUntil(result, input, usedRandom) },
      ...this.#entries,
    ].slice(0, ENTRIES);
    return result;
  }

  /** Passes answered from memory and passes computed, since this memo was made. */
  get stats(): { readonly hits: number; readonly misses: number } {
    return { hits: this.#hits, misses: this.#misses };
  }
}
