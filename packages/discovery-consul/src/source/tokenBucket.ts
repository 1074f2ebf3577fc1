import type { Clock } from '@meshrr/core';

/**
 * A token bucket on the injected clock: holds up to `burst` tokens, gains one every
 * `intervalMs`; {@link TokenBucket.take} consumes one, waiting for it when the bucket is empty.
 * An interval of 0 never waits.
 */
export class TokenBucket {
  readonly #clock: Clock;
  readonly #burst: number;
  readonly #intervalMs: number;
  #tokens: number;
  #updated: number;

  constructor(clock: Clock, burst: number, intervalMs: number) {
    this.#clock = clock;
    this.#burst = burst;
    this.#intervalMs = intervalMs;
    this.#tokens = burst;
    this.#updated = clock.now();
  }

  #refill(): void {
    if (this.#intervalMs <= 0) {
      this.#tokens = this.#burst;
      return;
    }
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#updated) / this.#intervalMs);
    this.#updated = now;
  }

  /** Takes a token, sleeping until one is available; rejects when `signal` aborts. */
  async take(signal: AbortSignal): Promise<void> {
    this.#refill();
    if (this.#tokens < 1) {
      await this.#clock.sleep(Math.ceil((1 - this.#tokens) * this.#intervalMs), signal);
      this.#refill();
    }
    this.#tokens = Math.max(0, this.#tokens - 1);
  }
}
