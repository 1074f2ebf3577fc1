/**
 * How a retry delay grows: exponential from `initialMs`, doubling per consecutive failure, capped
 * at `maxMs`, then randomised downwards by up to `jitter` of itself. Jitter matters when many
 * agents fail at once (a DNS server or API server comes back after an outage): without it they
 * all retry in lockstep.
 */
export interface BackoffPolicy {
  /** Delay before the first retry, before jitter (ms, > 0). */
  readonly initialMs: number;
  /** Upper bound of any delay (ms, ≥ initialMs). */
  readonly maxMs: number;
  /**
   * Share of the delay that is random, 0–1 (default 0.5): the delay is uniform in
   * [ceiling × (1 − jitter), ceiling]. 0 = deterministic.
   */
  readonly jitter?: number;
}

/** Default share of a backoff delay that is random ("equal jitter"). */
export const DEFAULT_BACKOFF_JITTER = 0.5;

/**
 * The delay before retry number `attempt` (1 = the first retry after one failure; ≤ 0 gives 0).
 * `random` is uniform in [0, 1) — the injected `Clock.random` — so tests choose it. Never above
 * `maxMs`, never below `(1 − jitter)` of the un-jittered value.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  if (attempt <= 0) return 0;
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt - 1, 52));
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? DEFAULT_BACKOFF_JITTER));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(ceiling * (1 - jitter * r));
}

/**
 * Consecutive-failure state of one retrying thing (a source, a connection): `fail()` records a
 * failure and returns the delay before the next attempt; `reset()` after a success.
 */
export class Backoff {
  readonly #policy: BackoffPolicy;
  readonly #random: () => number;
  #failures = 0;

  constructor(policy: BackoffPolicy, random: () => number) {
    this.#policy = policy;
    this.#random = random;
  }

  /** Consecutive failures since the last reset. */
  get failures(): number {
    return this.#failures;
  }

  /** Records one more failure; returns how long to wait before retrying (jittered). */
  fail(): number {
    this.#failures += 1;
    return backoffDelayMs(this.#failures, this.#policy, this.#random);
  }

  /** Forgets the failures (after a success). */
  reset(): void {
    this.#failures = 0;
  }
}
