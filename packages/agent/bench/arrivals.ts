/**
 * A list of timestamped arrivals (commits, mostly) that a benchmark can wait on: `push` appends an
 * item and resolves the waiters it matches.
 */
export class Arrivals<T> {
  readonly items: T[] = [];
  readonly #waiters = new Set<{ readonly match: (item: T) => boolean; readonly resolve: (item: T) => void }>();

  /** Appends `item` and resolves every waiter it matches. */
  push(item: T): void {
    this.items.push(item);
    for (const waiter of this.#waiters)
      if (waiter.match(item)) {
        this.#waiters.delete(waiter);
        waiter.resolve(item);
      }
  }

  /** Resolves with the first item at index `from` or later that `match`es, or undefined after `timeoutMs`. */
  waitFor(from: number, match: (item: T) => boolean, timeoutMs: number): Promise<T | undefined> {
    const done = this.items.slice(from).find(match);
    if (done !== undefined) return Promise.resolve(done);
    return new Promise((resolve) => {
      const waiter = {
        match,
        resolve: (item: T): void => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        resolve(undefined);
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}
