import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { kubeStatus } from './kubeStatus.js';
import { matchesSelector } from './labelSelector.js';
import { byName, eventForWatcher, snapshotAt, type HistoryEvent, type Stored } from './sliceHistory.js';

/** An EndpointSlice as a test writes it (the server adds metadata). */
export interface SliceInput {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly addressType: 'IPv4' | 'IPv6' | 'FQDN';
  readonly endpoints: readonly Record<string, unknown>[] | null;
  readonly ports?: readonly Record<string, unknown>[] | null;
}

interface Watcher {
  readonly res: ServerResponse;
  readonly namespace: string;
  readonly selector: string | undefined;
  readonly bookmarks: boolean;
}
/** A request as the server received it (for assertions). */
export interface LoggedRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
}

/**
 * A boolean query parameter as the API server reads it (Go's strconv.ParseBool): `1`, `t`, `T`,
 * `TRUE`, `true`, `True` are true. The Python client sends `watch=True`.
 */
function parseBool(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

const PATH = /^\/apis\/discovery\.k8s\.io\/v1\/namespaces\/([a-z0-9-]+)\/endpointslices$/;

/**
 * A local Kubernetes API server for `discovery.k8s.io/v1` EndpointSlices, speaking the wire
 * protocol of the real one (API concepts "Efficient detection of changes"): paged lists
 * (`limit`/`continue`, 410 `Expired` for a compacted continue token), chunked watch streams of
 * JSON lines from a `resourceVersion` (initial ADDED events for `""`/`"0"`), label-selector
 * transitions (ADDED/DELETED when an object starts or stops matching), `BOOKMARK` events when
 * `allowWatchBookmarks=true`, `timeoutSeconds`, `ERROR` 410 "too old resource version" after
 * compaction, `Status` bodies, bearer-token auth, HTTP or HTTPS. Fault injection: failing,
 * stalled or slow requests, dropped connections, server down/up. Test support only.
 */
export class FakeKubeApiServer {
  readonly requests: LoggedRequest[] = [];
  /** Delay before answering any request, in ms. */
  latencyMs = 0;
  #server: http.Server;
  #port = 0;
  #rv: number;
  #compactedRv: number;
  #objects = new Map<string, Stored>();
  #history: HistoryEvent[] = [];
  #watchers = new Set<Watcher>();
  #sockets = new Set<Socket>();
  #failures: { code: number; reason: string; message: string; retryAfter?: number }[] = [];
  #stalls = 0;
  #uid = 0;
  readonly #token: string | undefined;

  private constructor(options: { token?: string; tls?: { key: string; cert: string }; startRv?: number }) {
    this.#token = options.token;
    this.#rv = options.startRv ?? 1000;
    this.#compactedRv = this.#rv;
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.#handle(req, res);
    this.#server = options.tls === undefined ? http.createServer(handler) : https.createServer(options.tls, handler);
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    this.#server.on('secureConnection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** Starts a server on 127.0.0.1 (random port). */
  static async start(
    options: { token?: string; tls?: { key: string; cert: string }; startRv?: number } = {},
  ): Promise<FakeKubeApiServer> {
    const server = new FakeKubeApiServer(options);
    await server.up();
    return server;
  }

  get port(): number {
    return this.#port;
  }
  get url(): string {
    return `${this.#server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${this.#port}`;
  }
  /** Current resource version (the store's revision). */
  get resourceVersion(): string {
    return String(this.#rv);
  }
  get openWatches(): number {
    return this.#watchers.size;
  }

  /** Creates or replaces a slice (ADDED or MODIFIED), returning its new resourceVersion. */
  upsert(input: SliceInput): string {
    const namespace = input.namespace ?? 'default';
    const key = `${namespace}/${input.name}`;
    const prev = this.#objects.get(key);
    this.#rv += 1;
    const obj: Stored = {
      kind: 'EndpointSlice',
      apiVersion: 'discovery.k8s.io/v1',
      metadata: {
        name: input.name,
        namespace,
        uid: prev?.metadata.uid ?? `uid-${++this.#uid}`,
        resourceVersion: String(this.#rv),
        generation: 1,
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { ...input.labels },
      },
      addressType: input.addressType,
      endpoints: input.endpoints === null ? null : input.endpoints.map((e) => ({ ...e })),
      ports: input.ports === undefined ? [] : input.ports,
    };
    this.#objects.set(key, obj);
    this.#record({ rv: this.#rv, type: prev === undefined ? 'ADDED' : 'MODIFIED', obj, prev });
    return obj.metadata.resourceVersion;
  }

  /** Deletes a slice (DELETED); no-op when absent. */
  remove(name: string, namespace = 'default'): void {
    const key = `${namespace}/${name}`;
    const prev = this.#objects.get(key);
    if (prev === undefined) return;
    this.#objects.delete(key);
    this.#rv += 1;
    const obj: Stored = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(this.#rv) } };
    this.#record({ rv: this.#rv, type: 'DELETED', obj, prev });
  }

  /** Compacts history: watches and continue tokens from older versions now get 410. */
  compact(): void {
    this.#history = [];
    this.#compactedRv = this.#rv;
  }

  /** Sends `ERROR` 410 Expired to every open watch and ends it (watch cache too far behind). */
  expireWatches(): void {
    for (const w of this.#watchers) {
      this.#write(w, {
        type: 'ERROR',
        object: kubeStatus(410, 'Expired', `too old resource version: ${this.#compactedRv} (${this.#rv})`),
      });
      w.res.end();
    }
    this.compact();
  }

  /** Ends every open watch normally (as at `timeoutSeconds`). */
  endWatches(): void {
    for (const w of this.#watchers) w.res.end();
  }

  /** Sends a BOOKMARK at the current version to every watch that allowed bookmarks. */
  bookmark(): void {
    for (const w of this.#watchers) if (w.bookmarks) this.#write(w, this.#bookmarkEvent());
  }

  /** Destroys every connection abruptly (watch streams break mid-transfer). */
  dropConnections(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  /** The next `count` requests fail with `code` and a Status body. */
  failNext(count: number, code: number, reason: string, message: string, retryAfter?: number): void {
    for (let i = 0; i < count; i++)
      this.#failures.push(retryAfter === undefined ? { code, reason, message } : { code, reason, message, retryAfter });
  }

  /** The next `count` requests are accepted and never answered. */
  stallNext(count: number): void {
    this.#stalls += count;
  }

  /** Stops listening and drops every connection (API server down: connection refused). */
  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.dropConnections();
    await closed;
  }

  /** Listens again (on the same port after {@link down}). */
  up(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#port, '127.0.0.1', () => {
        this.#port = (this.#server.address() as AddressInfo).port;
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  /** Stops the server for good. */
  async close(): Promise<void> {
    if (this.#server.listening) await this.down();
    else this.dropConnections();
  }

  #record(event: HistoryEvent): void {
    this.#history.push(event);
    for (const w of this.#watchers) {
      const line = this.#eventFor(w, event);
      if (line !== undefined) this.#write(w, line);
    }
  }

  #eventFor(w: Watcher, e: HistoryEvent): { type: string; object: unknown } | undefined {
    return eventForWatcher(w.namespace, w.selector, e);
  }

  #bookmarkEvent(): { type: string; object: unknown } {
    return {
      type: 'BOOKMARK',
      object: {
        kind: 'EndpointSlice',
        apiVersion: 'discovery.k8s.io/v1',
        metadata: { resourceVersion: String(this.#rv), creationTimestamp: null },
        endpoints: null,
      },
    };
  }

  #write(w: Watcher, event: unknown): void {
    if (!w.res.writableEnded) w.res.write(`${JSON.stringify(event)}\n`);
  }

  #reply(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ path: url.pathname, query, authorization: req.headers.authorization });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (this.#stalls > 0) {
      this.#stalls -= 1;
      return;
    }
    const failure = this.#failures.shift();
    if (failure !== undefined) {
      this.#reply(
        res,
        failure.code,
        kubeStatus(failure.code, failure.reason, failure.message, failure.retryAfter),
        failure.retryAfter === undefined ? {} : { 'Retry-After': String(failure.retryAfter) },
      );
      return;
    }
    if (this.#token !== undefined && req.headers.authorization !== `Bearer ${this.#token}`) {
      this.#reply(res, 401, kubeStatus(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const match = PATH.exec(url.pathname);
    if (req.method !== 'GET' || match === null) {
      this.#reply(res, 404, kubeStatus(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    if (parseBool(query['watch'])) this.#watch(res, match[1]!, query);
    else this.#list(res, match[1]!, query);
  }

  #matching(namespace: string, selector: string | undefined): Stored[] {
    return [...this.#objects.values()]
      .filter((o) => o.metadata.namespace === namespace && matchesSelector(selector, o.metadata.labels))
      .sort(byName);
  }

  #list(res: ServerResponse, namespace: string, query: Record<string, string>): void {
    let rv = this.#rv;
    let start = 0;
    let items: Stored[];
    if (query['continue'] !== undefined) {
      const token = JSON.parse(Buffer.from(query['continue'], 'base64').toString('utf8')) as {
        rv: number;
        start: number;
      };
      if (token.rv < this.#compactedRv) {
        this.#reply(
          res,
          410,
          kubeStatus(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
          ),
        );
        return;
      }
      rv = token.rv;
      start = token.start;
      items = this.#snapshotAt(namespace, query['labelSelector'], rv);
    } else {
      items = this.#matching(namespace, query['labelSelector']);
    }
    const limit = query['limit'] === undefined ? Infinity : Number(query['limit']);
    const page = items.slice(start, start + limit);
    const more = start + limit < items.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (more) metadata['continue'] = Buffer.from(JSON.stringify({ rv, start: start + limit })).toString('base64');
    const stripped = page.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    this.#reply(res, 200, { kind: 'EndpointSliceList', apiVersion: 'discovery.k8s.io/v1', metadata, items: stripped });
  }

  #snapshotAt(namespace: string, selector: string | undefined, rv: number): Stored[] {
    return snapshotAt(this.#matching(namespace, undefined), this.#history, namespace, selector, rv);
  }

  #watch(res: ServerResponse, namespace: string, query: Record<string, string>): void {
    const watcher: Watcher = {
      res,
      namespace,
      selector: query['labelSelector'],
      bookmarks: parseBool(query['allowWatchBookmarks']),
    };
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const from = query['resourceVersion'] ?? '';
    if (from === '' || from === '0') {
      for (const obj of this.#matching(namespace, watcher.selector))
        this.#write(watcher, { type: 'ADDED', object: obj });
    } else if (Number(from) < this.#compactedRv) {
      this.#write(watcher, {
        type: 'ERROR',
        object: kubeStatus(410, 'Expired', `too old resource version: ${from} (${this.#compactedRv})`),
      });
      res.end();
      return;
    } else {
      for (const e of this.#history) {
        const line = e.rv > Number(from) ? this.#eventFor(watcher, e) : undefined;
        if (line !== undefined) this.#write(watcher, line);
      }
    }
    this.#watchers.add(watcher);
    const timeout =
      query['timeoutSeconds'] === undefined
        ? undefined
        : setTimeout(() => res.end(), Number(query['timeoutSeconds']) * 1000);
    res.on('close', () => {
      this.#watchers.delete(watcher);
      if (timeout !== undefined) clearTimeout(timeout);
    });
  }
}
