import type { Clock, TimerHandle } from '../api/ambient.js';
import { ItemBackoff, type ItemBackoffOptions } from './itemBackoff.js';

/** Settings of {@link RateLimitingQueue}. */
export interface RateLimitingQueueOptions extends ItemBackoffOptions {
  readonly clock: Clock;
}

/**
 * A keyed work queue with client-go semantics:
 * - **fair**: keys are handed out in the order they were added;
 * - **stingy**: a key added many times before it is processed is processed once, and a key is
 *   never handed out while it is being processed — added meanwhile, it is handed out again after
 *   `done`;
 * - **rate-limited**: `addRateLimited` re-adds after a per-key exponential backoff that `forget`
 *   resets; `addAfter` re-adds after a delay (the earliest pending delay of a key wins);
 * - **shutdown**: `shutDown` drops pending and delayed keys, cancels every timer and makes `get`
 *   resolve `undefined`; later adds are ignored.
 */
export class RateLimitingQueue {
  readonly #clock: Clock;
  readonly #backoff: ItemBackoff;
  readonly #queue: string[] = [];
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #delayed = new Map<string, { at: number; timer: TimerHandle }>();
  readonly #waiters: Array<(key: string | undefined) => void> = [];
  #shuttingDown = false;

  constructor(options: RateLimitingQueueOptions) {
    this.#clock = options.clock;
    this.#backoff = new ItemBackoff(options, () => options.clock.random());
  }

  /** Marks `key` as needing processing. Idempotent while the key waits. */
  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    this.#enqueue(key);
  }

  /** Adds `key` after `ms` (at once when `ms` ≤ 0). An earlier pending delay of the key is kept. */
  addAfter(key: string, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.#clock.now() + ms;
    const pending = this.#delayed.get(key);
    if (pending !== undefined) {
      if (pending.at <= at) return;
      pending.timer.cancel();
    }
    const timer = this.#clock.setTimer(ms, () => {
      this.#delayed.delete(key);
      this.add(key);
    });
    this.#delayed.set(key, { at, timer });
  }

  /** Adds `key` after its next backoff delay; returns that delay in ms. */
  addRateLimited(key: string): number {
    const delay = this.#backoff.when(key);
    this.addAfter(key, delay);
    return delay;
  }

  /** Resets the backoff of `key` (call after a successful processing). */
  forget(key: string): void {
    this.#backoff.forget(key);
  }

  /** Cancels a delayed add of `key`, if any. */
  cancelDelayed(key: string): void {
    this.#delayed.get(key)?.timer.cancel();
    this.#delayed.delete(key);
  }

  /** Consecutive rate-limited re-adds of `key` since the last `forget`. */
  numRequeues(key: string): number {
    return this.#backoff.retries(key);
  }

  /**
   * The next key to process, waiting until one is available. Resolves `undefined` once the queue
   * is shut down. The caller must call `done(key)` when it has finished with the key.
   */
  get(): Promise<string | undefined> {
    const key = this.#queue.shift();
    if (key !== undefined) return Promise.resolve(this.#take(key));
    if (this.#shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Ends the processing of `key`; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key) && !this.#shuttingDown) this.#enqueue(key);
  }

  /** Keys waiting to be processed (not counting delayed ones). */
  get length(): number {
    return this.#queue.length;
  }

  /** Keys with a pending delayed add. */
  get delayedCount(): number {
    return this.#delayed.size;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Stops the queue: drops waiting and delayed keys, cancels timers, releases every `get`. */
  shutDown(): void {
    this.#shuttingDown = true;
    for (const { timer } of this.#delayed.values()) timer.cancel();
    this.#delayed.clear();
    this.#queue.length = 0;
    this.#dirty.clear();
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }

  #enqueue(key: string): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter(this.#take(key));
    else this.#queue.push(key);
  }

  #take(key: string): string {
    this.#dirty.delete(key);
    this.#processing.add(key);
    return key;
  }
}
