import { FakeClock } from '@meshrr/core/testing';
import { describe, expect, it } from 'vitest';
import { nextBlockingIndex, parseConsulIndex } from './blockingIndex.js';
import { TokenBucket } from './tokenBucket.js';

describe('nextBlockingIndex (Consul "Blocking Queries" rules)', () => {
  it.each([
    [0, 120, 120], // first answer
    [120, 120, 120], // wait timed out, no change
    [120, 135, 135], // change
    [135, 90, 0], // went backwards (snapshot restore): reset, next query answers at once
    [0, 90, 90], // after the reset
    [0, 0, 1], // index 0: never send 0 again (would not block)
    [135, 0, 0], // 0 after a real index is also "backwards"
  ])('sent %i, returned %i → next %i', (sent, returned, next) => {
    expect(nextBlockingIndex(sent, returned)).toBe(next);
  });
});

describe('parseConsulIndex', () => {
  it.each([
    ['42', 42],
    [['7', '8'], 7],
    [undefined, undefined],
    ['', undefined],
    ['-1', undefined],
    ['1e3', undefined],
    ['99999999999999999999', undefined],
  ])('%j → %j', (header, value) => {
    expect(parseConsulIndex(header as string | string[] | undefined)).toBe(value);
  });
});

describe('TokenBucket', () => {
  it('lets a burst through at once, then one take per interval', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(clock, 2, 15_000);
    const signal = new AbortController().signal;
    const times: number[] = [];
    const start = clock.now();
    const loop = (async () => {
      for (let i = 0; i < 5; i++) {
        await bucket.take(signal);
        times.push(clock.now() - start);
      }
    })();
    await clock.advance(60_000);
    await loop;
    expect(times).toEqual([0, 0, 15_000, 30_000, 45_000]);
  });

  it('refills while idle, up to the burst only', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(clock, 2, 1_000);
    const signal = new AbortController().signal;
    await bucket.take(signal);
    await bucket.take(signal);
    await clock.advance(10_000);
    const times: number[] = [];
    const start = clock.now();
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await bucket.take(signal);
        times.push(clock.now() - start);
      }
    })();
    await clock.advance(5_000);
    await loop;
    expect(times).toEqual([0, 0, 1_000]);
  });

  it('never waits with interval 0 and rejects on abort', async () => {
    const clock = new FakeClock();
    const unlimited = new TokenBucket(clock, 1, 0);
    const abort = new AbortController();
    for (let i = 0; i < 10; i++) await unlimited.take(abort.signal);
    const limited = new TokenBucket(clock, 1, 1_000);
    await limited.take(abort.signal);
    const pending = limited.take(abort.signal);
    abort.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
