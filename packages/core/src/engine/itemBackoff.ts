import { backoffDelayMs } from '../retry/backoff.js';

/** Settings of {@link ItemBackoff}. */
export interface ItemBackoffOptions {
  /** Delay of the first retry. Default 100 ms. */
  readonly baseMs?: number;
  /** Upper bound of the delay. Default 300 000 ms (5 min). */
  readonly maxMs?: number;
  /** Share of each delay that is random (see `BackoffPolicy.jitter`). Default 0.5. */
  readonly jitter?: number;
}

/**
 * Per-key exponential backoff (client-go `ItemExponentialFailureRateLimiter`, with jitter): the
 * n-th consecutive failure of a key waits up to `baseMs × 2^(n-1)`, capped at `maxMs` and
 * jittered by `random` (uniform in [0, 1), the injected `Clock.random`). `forget` resets a key.
 */
export class ItemBackoff {
  readonly #policy: { initialMs: number; maxMs: number; jitter?: number };
  readonly #random: () => number;
  readonly #failures = new Map<string, number>();

  constructor(options: ItemBackoffOptions, random: () => number) {
    this.#policy = {
      initialMs: options.baseMs ?? 100,
      maxMs: options.maxMs ?? 300_000,
      ...(options.jitter === undefined ? {} : { jitter: options.jitter }),
    };
    this.#random = random;
  }

  /** Records one more failure of `key` and returns how long to wait before retrying it. */
  when(key: string): number {
    const failures = (this.#failures.get(key) ?? 0) + 1;
    this.#failures.set(key, failures);
    return backoffDelayMs(failures, this.#policy, this.#random);
  }

  /** Consecutive failures recorded for `key` since the last `forget`. */
  retries(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** Resets the backoff of `key` (after a success). Idempotent. */
  forget(key: string): void {
    this.#failures.delete(key);
  }
}
