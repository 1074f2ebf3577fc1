import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { DiscoveryError, type Clock } from '@meshrr/core';
import type { ClusterAccess } from '../config/clusterAccess.js';
import { statusError } from './k8sApiError.js';

/** One line of a watch stream: `{type, object}`. */
export interface WatchEvent {
  readonly type: string;
  readonly object: unknown;
}

const MAX_ERROR_BODY = 64 * 1024;
const MAX_LIST_BODY = 64 * 1024 * 1024;

function readBody(res: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) res.destroy(new DiscoveryError('invalid-document', `response larger than ${limit} bytes`));
      else chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () => reject(new DiscoveryError('connection', 'response aborted')));
  });
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DiscoveryError('invalid-document', `${what}: answer is not JSON`, { cause: error });
  }
}

function connectionError(error: unknown, what: string, signal: AbortSignal): DiscoveryError {
  if (signal.aborted && signal.reason instanceof DiscoveryError) return signal.reason;
  if (error instanceof DiscoveryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DiscoveryError('connection', `${what}: ${message}`, { cause: error });
}

/**
 * Minimal Kubernetes API client for one list/watch resource: client-node's {@link ClusterAccess}
 * supplies authentication headers and the TLS agent; requests and streams are plain
 * `node:http(s)` so that every request is abortable, list requests time out on the injected
 * clock, and a silent watch is detected (client-node 1.4's `Watch` has no idle timeout and drops
 * unparsable lines).
 */
export class K8sApiClient {
  readonly #access: ClusterAccess;
  readonly #clock: Clock;

  constructor(access: ClusterAccess, clock: Clock) {
    this.#access = access;
    this.#clock = clock;
  }

  async #open(
    path: string,
    query: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<{ req: ClientRequest; res: IncomingMessage }> {
    const url = new URL(path, this.#access.server);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const options: RequestOptions & { headers: Record<string, string> } = { headers: {} };
    await this.#access.kubeConfig.applyToHTTPSOptions(options);
    options.headers['Accept'] = 'application/json';
    options.signal = signal;
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { ...options, method: 'GET' }, (res) => resolve({ req, res }));
      req.on('error', reject);
      req.end();
    });
  }

  async #failed(res: IncomingMessage, what: string): Promise<never> {
    const text = await readBody(res, MAX_ERROR_BODY).catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = undefined;
    }
    const retryAfter = res.headers['retry-after'];
    throw statusError(res.statusCode ?? 0, body, what, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  }

  /**
   * GET `path` with `query`, resolving to the parsed JSON body of a 200 answer. Rejects with
   * `K8sApiError` for an error status, `DiscoveryError` `timeout`/`connection`/`invalid-document`
   * otherwise. Aborts with `signal` or after `timeoutMs`.
   */
  async getJson(
    path: string,
    query: Readonly<Record<string, string>>,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<unknown> {
    const what = `GET ${path}`;
    const timeout = new AbortController();
    const timer = this.#clock.setTimer(timeoutMs, () =>
      timeout.abort(new DiscoveryError('timeout', `${what}: no complete answer within ${timeoutMs} ms`)),
    );
    const combined = AbortSignal.any([signal, timeout.signal]);
    try {
      const { res } = await this.#open(path, query, combined);
      if (res.statusCode !== 200) return await this.#failed(res, what);
      return parseJson(await readBody(res, MAX_LIST_BODY), what);
    } catch (error) {
      throw connectionError(error, what, combined);
    } finally {
      timer.cancel();
    }
  }

  /**
   * Opens a watch (`watch=1` is added) and calls `onEvents` with the events of each received
   * chunk, in order. Resolves when the server ends the stream; rejects with `K8sApiError` for an
   * error status, `DiscoveryError` `timeout` when nothing arrives for `idleTimeoutMs`,
   * `connection` for a broken stream, `invalid-document` for a line that is not JSON, or with
   * whatever `onEvents` throws (the stream is then closed).
   */
  async watch(
    path: string,
    query: Readonly<Record<string, string>>,
    idleTimeoutMs: number,
    signal: AbortSignal,
    onEvents: (events: readonly WatchEvent[]) => void,
  ): Promise<void> {
    const what = `WATCH ${path}`;
    const local = new AbortController();
    const combined = AbortSignal.any([signal, local.signal]);
    let idle = this.#clock.setTimer(idleTimeoutMs, () =>
      local.abort(new DiscoveryError('timeout', `${what}: silent for ${idleTimeoutMs} ms`)),
    );
    try {
      const { res } = await this.#open(path, { ...query, watch: '1' }, combined);
      if (res.statusCode !== 200) return await this.#failed(res, what);
      await new Promise<void>((resolve, reject) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          idle.cancel();
          idle = this.#clock.setTimer(idleTimeoutMs, () =>
            local.abort(new DiscoveryError('timeout', `${what}: silent for ${idleTimeoutMs} ms`)),
          );
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          try {
            const events = lines
              .filter((line) => line.trim() !== '')
              .map((line) => parseJson(line, what) as WatchEvent);
            if (events.length > 0) onEvents(events);
          } catch (error) {
            local.abort(error);
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('end', () =>
          buffer.trim() === ''
            ? resolve()
            : reject(new DiscoveryError('connection', `${what}: stream ended inside an event`)),
        );
        res.on('error', reject);
        res.on('aborted', () => reject(new DiscoveryError('connection', `${what}: stream aborted`)));
      });
    } catch (error) {
      throw connectionError(error, what, combined);
    } finally {
      idle.cancel();
      local.abort();
    }
  }
}
