/** Releases a held {@link AsyncLock}; idempotent. */
export type ReleaseLock = () => void;

/**
 * A FIFO mutual-exclusion lock for one process: at most one holder; waiters are served in order.
 * A waiter whose signal aborts leaves the queue and rejects with the signal's reason. Transports
 * use it so that only one change is in flight per device (sessions of one transport share it).
 */
export class AsyncLock {
  #held = false;
  readonly #waiters: (() => void)[] = [];

  /** True while someone holds the lock. */
  get held(): boolean {
    return this.#held;
  }

  /** Resolves with a release function once the lock is held by the caller. */
  acquire(signal: AbortSignal): Promise<ReleaseLock> {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(this.#releaser());
      };
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(grant);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal.reason);
      };
      this.#waiters.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #releaser(): ReleaseLock {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.#waiters.shift();
      if (next === undefined) this.#held = false;
      else next();
    };
  }
}
