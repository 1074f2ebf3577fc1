/**
 * Exponential back-off state for reconnects: `nextDelayMs()` is 0 after a success, then
 * `initial`, `2·initial`, … capped at `max` after consecutive failures. Deterministic (no jitter:
 * there is one client per device).
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  #failures = 0;

  constructor(initialMs: number, maxMs: number) {
    this.#initialMs = initialMs;
    this.#maxMs = maxMs;
  }

  get failures(): number {
    return this.#failures;
  }

  nextDelayMs(): number {
    return this.#failures === 0 ? 0 : Math.min(this.#maxMs, this.#initialMs * 2 ** (this.#failures - 1));
  }

  failed(): void {
    this.#failures++;
  }

  succeeded(): void {
    this.#failures = 0;
  }
}
