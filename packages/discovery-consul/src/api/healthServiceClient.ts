import type { IncomingHttpHeaders } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { DiscoveryError, type Clock } from '@meshrr/core';
import type { ConsulEndpoint } from '../config/consulEndpoint.js';

/** Query of `/v1/health/service/<service>`. */
export interface HealthServiceQuery {
  readonly service: string;
  readonly tags: readonly string[];
  readonly passingOnly: boolean;
  readonly datacenter?: string | undefined;
  readonly namespace?: string | undefined;
  readonly partition?: string | undefined;
  readonly filter?: string | undefined;
  readonly stale: boolean;
  /** Blocking index; 0 = answer at once. */
  readonly index: number;
  readonly waitSeconds: number;
}

/** A raw answer: status, headers and body text. */
export interface HealthServiceAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const MAX_BODY = 32 * 1024 * 1024;

/** The request path and query string of `query` (repeated `tag`, Enterprise `ns`/`partition`). */
export function healthServicePath(query: HealthServiceQuery): string {
  const params = new URLSearchParams();
  for (const tag of query.tags) params.append('tag', tag);
  if (query.passingOnly) params.set('passing', '1');
  if (query.datacenter !== undefined) params.set('dc', query.datacenter);
  if (query.namespace !== undefined) params.set('ns', query.namespace);
  if (query.partition !== undefined) params.set('partition', query.partition);
  if (query.filter !== undefined) params.set('filter', query.filter);
  if (query.stale) params.set('stale', '');
  if (query.index > 0) {
    params.set('index', String(query.index));
    params.set('wait', `${query.waitSeconds}s`);
  }
  const text = params.toString();
  return `/v1/health/service/${encodeURIComponent(query.service)}${text === '' ? '' : `?${text}`}`;
}

/**
 * Plain `node:http(s)` client of Consul's health endpoint, one keep-alive agent per source.
 * (The `consul` npm client 2.0.1 cannot send the Enterprise `ns` parameter on health.service,
 * its types lack `index`/`wait`, and its timeouts run on global timers, not the injected clock.)
 */
export class HealthServiceClient {
  readonly #endpoint: ConsulEndpoint;
  readonly #clock: Clock;
  readonly #agent: http.Agent;

  constructor(endpoint: ConsulEndpoint, clock: Clock) {
    this.#endpoint = endpoint;
    this.#clock = clock;
    this.#agent =
      endpoint.baseUrl.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, ...endpoint.tls })
        : new http.Agent({ keepAlive: true });
  }

  /**
   * Sends one query; resolves to the answer whatever its status. Rejects with `DiscoveryError`
   * `timeout` after `timeoutMs` (on the clock), `connection` for network errors, `token-file`
   * when the token file is unreadable; aborts with `signal`.
   */
  async query(query: HealthServiceQuery, timeoutMs: number, signal: AbortSignal): Promise<HealthServiceAnswer> {
    const path = healthServicePath(query);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.#endpoint.token();
    if (token !== undefined) headers['X-Consul-Token'] = token;
    const local = new AbortController();
    const timer = this.#clock.setTimer(timeoutMs, () =>
      local.abort(new DiscoveryError('timeout', `GET ${path}: no answer within ${timeoutMs} ms`)),
    );
    const combined = AbortSignal.any([signal, local.signal]);
    const transport = this.#endpoint.baseUrl.protocol === 'https:' ? https : http;
    try {
      return await new Promise<HealthServiceAnswer>((resolve, reject) => {
        const req = transport.request(
          new URL(path, this.#endpoint.baseUrl),
          { method: 'GET', headers, agent: this.#agent, signal: combined },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_BODY)
                res.destroy(
                  new DiscoveryError('invalid-document', `GET ${path}: answer larger than ${MAX_BODY} bytes`),
                );
              else chunks.push(chunk);
            });
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            res.on('error', reject);
            res.on('aborted', () => reject(new DiscoveryError('connection', `GET ${path}: answer cut off`)));
          },
        );
        req.on('error', reject);
        req.end();
      });
    } catch (error) {
      if (combined.aborted && combined.reason instanceof DiscoveryError) throw combined.reason;
      if (error instanceof DiscoveryError) throw error;
      throw new DiscoveryError('connection', `GET ${path}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    } finally {
      timer.cancel();
    }
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.#agent.destroy();
  }
}
