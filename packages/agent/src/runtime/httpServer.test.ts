import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from './httpServer.js';
import { PromMetrics } from './promMetrics.js';

let server: RunningHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startHttpServer', () => {
  it('serves healthz, readyz with reasons, and Prometheus metrics over real HTTP', async () => {
    const metrics = new PromMetrics({ defaultMetrics: false });
    metrics
      .counter({ name: 'meshrr_commits_total', help: 'Commits.', labelNames: ['result'] })
      .inc({ result: 'ok' }, 2);
    let ready = false;
    server = await startHttpServer(
      {
        healthz: () => ({ ok: true, reasons: [] }),
        readyz: () =>
          ready
            ? { ok: true, reasons: [], notices: ['1 removal(s) held'] }
            : { ok: false, reasons: ['no reconcile has completed yet'] },
        metrics: () => metrics.expose(),
      },
      { port: 0, host: '127.0.0.1' },
    );
    const base = `http://127.0.0.1:${server.port}`;
    const h = await fetch(`${base}/healthz`);
    expect([h.status, await h.text()]).toEqual([200, 'ok\n']);
    const r1 = await fetch(`${base}/readyz`);
    expect([r1.status, await r1.text()]).toEqual([503, '- no reconcile has completed yet\n']);
    ready = true;
    const r2 = await fetch(`${base}/readyz`);
    expect([r2.status, await r2.text()]).toEqual([200, 'ok\n- notice: 1 removal(s) held\n']);
    const m = await fetch(`${base}/metrics`);
    expect(m.headers.get('content-type')).toContain('text/plain');
    expect(await m.text()).toContain('meshrr_commits_total{result="ok"} 2');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});

describe('PromMetrics', () => {
  it('returns the same series for the same name and refuses a different kind', async () => {
    const metrics = new PromMetrics({ defaultMetrics: false });
    metrics.gauge({ name: 'meshrr_peers', help: 'Peers.', labelNames: ['group'] }).set({ group: 'A' }, 3);
    metrics.gauge({ name: 'meshrr_peers', help: 'Peers.', labelNames: ['group'] }).inc({ group: 'A' });
    expect((await metrics.expose()).body).toContain('meshrr_peers{group="A"} 4');
    expect(() => metrics.counter({ name: 'meshrr_peers', help: 'x' })).toThrow(
      'metric meshrr_peers was declared as a gauge, not a counter',
    );
    metrics
      .histogram({ name: 'meshrr_reconcile_duration_seconds', help: 'd', labelNames: [], buckets: [0.1, 1] })
      .observe({}, 0.5);
    expect((await metrics.expose()).body).toContain('meshrr_reconcile_duration_seconds_bucket{le="1"} 1');
  });
});

describe('startHttpServer without a host', () => {
  it('listens dual-stack on :: and answers over IPv4 and IPv6 loopback alike', async () => {
    server = await startHttpServer(
      {
        healthz: () => ({ ok: true, reasons: [] }),
        readyz: () => ({ ok: true, reasons: [] }),
        metrics: () => Promise.resolve({ contentType: 'text/plain', body: '' }),
      },
      { port: 0 },
    );
    expect(server.address).toBe('::');
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://[::1]:${server.port}/healthz`)).status).toBe(200);
  });
});
