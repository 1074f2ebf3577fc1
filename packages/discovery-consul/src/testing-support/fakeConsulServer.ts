import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { parseGoDuration } from './goDuration.js';

/** One registered instance as a test describes it. */
export interface InstanceInput {
  readonly id: string;
  readonly node: string;
  readonly nodeAddress: string;
  readonly address?: string;
  readonly port?: number;
  readonly tags?: readonly string[];
  readonly meta?: Readonly<Record<string, string>>;
  readonly nodeMeta?: Readonly<Record<string, string>>;
  /** Status of the instance's service check (default passing); the node's serfHealth is passing. */
  readonly status?: 'passing' | 'warning' | 'critical';
}
interface Stored {
  readonly service: string;
  readonly input: InstanceInput;
  readonly createIndex: number;
  modifyIndex: number;
}
interface Waiter {
  readonly service: string;
  readonly wake: () => void;
}
/** A request as the server received it (for assertions). */
export interface ConsulRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly token: string | undefined;
}

/**
 * A local Consul HTTP API for `/v1/health/service/<name>`, shaped from Consul's API docs:
 * entries `{Node, Service, Checks}` (node `serfHealth` + service check), `passing`, repeated
 * `tag`, `dc`, `ns`, `partition`, `stale`; blocking queries on `index` with `wait` (Go
 * duration, default 5 m, max 10 m, plus up to wait/16 jitter) answering with `X-Consul-Index`,
 * `X-Consul-KnownLeader`, `X-Consul-LastContact`; `X-Consul-Token` ACLs (403 "ACL not found").
 * Faults: failing/slow requests, leader loss (500 "No cluster leader", or 200 with
 * KnownLeader false for stale reads), index going backwards (snapshot restore), index 0,
 * dropped connections, server down/up. HTTP or HTTPS. Test support only.
 */
export class FakeConsulServer {
  readonly requests: ConsulRequest[] = [];
  datacenter = 'dc1';
  latencyMs = 0;
  /** While false, default-consistency reads fail with 500 and stale reads carry KnownLeader false. */
  leader = true;
  /** Answers carry `X-Consul-Results-Filtered-By-ACLs: true` (the token could not read everything). */
  aclFiltered = false;
  /** Every service's index is 0 (a Consul bug the docs warn about): index=0 never blocks, index=1 does. */
  zeroIndex = false;
  #server: http.Server;
  #port = 0;
  #index = 100;
  #tableIndex = 100;
  #instances = new Map<string, Stored>();
  #serviceIndexes = new Map<string, number>();
  #waiters = new Set<Waiter>();
  #sockets = new Set<Socket>();
  #failures: { status: number; body: string }[] = [];
  readonly #token: string | undefined;

