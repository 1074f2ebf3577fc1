import { describe, expect, it } from 'vitest';
import { AsyncLock } from './asyncLock.js';

describe('AsyncLock', () => {
  it('serves waiters in order, one at a time', async () => {
    const lock = new AsyncLock();
    const order: string[] = [];
    const signal = new AbortController().signal;
    const first = await lock.acquire(signal);
    const second = lock.acquire(signal).then((release) => {
      order.push('second');
      return release;
    });
    const third = lock.acquire(signal).then((release) => {
      order.push('third');
      release();
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    first(); // idempotent: must not release the second holder
    const releaseSecond = await second;
    await Promise.resolve();
    expect(order).toEqual(['second']);
    releaseSecond();
    await third;
    expect(order).toEqual(['second', 'third']);
    expect(lock.held).toBe(false);
  });

  it('a waiter that aborts leaves the queue', async () => {
    const lock = new AsyncLock();
    const release = await lock.acquire(new AbortController().signal);
    const ac = new AbortController();
    const waiting = lock.acquire(ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    release();
    expect(lock.held).toBe(false);
  });
});
