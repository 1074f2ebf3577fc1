import type { Candidate } from './candidates.js';
import { rendezvousScorer } from './rendezvous.js';
import { zoneFill } from './zoneFill.js';

/** Inputs of {@link balancedAssignment}. */
export interface BalancedAssignmentInput {
  /** The routers that choose together (their keys: canonical addresses); order does not matter. */
  readonly members: readonly string[];
  /** What they choose from (canonical addresses with zones); order does not matter. */
  readonly candidates: readonly Candidate[];
  /** How many candidates each member takes (`max_peers`). */
  readonly perMember: number;
  /**
   * Share (0–1) by which a candidate's load may differ from the mean before members are moved
   * (`selection.balance_tolerance`). 0 = exact: every candidate carries ⌊mean⌋ or ⌈mean⌉.
   */
  readonly tolerance?: number;
}

interface Row {
  readonly member: string;
  readonly score: (address: string) => number;
  picks: Candidate[];
}

function byAddress(a: Candidate, b: Candidate): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

function zoneCount(picks: readonly Candidate[]): number {
  return new Set(picks.map((c) => c.zone)).size;
}

/** The load range each candidate must end up in. */
interface Bounds {
  readonly low: ReadonlyMap<string, number>;
  readonly high: ReadonlyMap<string, number>;
}

/**
 * The load range of every candidate. Exact (`tolerance` 0): `⌊total/n⌋`, and `⌊total/n⌋ + 1` for
 * the `total mod n` candidates the members want most by their own rendezvous choice (ties by
 * address), so the corrections needed are as few as possible. With a tolerance: every candidate
 * within `[min(⌊mean⌋, ⌈mean·(1−t)⌉), max(⌈mean⌉, ⌊mean·(1+t)⌋)]` — never tighter than exact,
 * never looser than the tolerance allows once rounded inwards.
 */
function bounds(candidates: readonly Candidate[], rows: readonly Row[], tolerance: number): Bounds {
  const natural = new Map(candidates.map((c) => [c.address, 0]));
  let total = 0;
  for (const row of rows)
    for (const c of row.picks) {
      natural.set(c.address, natural.get(c.address)! + 1);
      total += 1;
    }
  const mean = total / candidates.length;
  if (tolerance > 0) {
    const low = Math.min(Math.floor(mean), Math.ceil(mean * (1 - tolerance) - 1e-9));
    const high = Math.max(Math.ceil(mean), Math.floor(mean * (1 + tolerance) + 1e-9));
    return {
      low: new Map(candidates.map((c) => [c.address, low])),
      high: new Map(candidates.map((c) => [c.address, high])),
    };
  }
  const base = Math.floor(mean);
  const extra = total % candidates.length;
  const ranked = [...candidates].sort((a, b) => natural.get(b.address)! - natural.get(a.address)! || byAddress(a, b));
  const exact = new Map(ranked.map((c, i) => [c.address, base + (i < extra ? 1 : 0)]));
  return { low: exact, high: exact };
}

interface Move {
  readonly row: Row;
  readonly from: Candidate;
  readonly to: Candidate;
  readonly loss: number;
}

/** Is `a` a better correction than `b` (smaller loss of preference; ties by member, then addresses)? */
function better(a: Move, b: Move | undefined): boolean {
  if (b === undefined) return true;
  if (a.loss !== b.loss) return a.loss < b.loss;
  if (a.row.member !== b.row.member) return a.row.member < b.row.member;
  if (a.from.address !== b.from.address) return a.from.address < b.from.address;
  return a.to.address < b.to.address;
}

/**
 * The correction that costs the members the least preference, or none when nothing may move:
 * from a candidate over its high bound to one below it; else, to a candidate under its low bound
 * from one above it.
 */
function cheapestMove(
  rows: readonly Row[],
  candidates: readonly Candidate[],
  load: ReadonlyMap<string, number>,
  range: Bounds,
): Move | undefined {
  const loadOf = (c: Candidate) => load.get(c.address)!;
  const over = candidates.filter((c) => loadOf(c) > range.high.get(c.address)!);
  const [from, to] =
    over.length > 0
      ? [new Set(over), candidates.filter((c) => loadOf(c) < range.high.get(c.address)!)]
      : [
          new Set(candidates.filter((c) => loadOf(c) > range.low.get(c.address)!)),
          candidates.filter((c) => loadOf(c) < range.low.get(c.address)!),
        ];
  if (to.length === 0) return undefined;
  let best: Move | undefined;
  for (const row of rows) {
    const zones = zoneCount(row.picks);
    for (const source of row.picks) {
      if (!from.has(source)) continue;
      for (const target of to) {
        if (target.address === row.member || row.picks.includes(target)) continue;
        const after = row.picks.map((c) => (c === source ? target : c));
        if (zoneCount(after) < zones) continue;
        const move = { row, from: source, to: target, loss: row.score(source.address) - row.score(target.address) };
        if (better(move, best)) best = move;
      }
    }
  }
  return best;
}

/**
 * One assignment of `perMember` candidates to every member, computed identically by every member
 * that sees the same members and candidates — so each router can take its own row without talking
 * to the others, and together they are balanced:
 * 1. each member's own choice: its rendezvous (HRW) top `perMember`, spread over zones
 *    ({@link zoneFill}) — stable: a candidate added or removed only changes the rows that rank it
 *    that high, about `perMember · members / candidates` of them;
 * 2. bounds: every candidate must carry `⌊mean⌋` or `⌈mean⌉` members (`tolerance` 0), or stay
 *    within `tolerance` of the mean (see {@link bounds});
 * 3. while a candidate is over (then: under) its bound, the cheapest correction moves one member
 *    from it to a candidate with room (from one with members to spare): the member that loses the
 *    least rendezvous score, never lowering the number of zones in its row, ties broken by member
 *    and address. Each correction fixes one excess, so there are no chains, and the corrections
 *    are the marginal members — the ones that move least when candidates change. A tolerance
 *    trades balance for fewer corrections, hence fewer moves when candidates come and go.
 * Returns each member's row (canonical addresses, best first by that member's score). Members
 * never get their own address. Deterministic and independent of input order;
 * O(members · candidates · log) plus O(corrections · members · perMember · candidates).
 */
export function balancedAssignment(input: BalancedAssignmentInput): Map<string, string[]> {
  const candidates = [...new Map(input.candidates.map((c) => [c.address, c])).values()].sort(byAddress);
  const members = [...new Set(input.members)].sort();
  const rows: Row[] = members.map((member) => {
    const scoreOf = rendezvousScorer(member);
    const pool = candidates.filter((c) => c.address !== member);
    return { member, score: scoreOf, picks: zoneFill(pool, [], input.perMember, (c) => scoreOf(c.address)) };
  });
  if (candidates.length > 0) {
    const range = bounds(candidates, rows, Math.min(1, Math.max(0, input.tolerance ?? 0)));
    const load = new Map(candidates.map((c) => [c.address, 0]));
    for (const row of rows) for (const c of row.picks) load.set(c.address, load.get(c.address)! + 1);
    for (;;) {
      const move = cheapestMove(rows, candidates, load, range);
      if (move === undefined) break;
      move.row.picks = move.row.picks.map((c) => (c === move.from ? move.to : c));
      load.set(move.from.address, load.get(move.from.address)! - 1);
      load.set(move.to.address, load.get(move.to.address)! + 1);
    }
  }
  return new Map(
    rows.map((row) => [
      row.member,
      [...row.picks]
        .sort((a, b) => row.score(b.address) - row.score(a.address) || byAddress(a, b))
        .map((c) => c.address),
    ]),
  );
}
