import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventually } from '@meshrr/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeKubeApiServer } from '../testing-support/fakeKubeApiServer.js';
import { podEndpoint, slice } from '../testing-support/k8sFixtures.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./pythonReflector.py', import.meta.url));
const available =
  existsSync(PYTHON) &&
  (await new Promise<boolean>((resolve) =>
    spawn(PYTHON, ['-c', 'import kubernetes']).on('exit', (code) => resolve(code === 0)),
  ));

let server: FakeKubeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs the Python reflector; `lines()` is what it printed so far (one JSON object per line). */
function pythonReflector(url: string, watches: number) {
  const child = spawn(PYTHON, [
    SCRIPT,
    url,
    'test-token',
    'meshrr',
    'kubernetes.io/service-name=meshrr',
    String(watches),
  ]);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    lines: (): Array<Record<string, unknown>> =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stderr: () => err,
    done,
    kill: () => child.kill(),
  };
}

/**
 * The fake API server against someone else's reading of the protocol: the official Kubernetes
 * Python client (Debian python3-kubernetes) lists with paging, watches with bookmarks from the
 * list's resourceVersion, and re-lists when the watch answers 410 Gone.
 */
describe.runIf(available || process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1')(
  'the official Python Kubernetes client against the fake API server',
  () => {
    it('pages a list, watches from its version with bookmarks, and re-lists after 410 Gone', async () => {
      server = await FakeKubeApiServer.start({ token: 'test-token' });
      server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0')]));
      server.upsert(slice('meshrr-b', 'meshrr', [podEndpoint('10.0.0.2', 'rr-1')]));
      server.upsert(slice('other', 'other', [podEndpoint('10.9.9.9', 'x')]));
      const py = pythonReflector(server.url, 2);
      try {
        await eventually(() => (server!.openWatches === 1 ? true : undefined), {
          what: 'the Python watch',
          intervalMs: 20,
        });
        server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0'), podEndpoint('10.0.0.5', 'rr-5')]));
        server.bookmark();
        const bookmarkRv = server.resourceVersion;
        await eventually(() => (py.lines().some((l) => l['type'] === 'BOOKMARK') ? true : undefined), {
          what: 'the bookmark reaching Python',
          intervalMs: 20,
        });
        // history compacted: the watch gets ERROR 410; the client retries once from its version,
        // gets 410 again, and the reflector re-lists
        server.upsert(slice('meshrr-b', 'meshrr', [podEndpoint('10.0.0.2', 'rr-1', { ready: false })]));
        server.expireWatches();
        await eventually(() => (py.lines().filter((l) => l['step'] === 'list').length === 2 ? true : undefined), {
          what: 'the re-list after 410',
          intervalMs: 20,
        });
        await eventually(() => (server!.openWatches === 1 ? true : undefined), {
          what: 'the second watch',
          intervalMs: 20,
        });
        server.endWatches();
        expect(await py.done, py.stderr()).toBe(0);
        const lines = py.lines();
        const [first, ...rest] = lines;
        expect(first).toMatchObject({
          step: 'list',
          addresses: ['10.0.0.1', '10.0.0.2'],
          slices: ['meshrr-a', 'meshrr-b'],
        });
        expect(rest[0]).toMatchObject({
          step: 'event',
          type: 'MODIFIED',
          name: 'meshrr-a',
          addresses: ['10.0.0.1', '10.0.0.5'],
        });
        expect(rest[1]).toMatchObject({ step: 'event', type: 'BOOKMARK', rv: bookmarkRv });
        const after410 = rest.slice(2);
        expect(after410.map((l) => l['step'])).toEqual(expect.arrayContaining(['error', 'list', 'watch-ended']));
        expect(after410.find((l) => l['step'] === 'error')).toEqual({ step: 'error', status: 410 });
        expect(after410.find((l) => l['step'] === 'list')).toMatchObject({ addresses: ['10.0.0.1', '10.0.0.5'] });
        // paged: every list request asked for one item at a time and followed the continue token
        const lists = server.requests.filter((r) => r.query['watch'] === undefined);
        expect(lists.filter((r) => r.query['continue'] !== undefined).length).toBe(2);
        expect(server.requests.every((r) => r.authorization === 'Bearer test-token')).toBe(true);
      } finally {
        py.kill();
      }
    });
  },
);