  private constructor(options: { token?: string; tls?: https.ServerOptions }) {
    this.#token = options.token;
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.#handle(req, res);
    this.#server = options.tls === undefined ? http.createServer(handler) : https.createServer(options.tls, handler);
    const track = (socket: Socket): void => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    };
    this.#server.on('connection', track);
    this.#server.on('secureConnection', track);
  }

  /** Starts a server on 127.0.0.1 (random port). */
  static async start(options: { token?: string; tls?: https.ServerOptions } = {}): Promise<FakeConsulServer> {
    const server = new FakeConsulServer(options);
    await server.up();
    return server;
  }

  get url(): string {
    return `${this.#server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${this.#port}`;
  }
  /** Blocking queries currently waiting. */
  get blockedQueries(): number {
    return this.#waiters.size;
  }
  /** The current index of a service (what X-Consul-Index says for it). */
  serviceIndex(service: string): number {
    return this.#serviceIndex(service);
  }

  /** Registers or updates an instance of `service`; wakes that service's blocked queries. */
  register(service: string, input: InstanceInput): void {
    const prev = this.#instances.get(input.id);
    this.#index += 1;
    this.#instances.set(input.id, {
      service,
      input,
      createIndex: prev?.createIndex ?? this.#index,
      modifyIndex: this.#index,
    });
    this.#changed(service);
  }

  /** Sets the status of an instance's service check. */
  setStatus(id: string, status: 'passing' | 'warning' | 'critical'): void {
    const stored = this.#instances.get(id);
    if (stored === undefined) throw new Error(`no instance ${id}`);
    this.register(stored.service, { ...stored.input, status });
  }

  /** Deregisters an instance. */
  deregister(id: string): void {
    const stored = this.#instances.get(id);
    if (stored === undefined) return;
    this.#instances.delete(id);
    this.#index += 1;
    this.#changed(stored.service);
  }

  /** Restores an older snapshot: every index drops to `index` (X-Consul-Index goes backwards). */
  restoreSnapshot(index: number): void {
    this.#index = index;
    this.#tableIndex = index;
    for (const s of this.#instances.values()) s.modifyIndex = Math.min(s.modifyIndex, index);
    for (const [name, value] of this.#serviceIndexes) this.#serviceIndexes.set(name, Math.min(value, index));
    for (const w of [...this.#waiters]) w.wake();
  }

  /** The next `count` requests fail with `status` and a plain-text body, as Consul does. */
  failNext(count: number, status: number, body: string): void {
    for (let i = 0; i < count; i++) this.#failures.push({ status, body });
  }

  dropConnections(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.dropConnections();
    await closed;
  }

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

  async close(): Promise<void> {
    for (const w of [...this.#waiters]) w.wake();
    if (this.#server.listening) await this.down();
  }

  #changed(service: string): void {
    this.#tableIndex = this.#index;
    this.#serviceIndexes.set(service, this.#index);
    for (const w of [...this.#waiters]) if (w.service === service) w.wake();
  }

  /** Consul keeps one index per service name (bumped by register, check update, deregister). */
  #serviceIndex(service: string): number {
    if (this.zeroIndex) return 0;
    return this.#serviceIndexes.get(service) ?? this.#tableIndex;
  }

  #entry(s: Stored): Record<string, unknown> {
    const i = s.input;
    const status = i.status ?? 'passing';
    return {
      Node: {
        ID: `id-${i.node}`,
        Node: i.node,
        Address: i.nodeAddress,
        Datacenter: this.datacenter,
        TaggedAddresses: { lan: i.nodeAddress, wan: i.nodeAddress },
        Meta: i.nodeMeta ?? {},
        CreateIndex: 10,
        ModifyIndex: 10,
      },
      Service: {
        ID: i.id,
        Service: s.service,
        Tags: i.tags ?? [],
        Address: i.address ?? '',
        Meta: i.meta ?? {},
        Port: i.port ?? 0,
        Weights: { Passing: 1, Warning: 1 },
        EnableTagOverride: false,
        CreateIndex: s.createIndex,
        ModifyIndex: s.modifyIndex,
      },
      Checks: [
        {
          Node: i.node,
          CheckID: 'serfHealth',
          Name: 'Serf Health Status',
          Status: 'passing',
          Notes: '',
          Output: 'Agent alive and reachable',
          ServiceID: '',
          ServiceName: '',
          ServiceTags: [],
          CreateIndex: 10,
          ModifyIndex: 10,
        },
        {
          Node: i.node,
          CheckID: `service:${i.id}`,
          Name: `Service '${s.service}' check`,
          Status: status,
          Notes: '',
          Output: '',
          ServiceID: i.id,
          ServiceName: s.service,
          ServiceTags: i.tags ?? [],
          CreateIndex: s.createIndex,
          ModifyIndex: s.modifyIndex,
        },
      ],
    };
  }

  #send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, {
      'Content-Type': status === 200 ? 'application/json' : 'text/plain; charset=utf-8',
      ...headers,
    });
    res.end(body);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const token = req.headers['x-consul-token'];
    this.requests.push({ path: url.pathname, query: url.searchParams, token: Array.isArray(token) ? token[0] : token });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const failure = this.#failures.shift();
    if (failure !== undefined) return this.#send(res, failure.status, failure.body);
    if (this.#token !== undefined && token !== this.#token) return this.#send(res, 403, 'ACL not found');
    const match = /^\/v1\/health\/service\/([^/]+)$/.exec(url.pathname);
    if (match === null) return this.#send(res, 404, `Not found: ${url.pathname}`);
    const q = url.searchParams;
    const dc = q.get('dc');
    if (dc !== null && dc !== this.datacenter) return this.#send(res, 500, `No path to datacenter`);
    const stale = q.has('stale');
    if (!this.leader && !stale) return this.#send(res, 500, 'No cluster leader');
    const service = decodeURIComponent(match[1]!);
    const wait = q.get('wait') === null ? 300_000 : parseGoDuration(q.get('wait')!);
    if (wait === undefined) return this.#send(res, 400, `Invalid wait time`);
    const index = q.get('index') === null ? 0 : Number(q.get('index'));
    if (index > 0 && index >= this.#serviceIndex(service)) await this.#block(req, service, Math.min(wait, 600_000));
    const tags = q.getAll('tag');
    const entries = [...this.#instances.values()]
      .filter((s) => s.service === service && tags.every((t) => (s.input.tags ?? []).includes(t)))
      .filter((s) => !q.has('passing') || (s.input.status ?? 'passing') === 'passing')
      .sort((a, b) => (a.input.node < b.input.node ? -1 : 1))
      .map((s) => this.#entry(s));
    this.#send(res, 200, JSON.stringify(entries), {
      'X-Consul-Index': String(this.#serviceIndex(service)),
      'X-Consul-KnownLeader': String(this.leader),
      'X-Consul-LastContact': '0',
      'X-Consul-Effective-Consistency': stale ? 'stale' : 'leader',
      ...(this.aclFiltered ? { 'X-Consul-Results-Filtered-By-ACLs': 'true' } : {}),
    });
  }

  #block(req: IncomingMessage, service: string, waitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const jitter = Math.random() * (waitMs / 16);
      const waiter: Waiter = { service, wake: () => done() };
      const timer = setTimeout(() => done(), waitMs + jitter);
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve();
      };
      this.#waiters.add(waiter);
      req.socket.once('close', done);
    });
  }
}
