import { backoffDelayMs } from '../retry/backoff.js';
import type { Penalty } from './peerMemory.js';

/** How long failed addresses are avoided (from `SelectionConfig`). */
export interface PenaltyPolicy {
  readonly penaltyMs: number;
  readonly penaltyMaxMs: number;
}

/**
 * The penalty after one more failure of an address at `now`: `penaltyMs` doubling per consecutive
 * failure up to `penaltyMaxMs`, jittered down by up to half with core's {@link backoffDelayMs}
 * (routers that saw the same address fail retry it at different times).
 */
export function penalise(
  previous: Penalty | undefined,
  now: number,
  policy: PenaltyPolicy,
  random: () => number,
): Penalty {
  const failures = (previous?.failures ?? 0) + 1;
  const delay = backoffDelayMs(failures, { initialMs: policy.penaltyMs, maxMs: policy.penaltyMaxMs }, random);
  return { failures, at: now, until: now + delay };
}

/** Is the address not to be chosen at `now`? */
export function isPenalised(penalty: Penalty | undefined, now: number): boolean {
  return penalty !== undefined && now < penalty.until;
}
