import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthVerdict } from './health.js';

/**
 * node:http read as a built-in module, not through an ESM import: an ESM import of node:http
 * evaluates all its exports, including the lazy ones (fetch, WebSocket, …) that load undici,
 * which costs the idle agent ~14 MB of memory it never uses.
 */
const { createServer } = process.getBuiltinModule('node:http');

/** What the HTTP endpoints serve; each function is called per request. */
export interface HttpEndpoints {
  readonly healthz: () => HealthVerdict;
  readonly readyz: () => HealthVerdict;
  readonly metrics: () => Promise<{ contentType: string; body: string }>;
}

/** A running health/metrics server. */
export interface RunningHttpServer {
  readonly port: number;
  /** The address it listens on: `::` (dual-stack: IPv6 and IPv4-mapped), `0.0.0.0`, or the given host. */
  readonly address: string;
  close(): Promise<void>;
}

function sendVerdict(res: ServerResponse, verdict: HealthVerdict): void {
  const notices = (verdict.notices ?? []).map((n) => `- notice: ${n}\n`).join('');
  const body = `${verdict.ok ? 'ok\n' : `${verdict.reasons.map((r) => `- ${r}`).join('\n')}\n`}${notices}`;
  res.writeHead(verdict.ok ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

async function handle(endpoints: HttpEndpoints, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (path === '/healthz') return sendVerdict(res, endpoints.healthz());
  if (path === '/readyz') return sendVerdict(res, endpoints.readyz());
  if (path === '/metrics') {
    const { contentType, body } = await endpoints.metrics();
    res.writeHead(200, { 'content-type': contentType }).end(body);
    return;
  }
  res
    .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    .end('not found: try /healthz, /readyz or /metrics\n');
}

/**
 * Serves `/healthz` (200 alive / 503 with reasons), `/readyz` (200 ready / 503 with reasons) and
 * `/metrics` (Prometheus text) on `host:port` (port 0 picks a free port). Resolves once listening.
 * Without `host` it listens on every address: `::` with IPv4-mapped addresses (one dual-stack
 * socket, so probes work in IPv4-only, IPv6-only and dual-stack clusters), or `0.0.0.0` where the
 * kernel has no IPv6 (Node's own choice for an omitted host).
 */
export function startHttpServer(
  endpoints: HttpEndpoints,
  options: { port: number; host?: string },
): Promise<RunningHttpServer> {
  const server: Server = createServer((req, res) => {
    handle(endpoints, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const ready = (): void => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve({
        port: address.port,
        address: address.address,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    };
    if (options.host === undefined) server.listen({ port: options.port, ipv6Only: false }, ready);
    else server.listen({ port: options.port, host: options.host }, ready);
  });
}
