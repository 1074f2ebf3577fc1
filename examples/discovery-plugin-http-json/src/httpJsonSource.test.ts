import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiscoveryContext } from '@meshrr/core';
import { FakeClock, MemoryLogger, MemoryMetrics } from '@meshrr/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpJsonDiscoveryProvider } from './httpJsonDiscoveryProvider.js';
import { httpJsonOptionsSchema } from './options.js';
import { RecordingSink } from './testing-support/recordingSink.js';
import { startSdServer, waitFor, type SdServer } from './testing-support/sdServer.js';

let server: SdServer;
let dir: string;
let clock: FakeClock;
let stop: AbortController;
let running: Promise<void> | undefined;

beforeEach(async () => {
  server = await startSdServer();
  dir = await mkdtemp(join(tmpdir(), 'meshrr-http-json-'));
  clock = new FakeClock();
  stop = new AbortController();
  running = undefined;
});

afterEach(async () => {
  stop.abort();
  await running;
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function start(options: Record<string, unknown>): RecordingSink {
  const context: DiscoveryContext = {
    group: 'UPSTREAM',
    logger: new MemoryLogger(),
    clock,
    metrics: new MemoryMetrics(),
    baseDir: dir,
    maxRefreshMs: 30_000,
  };
  const provider = new HttpJsonDiscoveryProvider();
  const source = provider.create(httpJsonOptionsSchema.parse({ url: server.url, ...options }), context);
  const sink = new RecordingSink();
  running = source.run(stop.signal, sink);
  return sink;
}

const sd = (...targets: string[]): string => JSON.stringify([{ targets, labels: { zone: 'a' } }]);

describe('HttpJsonPeerSource', () => {
  it('emits the complete set, reports success when unchanged, emits again when it changes', async () => {
    server.answer = { body: sd('10.0.0.1', '10.0.0.2') };
    const sink = start({ refresh_seconds: 10 });
    await waitFor(() => sink.events.length === 1, 'first set');
    expect(sink.events[0]).toEqual({
      type: 'emit',
      peers: [
        { address: '10.0.0.1', labels: { zone: 'a' } },
        { address: '10.0.0.2', labels: { zone: 'a' } },
      ],
    });
    await clock.advance(10_000);
    await waitFor(() => sink.events.length === 2, 'second lookup');
    expect(sink.events[1]).toEqual({ type: 'success' });
    server.answer = { body: sd('10.0.0.2', '10.0.0.3') };
    await clock.advance(10_000);
    await waitFor(() => sink.events.length === 3, 'third lookup');
    expect(sink.emittedAddresses()).toEqual([
      ['10.0.0.1', '10.0.0.2'],
      ['10.0.0.2', '10.0.0.3'],
    ]);
    expect(server.requests.map((r) => r.headers['accept'])).toEqual([
      'application/json',
      'application/json',
      'application/json',
    ]);
  });

  it('refreshes every UPDATE_SECONDS (the context maxRefreshMs) when refresh_seconds is not set', async () => {
    const sink = start({});
    await waitFor(() => sink.events.length === 1, 'first set');
    await clock.advance(29_999);
    expect(server.requests.length).toBe(1);
    await clock.advance(1);
    await waitFor(() => server.requests.length === 2, 'second request');
  });

  it('an answer of [] is an authoritative empty set', async () => {
    server.answer = { body: sd('10.0.0.1') };
    const sink = start({ refresh_seconds: 5 });
    await waitFor(() => sink.events.length === 1, 'first set');
    server.answer = { body: '[]' };
    await clock.advance(5_000);
    await waitFor(() => sink.events.length === 2, 'empty set');
    expect(sink.emittedAddresses()).toEqual([['10.0.0.1'], []]);
  });

  it.each([
    [{ status: 500, body: 'oops' }, 'http-500'],
    [{ contentType: 'text/html', body: '<html>' }, 'content-type'],
    [{ body: '[{"targets": ["10.0.0.9"' }, 'invalid-json'],
    [{ body: JSON.stringify([{ targets: ['10.0.0.9', 'rr.example.net'] }]) }, 'invalid-document'],
    [{ body: JSON.stringify([{ targets: Array.from({ length: 200 }, (_, i) => `10.1.${i}.1`) }]) }, 'too-large'],
  ])('keeps the last good set and reports a failure on %j', async (answer, kind) => {
    server.answer = { body: sd('10.0.0.1') };
    const sink = start({ refresh_seconds: 5, max_response_bytes: 2048 });
    await waitFor(() => sink.events.length === 1, 'first set');
    server.answer = answer;
    await clock.advance(5_000);
    await waitFor(() => sink.events.length === 2, 'failure');
    expect(sink.failureKinds()).toEqual([kind]);
    expect(sink.emittedAddresses()).toEqual([['10.0.0.1']]);
  });

  it('a server that does not answer fails with timeout after timeout_seconds on the clock', async () => {
    server.answer = { hang: true };
    const sink = start({ timeout_seconds: 3 });
    await waitFor(() => server.requests.length === 1, 'request');
    await clock.advance(2_999);
    expect(sink.events).toEqual([]);
    await clock.advance(1);
    await waitFor(() => sink.events.length === 1, 'timeout');
    expect(sink.failureKinds()).toEqual(['timeout']);
  });

  it('a refused connection is a connection failure, retried with backoff', async () => {
    await server.close();
    const sink = start({});
    await waitFor(() => sink.events.length === 1, 'failure');
    expect(sink.failureKinds()).toEqual(['connection']);
    await clock.advance(500);
    await waitFor(() => sink.events.length === 2, 'retry');
    expect(sink.failureKinds()).toEqual(['connection', 'connection']);
  });

  it('sends the bearer token from bearer_token_file (relative to the config directory), re-read each time', async () => {
    await writeFile(join(dir, 'token'), 'first-token\n');
    const sink = start({ bearer_token_file: 'token', refresh_seconds: 5 });
    await waitFor(() => sink.events.length === 1, 'first set');
    await writeFile(join(dir, 'token'), 'rotated-token\n');
    await clock.advance(5_000);
    await waitFor(() => sink.events.length === 2, 'second lookup');
    expect(server.requests.map((r) => r.headers['authorization'])).toEqual([
      'Bearer first-token',
      'Bearer rotated-token',
    ]);
  });

  it('a missing token file is a failure, not an unauthenticated request', async () => {
    const sink = start({ bearer_token_file: join(dir, 'absent') });
    await waitFor(() => sink.events.length === 1, 'failure');
    expect(sink.failureKinds()).toEqual(['token-file']);
    expect(server.requests).toEqual([]);
  });

  it('stops when the signal aborts, leaving no timer behind', async () => {
    const sink = start({ refresh_seconds: 5 });
    await waitFor(() => sink.events.length === 1, 'first set');
    stop.abort();
    await running;
    expect(clock.pendingTimers).toBe(0);
  });
});
