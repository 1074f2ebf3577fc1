import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DiscoveryContext } from '../../api/discovery.js';
import { FakeClock } from '../../testing/fakeClock.js';
import { MemoryLogger } from '../../testing/memoryLogger.js';
import { MemoryMetrics } from '../../testing/memoryMetrics.js';
import { HANG_GUARD_MS } from '../../testing/patience.js';
import type { StaticFileAccess } from './fileAccess.js';
import { parseAddressFile } from './parseAddressFile.js';
import { StaticFileSource } from './staticFileSource.js';
import { staticOptionsSchema } from './staticOptions.js';
import { StaticDiscoveryProvider } from './staticProvider.js';
import { RecordingSink } from '../../testing/recordingSink.js';

function context(clock: FakeClock, baseDir = '/etc/meshrr'): DiscoveryContext {
  return {
    group: 'mesh',
    logger: new MemoryLogger(),
    clock,
    metrics: new MemoryMetrics(),
    baseDir,
    maxRefreshMs: 30_000,
  };
}

describe('static options', () => {
  it('accepts addresses (canonicalised) or a file, exactly one', () => {
    expect(staticOptionsSchema.safeParse({ addresses: ['10.0.0.1', '2001:DB8::0:1'] })).toEqual({
      success: true,
      data: { addresses: ['10.0.0.1', '2001:db8::1'] },
    });
    expect(staticOptionsSchema.safeParse({ file: 'peers.txt' })).toEqual({
      success: true,
      data: { file: 'peers.txt' },
    });
    expect(staticOptionsSchema.safeParse({ addresses: [] })).toEqual({ success: true, data: { addresses: [] } });
    const both = staticOptionsSchema.safeParse({ addresses: [], file: 'x' });
    expect(both.success).toBe(false);
    const bad = staticOptionsSchema.safeParse({ addresses: ['10.0.0.1', 'rr1.example.'] });
    expect(bad.success ? [] : bad.error.issues.map((i) => [i.path, i.message])).toEqual([
      [['addresses', 1], 'must be a unicast IP address literal: "rr1.example." is not an IP address literal'],
    ]);
    const unknown = staticOptionsSchema.safeParse({ hostname: 'x', addresses: [] });
    expect(unknown.success ? [] : unknown.error.issues.map((i) => i.path)).toEqual([[]]);
  });
});

describe('parseAddressFile', () => {
  it('reads one address per line with comments and blank lines', () => {
    const text = '# route reflectors\n10.0.0.2\n\n  10.0.0.1   # rr1\n2001:db8:0::5\n10.0.0.2\n';
    expect(parseAddressFile(text, 'p.txt').map((p) => p.address)).toEqual(['10.0.0.2', '10.0.0.1', '2001:db8::5']);
  });

  it('refuses the whole file naming file:line', () => {
    expect(() => parseAddressFile('10.0.0.1\n\n10.0.0.300\n', '/x/p.txt')).toThrow(
      '/x/p.txt: 1 record rejected, set refused: /x/p.txt:3: "10.0.0.300" is not an IP address literal',
    );
    expect(() => parseAddressFile('127.0.0.1\n240.0.0.1\n::ffff:10.0.0.1', 'p.txt')).toThrow(
      'p.txt: 3 records rejected, set refused: p.txt:1: 127.0.0.1 is a loopback address, which cannot be a BGP peer; p.txt:2: 240.0.0.1 is a reserved address, which cannot be a BGP peer; p.txt:3: ::ffff:10.0.0.1 is an ipv4-mapped address, which cannot be a BGP peer',
    );
  });
});

