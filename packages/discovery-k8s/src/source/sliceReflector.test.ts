import { DiscoveryError } from '@meshrr/core';
import { FakeClock, MemoryLogger } from '@meshrr/core/testing';
import { describe, expect, it } from 'vitest';
import type { K8sApiClient, WatchEvent } from '../api/k8sApiClient.js';
import { K8sApiError } from '../api/k8sApiError.js';
import { SliceReflector } from './sliceReflector.js';

type Step = { list: unknown } | { list: Error } | { watch: readonly WatchEvent[]; end?: Error; lastsMs?: number };

/** A scripted API: each call takes the next step; the clock-driven reflector runs against it. */
function scripted(clock: FakeClock, steps: Step[]): { client: K8sApiClient; calls: string[] } {
  const calls: string[] = [];
  const next = (): Step => steps.shift() ?? { watch: [], lastsMs: 3_600_000 };
  const client = {
    getJson: async (_path: string, query: Record<string, string>) => {
      calls.push(`list@${clock.now() - START}${query['continue'] ? ` continue=${query['continue']}` : ''}`);
      const step = next();
      if (!('list' in step)) throw new Error(`expected a list step, got ${JSON.stringify(step)}`);
      if (step.list instanceof Error) throw step.list;
      return step.list;
    },
    watch: async (
      _path: string,
      query: Record<string, string>,
      _idle: number,
      signal: AbortSignal,
      onEvents: (e: readonly WatchEvent[]) => void,
    ) => {
      calls.push(`watch@${clock.now() - START} rv=${query['resourceVersion']}`);
      const step = next();
      if (!('watch' in step)) throw new Error(`expected a watch step, got ${JSON.stringify(step)}`);
      if (step.watch.length > 0) onEvents(step.watch);
      await clock.sleep(step.lastsMs ?? 0, signal).catch(() => undefined);
      if (step.end) throw step.end;
    },
  };
  return { client: client as unknown as K8sApiClient, calls };
}

const START = Date.UTC(2026, 0, 1);
const list = (rv: string, names: string[], cont?: string) => ({
  metadata: { resourceVersion: rv, ...(cont ? { continue: cont } : {}) },
  items: names.map((name) => ({ metadata: { name, resourceVersion: rv }, addressType: 'IPv4', endpoints: [] })),
});
const added = (name: string, rv: string): WatchEvent => ({
  type: 'ADDED',
  object: { metadata: { name, resourceVersion: rv }, addressType: 'IPv4', endpoints: [] },
});
const settings = {
  namespace: 'meshrr',
  labelSelector: 'kubernetes.io/service-name=meshrr',
  watchTimeoutSeconds: 300,
  requestTimeoutMs: 30_000,
  initialBackoffMs: 500,
  maxBackoffMs: 4_000,
  pageSize: 2,
};

async function runFor(
  steps: Step[],
  ms: number,
): Promise<{ calls: string[]; snapshots: string[]; failures: string[] }> {
  const clock = new FakeClock(START);
  const { client, calls } = scripted(clock, steps);
  const snapshots: string[] = [];
  const failures: string[] = [];
  const reflector = new SliceReflector(client, settings, clock, new MemoryLogger());
  const abort = new AbortController();
  const done = reflector.run(abort.signal, {
    onSnapshot: (slices, reason) => snapshots.push(`${reason}:${[...slices.keys()].sort().join('+')}`),
    onFailure: (e) => failures.push(e.kind),
  });
  await clock.advance(ms);
  abort.abort();
  await clock.settle();
  await done;
  return { calls, snapshots, failures };
}

describe('SliceReflector (scripted API, fake clock)', () => {
  it('pages the list, watches from its version, resumes from the last event version after a normal end', async () => {
    const r = await runFor(
      [
        { list: list('10', ['a', 'b'], 'tok') },
        { list: list('10', ['c']) },
        { watch: [added('d', '12')], lastsMs: 5_000 },
      ],
      6_000,
    );
    expect(r.calls).toEqual(['list@0', 'list@0 continue=tok', 'watch@0 rv=10', 'watch@5000 rv=12']);
    expect(r.snapshots).toEqual(['list:a+b+c', 'event:a+b+c+d', 'watch-end:a+b+c+d']);
    expect(r.failures).toEqual([]);
  });

  it('backs off exponentially (capped) on failures, honours Retry-After, and resets after success', async () => {
    const down = new DiscoveryError('connection', 'refused');
    const r = await runFor(
      [
        { list: down },
        { list: down },
        { list: down },
        { list: down },
        { list: down },
        { list: new K8sApiError('429', { status: 429, retryAfterMs: 10_000 }) },
        { list: list('5', ['a']) },
        { watch: [], end: down, lastsMs: 2_000 },
      ],
      40_000,
    );
    expect(r.calls).toEqual([
      'list@0',
      'list@500',
      'list@1500',
      'list@3500',
      'list@7500',
      'list@11500',
      'list@21500',
      'watch@21500 rv=5',
      'watch@24000 rv=5',
    ]);
    expect(r.failures).toEqual([
      'connection',
      'connection',
      'connection',
      'connection',
      'connection',
      'http-429',
      'connection',
    ]);
  });

  it('re-lists at once on 410 Gone, but backs off when Gone repeats, and treats a silent short watch as a failure', async () => {
    const gone = new K8sApiError('gone', { status: 410, reason: 'Expired' });
    const r = await runFor(
      [
        { list: list('5', ['a']) },
        {
          watch: [
            {
              type: 'ERROR',
              object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 5 (9)' },
            },
          ],
        },
        { list: list('9', ['a', 'b']) },
        { watch: [], end: gone },
        { list: gone },
        { list: list('11', ['b']) },
        { watch: [], lastsMs: 10 },
      ],
      2_000,
    );
    expect(r.calls).toEqual([
      'list@0',
      'watch@0 rv=5',
      'list@0',
      'watch@0 rv=9',
      'list@0',
      'list@500',
      'watch@500 rv=11',
      'watch@1010 rv=11',
    ]);
    expect(r.failures).toEqual(['gone', 'short-watch']);
    expect(r.snapshots).toEqual(['list:a', 'list:a+b', 'list:b']);
  });

  it('re-lists after a malformed event instead of trusting a cache that missed it', async () => {
    const r = await runFor(
      [
        { list: list('5', ['a']) },
        { watch: [{ type: 'MODIFIED', object: { metadata: {} } }] },
        { list: list('7', ['a', 'z']) },
      ],
      1_000,
    );
    expect(r.calls).toEqual(['list@0', 'watch@0 rv=5', 'list@500', 'watch@500 rv=7']);
    expect(r.failures).toEqual(['invalid-document']);
    expect(r.snapshots).toEqual(['list:a', 'list:a+z']);
  });
});
