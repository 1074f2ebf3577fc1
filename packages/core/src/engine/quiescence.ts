import type { Clock, TimerHandle } from '../api/ambient.js';
import type { QuiescenceConfig } from '../api/config.js';

/**
 * consul-template's `wait { min, max }` debounce. Each `poke` (a change) schedules `fire` for
 * `minMs` later, snoozing an earlier schedule, but never later than `maxMs` after the first poke
 * of the burst: a burst coalesces into one call and a steady drip still fires every `maxMs`.
 * `cancel` drops a pending call. Nothing runs between bursts (no polling timer).
 */
export class Quiescence {
  readonly #clock: Clock;
  readonly #config: QuiescenceConfig;
  readonly #fire: () => void;
  #timer: TimerHandle | undefined;
  #deadline: number | undefined;

  constructor(clock: Clock, config: QuiescenceConfig, fire: () => void) {
    this.#clock = clock;
    this.#config = config;
    this.#fire = fire;
  }

  /** Records a change now. */
  poke(): void {
    const now = this.#clock.now();
    this.#deadline ??= now + Math.max(this.#config.minMs, this.#config.maxMs);
    const due = Math.min(now + this.#config.minMs, this.#deadline);
    this.#timer?.cancel();
    this.#timer = this.#clock.setTimer(due - now, () => {
      this.#timer = undefined;
      this.#deadline = undefined;
      this.#fire();
    });
  }

  /** Is a call pending? */
  get pending(): boolean {
    return this.#timer !== undefined;
  }

  /** Drops a pending call. Idempotent. */
  cancel(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#deadline = undefined;
  }
}
