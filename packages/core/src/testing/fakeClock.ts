import type { Clock, TimerHandle } from '../api/ambient.js';

interface PendingTimer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** Lets every queued promise continuation and I/O callback run before the clock moves on. */
function flushAsyncWork(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A {@link Clock} whose time moves only when a test says so. Timers fire in due-time order (ties
 * in scheduling order) during {@link FakeClock.advance}, with pending promise work flushed before
 * and after each timer, so async loops driven by `sleep` progress deterministically. `random()`
 * returns {@link FakeClock.randomValue}.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: PendingTimer[] = [];

  /** @param start initial time in ms since the epoch (default 2026-01-01T00:00:00Z). */
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /**
   * The value `random()` returns (default 0: a jittered backoff waits its full, un-jittered
   * delay, so tests see exact exponential steps unless they choose otherwise).
   */
  randomValue = 0;

  random(): number {
    return this.randomValue;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: PendingTimer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        handle.cancel();
        reject(signal!.reason);
      };
      const handle = this.setTimer(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Timers scheduled and not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  /** Due time of the next pending timer, if any. */
  nextTimerAt(): number | undefined {
    const next = this.#nextTimer();
    return next?.at;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await flushAsyncWork();
    for (;;) {
      const next = this.#nextTimer();
      if (next === undefined || next.at > target) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
      await flushAsyncWork();
    }
    this.#now = target;
    await flushAsyncWork();
  }

  /** Lets pending async work run without moving time. */
  async settle(): Promise<void> {
    await flushAsyncWork();
    await flushAsyncWork();
  }

  #nextTimer(): PendingTimer | undefined {
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    let best: PendingTimer | undefined;
    for (const t of this.#timers)
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }
}
