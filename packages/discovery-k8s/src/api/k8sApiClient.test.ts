import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { systemClock } from '@meshrr/core';
import { afterEach, describe, expect, it } from 'vitest';
import { K8sApiClient, type WatchEvent } from './k8sApiClient.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
});

/** A raw HTTP server whose handler writes exactly what the test wants on the wire. */
async function client(handler: http.RequestListener): Promise<K8sApiClient> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromClusterAndUser({ name: 'c', server: url, skipTLSVerify: true }, { name: 'u', token: 'tok' });
  return new K8sApiClient({ kubeConfig, server: new URL(url), defaultNamespace: undefined }, systemClock);
}

const signal = new AbortController().signal;

describe('K8sApiClient', () => {
  it('delivers the events of each chunk in order, split across chunk boundaries', async () => {
    const c = await client((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"type":"ADDED","object":{"a":1}}\n{"type":"MOD');
      setTimeout(() => res.end('IFIED","object":{"a":2}}\n{"type":"BOOKMARK","object":{}}\n'), 20);
    });
    const batches: string[][] = [];
    await c.watch('/w', {}, 5_000, signal, (events: readonly WatchEvent[]) => batches.push(events.map((e) => e.type)));
    expect(batches).toEqual([['ADDED'], ['MODIFIED', 'BOOKMARK']]);
  });

  it('declares a silent watch dead after the idle timeout', async () => {
    const c = await client((_req, res) => {
      res.writeHead(200);
      res.write('{"type":"BOOKMARK","object":{}}\n');
    });
    await expect(c.watch('/w', {}, 150, signal, () => undefined)).rejects.toMatchObject({
      kind: 'timeout',
      message: 'WATCH /w: silent for 150 ms',
    });
  });

  it('refuses a line that is not JSON and a stream cut inside an event', async () => {
    const bad = await client((_req, res) => res.end('not json\n'));
    await expect(bad.watch('/w', {}, 5_000, signal, () => undefined)).rejects.toMatchObject({
      kind: 'invalid-document',
    });
    server?.close();
    const cut = await client((_req, res) => res.end('{"type":"ADDED"'));
    await expect(cut.watch('/w', {}, 5_000, signal, () => undefined)).rejects.toMatchObject({
      kind: 'connection',
      message: 'WATCH /w: stream ended inside an event',
    });
  });

  it('turns error statuses into K8sApiError (Status body or not) and times out lists on the clock', async () => {
    let n = 0;
    const c = await client((_req, res) => {
      n += 1;
      if (n === 1)
        res.writeHead(410).end(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old' }));
      else if (n === 2) res.writeHead(502).end('<html>bad gateway</html>');
      // third request: never answered
    });
    await expect(c.getJson('/l', {}, 1_000, signal)).rejects.toMatchObject({
      kind: 'gone',
      gone: true,
      reason: 'Expired',
      message: 'GET /l: 410 Expired: too old',
    });
    await expect(c.getJson('/l', {}, 1_000, signal)).rejects.toMatchObject({
      kind: 'http-502',
      message: 'GET /l: 502: HTTP 502',
    });
    await expect(c.getJson('/l', {}, 100, signal)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('sends the bearer token and stops when the caller aborts', async () => {
    let auth: string | undefined;
    const c = await client((req, res) => {
      auth = req.headers.authorization;
      res.writeHead(200);
      res.write('\n');
    });
    const abort = new AbortController();
    const watching = c.watch('/w', {}, 5_000, abort.signal, () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    await expect(watching).rejects.toBeDefined();
    expect(auth).toBe('Bearer tok');
  });
});