describe('StaticFileSource (driven file access)', () => {
  it('re-reads when the file changes, keeps the last good set on error, polls as a fallback', async () => {
    const clock = new FakeClock();
    let content = '10.0.0.1\n';
    let fire: () => void = () => undefined;
    const reads: number[] = [];
    const fs: StaticFileAccess = {
      readFile: async () => {
        reads.push(clock.now());
        if (content === 'EACCES') throw new Error('EACCES: permission denied');
        return content;
      },
      watchDir: (dir, onEvent) => {
        expect(dir).toBe('/etc/meshrr');
        fire = onEvent;
        return { close: () => (fire = () => undefined) };
      },
    };
    const sink = new RecordingSink();
    const ac = new AbortController();
    const t0 = clock.now();
    const running = new StaticFileSource({ path: '/etc/meshrr/peers.txt' }, context(clock), fs).run(ac.signal, sink);
    await clock.settle();
    content = '10.0.0.1\n10.0.0.2\n';
    fire();
    fire();
    await clock.advance(50);
    content = '10.0.0.1\nbogus\n';
    fire();
    await clock.advance(50);
    content = 'EACCES';
    await clock.advance(30_000);
    content = '10.0.0.2\n10.0.0.1\n';
    await clock.advance(30_000);
    ac.abort();
    await running;
    // after a failure the file is re-read with backoff (1 s, 2 s, 4 s, ... up to the 30 s poll)
    expect(reads.map((t) => t - t0)).toEqual([0, 50, 100, 1_100, 3_100, 7_100, 15_100, 31_100]);
    const eacces = 'failure /etc/meshrr/peers.txt: cannot read the peer list: EACCES: permission denied';
    expect(sink.events).toEqual([
      'emit 10.0.0.1',
      'emit 10.0.0.1,10.0.0.2',
      'failure /etc/meshrr/peers.txt: 1 record rejected, set refused: /etc/meshrr/peers.txt:2: "bogus" is not an IP address literal',
      eacces,
      eacces,
      eacces,
      eacces,
      'success',
    ]);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('StaticFileSource while the file stays invalid (issue 11 item 6)', () => {
  it('backs off (jittered, capped) however busy the directory is, and recovers at once on the next good read', async () => {
    const clock = new FakeClock();
    let content = '10.0.0.1\n240.0.0.1\n';
    let fire: () => void = () => undefined;
    const reads: number[] = [];
    const fs: StaticFileAccess = {
      readFile: async () => (reads.push(clock.now()), content),
      watchDir: (_dir, onEvent) => ((fire = onEvent), { close: () => (fire = () => undefined) }),
    };
    const sink = new RecordingSink();
    const ac = new AbortController();
    const t0 = clock.now();
    const running = new StaticFileSource({ path: '/etc/meshrr/peers.txt' }, context(clock), fs).run(ac.signal, sink);
    await clock.settle();
    // a busy directory: something writes next to the peer list every 10 ms for 15 s
    for (let t = 0; t < 15_000; t += 10) {
      fire();
      await clock.advance(10);
    }
    const failedReads = reads.length;
    // before the fix: one read per watch event after the 50 ms settle, ~290 reads in 15 s
    expect(failedReads).toBeGreaterThanOrEqual(4);
    expect(failedReads).toBeLessThanOrEqual(8);
    const gaps = reads.slice(1).map((t, i) => t - reads[i]!);
    for (const [i, gap] of gaps.entries()) expect(gap).toBeGreaterThanOrEqual(i === 0 ? 500 : gaps[i - 1]! * 0.5);
    expect(new Set(sink.events)).toEqual(
      new Set([
        'failure /etc/meshrr/peers.txt: 1 record rejected, set refused: /etc/meshrr/peers.txt:2: 240.0.0.1 is a reserved address, which cannot be a BGP peer',
      ]),
    );
    content = '10.0.0.1\n10.0.0.2\n';
    const before = reads.length;
    await clock.advance(30_000);
    expect(reads.length).toBe(before + 1);
    expect(sink.events.at(-1)).toBe('emit 10.0.0.1,10.0.0.2');
    // after a good read, a change is seen again after the 50 ms settle
    content = '10.0.0.3\n';
    fire();
    await clock.advance(50);
    expect(sink.events.at(-1)).toBe('emit 10.0.0.3');
    expect(reads.map((t) => t - t0).length).toBe(before + 2);
    ac.abort();
    await running;
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('StaticDiscoveryProvider', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('emits a fixed list once', async () => {
    const clock = new FakeClock();
    const provider = new StaticDiscoveryProvider();
    const sink = new RecordingSink();
    const ac = new AbortController();
    const running = provider.create({ addresses: ['10.0.0.1', '10.0.0.2'] }, context(clock)).run(ac.signal, sink);
    await clock.advance(60_000);
    ac.abort();
    await running;
    expect(sink.events).toEqual(['emit 10.0.0.1,10.0.0.2']);
  });

  it.each(['/dev/zero', '/dev/urandom'])(
    'a peer list at %s fails at once naming the file and keeps nothing (issue 11 item 8)',
    async (device) => {
      const clock = new FakeClock();
      const sink = new RecordingSink();
      const ac = new AbortController();
      const running = new StaticDiscoveryProvider().create({ file: device }, context(clock)).run(ac.signal, sink);
      await vi.waitFor(() => expect(sink.events.length).toBeGreaterThan(0), { timeout: HANG_GUARD_MS });
      ac.abort();
      await running;
      expect(sink.events).toEqual([`failure static peer list ${device} is a character device, not a regular file`]);
    },
  );

  it('re-reads a real file relative to baseDir when it is rewritten (fs.watch)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshrr-static-'));
    dirs.push(dir);
    await writeFile(join(dir, 'peers.txt'), '10.0.0.1\n');
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const ac = new AbortController();
    const running = new StaticDiscoveryProvider()
      .create({ file: 'peers.txt' }, context(clock, dir))
      .run(ac.signal, sink);
    await vi.waitFor(() => expect(sink.events).toEqual(['emit 10.0.0.1']), { timeout: HANG_GUARD_MS });
    const timersBefore = clock.nextTimerAt();
    await writeFile(join(dir, 'peers.txt'), '10.0.0.1\n10.0.0.3\n');
    // the watch event swaps the 30 s poll timer for the 50 ms settle timer
    await vi.waitFor(() => expect(clock.nextTimerAt()).not.toBe(timersBefore), { timeout: HANG_GUARD_MS });
    await clock.advance(50);
    await vi.waitFor(() => expect(sink.events).toEqual(['emit 10.0.0.1', 'emit 10.0.0.1,10.0.0.3']), {
      timeout: HANG_GUARD_MS,
    });
    ac.abort();
    await running;
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('static file source stop', () => {
  it('returns at once when aborted between a read and the wait (no full poll period)', async () => {
    const { StaticFileSource } = await import('./staticFileSource.js');
    const { FakeClock } = await import('../../testing/fakeClock.js');
    const { MemoryLogger } = await import('../../testing/memoryLogger.js');
    const { MemoryMetrics } = await import('../../testing/memoryMetrics.js');
    const clock = new FakeClock();
    const ac = new AbortController();
    const source = new StaticFileSource(
      { path: '/peers.txt' },
      {
        group: 'g',
        logger: new MemoryLogger(),
        clock,
        metrics: new MemoryMetrics(),
        baseDir: '/',
        maxRefreshMs: 30_000,
      },
      {
        readFile: async () => {
          ac.abort();
          return '10.0.0.2\n';
        },
        watchDir: () => ({ close: () => undefined }),
      },
    );
    let finished = false;
    const run = source
      .run(ac.signal, { emit: () => undefined, reportSuccess: () => undefined, reportFailure: () => undefined })
      .then(() => {
        finished = true;
      });
    await clock.settle();
    expect(finished).toBe(true);
    await run;
    expect(clock.pendingTimers).toBe(0);
  });
});
