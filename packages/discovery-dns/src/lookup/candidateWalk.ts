import { DiscoveryError, minOf } from '@meshrr/core';
import type { NegativeOutcome } from './interpretResponse.js';
import type { TypeOutcome } from './resolveType.js';

/** A negative answer and the question it answered. */
export interface NegativeSeen {
  readonly name: string;
  readonly type: string;
  readonly outcome: NegativeOutcome;
}

/** The first candidate with records, with every outcome for it. */
export interface CandidateFound {
  readonly kind: 'found';
  readonly name: string;
  readonly outcomes: readonly { readonly type: string; readonly outcome: TypeOutcome }[];
}

/** Every candidate answered negatively (whether those answers may empty the set is decided later). */
export interface AllNegative {
  readonly kind: 'all-negative';
  readonly negatives: readonly NegativeSeen[];
}

/**
 * Walks search candidates in order (glibc semantics): for each, resolves every type in parallel;
 * the first candidate with records of any type wins; a candidate with only NXDOMAIN/NODATA answers
 * moves the walk on; any failure (thrown) ends the walk and propagates, because a later candidate
 * must not win while an earlier one might have answered.
 */
export async function walkCandidates(
  candidates: readonly string[],
  types: readonly string[],
  resolve: (name: string, type: string) => Promise<TypeOutcome>,
): Promise<CandidateFound | AllNegative> {
  const negatives: NegativeSeen[] = [];
  for (const name of candidates) {
    const outcomes = await Promise.all(types.map(async (type) => ({ type, outcome: await resolve(name, type) })));
    if (outcomes.some((o) => o.outcome.kind === 'records')) return { kind: 'found', name, outcomes };
    for (const o of outcomes)
      if (o.outcome.kind === 'negative') negatives.push({ name, type: o.type, outcome: o.outcome });
  }
  return { kind: 'all-negative', negatives };
}

/**
 * Decides whether negative answers for every candidate make the set authoritatively empty: all of
 * them must be `trusted`. Returns the negative TTL to refresh after (smallest known) or throws
 * {@link DiscoveryError} kind `untrusted-negative`, naming the answers that were not trusted.
 */
export function confirmEmpty(walk: AllNegative): { ttlSeconds: number | undefined } {
  const untrusted = walk.negatives.filter((n) => !n.outcome.trusted);
  if (untrusted.length > 0) {
    const list = untrusted.map((n) => `${n.name} ${n.type} ${n.outcome.negative.toUpperCase()} with AA=0`).join(', ');
    throw new DiscoveryError(
      'untrusted-negative',
      `negative answers that may not empty the set (see option negative_answers): ${list}`,
    );
  }
  const ttls = walk.negatives.map((n) => n.outcome.ttlSeconds).filter((t): t is number => t !== undefined);
  return { ttlSeconds: ttls.length > 0 ? minOf(ttls) : undefined };
}
