/** Settings of {@link ItemBackoff}. */
export interface ItemBackoffOptions {
  /** Delay of the first retry. Default 100 ms. */
  readonly baseMs?: number;
  /** Upper bound of the delay. Default 300 000 ms (5 min). */
  readonly maxMs?: number;
}

/**
 * Per-key exponential backoff (client-go `ItemExponentialFailureRateLimiter`): the n-th
 * consecutive failure of a key waits `baseMs × 2^(n-1)`, capped at `maxMs`. `forget` resets a key.
 */
export class ItemBackoff {
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #failures = new Map<string, number>();

  constructor(options: ItemBackoffOptions = {}) {
    this.#baseMs = options.baseMs ?? 100;
    this.#maxMs = options.maxMs ?? 300_000;
  }

  /** Records one more failure of `key` and returns how long to wait before retrying it. */
  when(key: string): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    return Math.min(this.#maxMs, this.#baseMs * 2 ** Math.min(failures, 40));
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
