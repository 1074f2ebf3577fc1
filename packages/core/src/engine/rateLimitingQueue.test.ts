import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fakeClock.js';
import { RateLimitingQueue } from './rateLimitingQueue.js';

describe('RateLimitingQueue', () => {
  it('processes a key added many times before processing once, in FIFO order', async () => {
    const q = new RateLimitingQueue({ clock: new FakeClock() });
    q.add('a');
    q.add('b');
    q.add('a');
    q.add('a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.length).toBe(0);
  });

  it('never hands out a key being processed; a re-add while processing is handed out after done', async () => {
    const q = new RateLimitingQueue({ clock: new FakeClock() });
    q.add('a');
    const first = await q.get();
    q.add('a');
    q.add('a');
    expect(q.length).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(first!);
    await Promise.resolve();
    expect(second).toBe('a');
    expect(q.length).toBe(0);
  });

  it('backs off exponentially per key, capped, and forget resets it', () => {
    const q = new RateLimitingQueue({ clock: new FakeClock(), baseMs: 100, maxMs: 1_000 });
    expect([1, 2, 3, 4, 5, 6].map(() => q.addRateLimited('a'))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(q.addRateLimited('b')).toBe(100);
    expect(q.numRequeues('a')).toBe(6);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
    expect(q.addRateLimited('a')).toBe(100);
  });

  it('addAfter adds when the delay ends and keeps the earliest pending delay', async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue({ clock });
    q.addAfter('a', 1_000);
    q.addAfter('a', 5_000);
    q.addAfter('a', 500);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(499);
    expect(q.length).toBe(0);
    await clock.advance(1);
    expect(q.length).toBe(1);
    expect(q.delayedCount).toBe(0);
  });

  it('shutDown releases waiters, drops pending and delayed keys and cancels timers', async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue({ clock });
    const waiting = q.get();
    q.addAfter('a', 1_000);
    q.shutDown();
    expect(await waiting).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
    q.add('b');
    expect(await q.get()).toBeUndefined();
  });
});
