import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { TransportError, type Clock, type Logger } from '@meshrr/core';
import { encodeChunked, encodeEom, FrameReader, type FramingMode } from '../framing/index.js';
import { RpcTimeoutError, SessionClosedError } from '../errors.js';
import { decodeReply, type ReplyRepair } from './decodeReply.js';
import { buildClientHello, DEFAULT_CLIENT_CAPABILITIES, negotiateFraming, parseServerHello, type ServerHello } from './hello.js';
import { NETCONF_NS, XML_DECLARATION } from './namespaces.js';
import { PendingRpcs } from './pendingRpcs.js';
import { readRpcReply, type RpcReply } from './rpcReply.js';

/** Options of {@link NetconfClient.open}. */
export interface NetconfClientOptions {
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Capabilities to advertise (default base:1.0 + base:1.1). Leave out base:1.1 to force EOM framing. */
  readonly capabilities?: readonly string[];
  /** How long to wait for the server `<hello>` (default 15 000 ms). */
  readonly helloTimeoutMs?: number;
  /** Default per-RPC timeout (default 120 000 ms: a cRPD commit can take tens of seconds). */
  readonly rpcTimeoutMs?: number;
  /** Pause after the hellos before the first RPC (default 0). yuma123 netconfd drops an `<rpc>` read together with the client hello; tests against it use a few ms. */
  readonly postHelloDelayMs?: number;
  /** Message-id generator (default `urn:uuid:<uuid4>` like ncclient); tests inject a fixed sequence. */
  readonly messageId?: () => string;
  /** Device-specific repair of malformed replies (Junos: unclosed `<routing-engine>`). */
  readonly repairReply?: ReplyRepair;
  /** Largest accepted message (default 64 MiB). */
  readonly maxMessageBytes?: number;
}

/** Per-call options of {@link NetconfClient.rpc}. */
export interface RpcCallOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * A NETCONF session (RFC 6241/6242) over any byte `Duplex` (an ssh2 `netconf` subsystem channel in
 * production, an in-memory stream in tests). Sends its hello at once, reads the server hello,
 * negotiates framing, then correlates RPCs by message-id (oldest-first when a reply lacks one).
 * Every failure of the channel rejects the RPCs in flight with a `TransportError` subclass: the
 * session never hangs. Replies are returned whatever their errors; callers decide with
 * `assertRpcOk`.
 */
export class NetconfClient {
  readonly serverHello: ServerHello;
  readonly framing: FramingMode;
  readonly #stream: Duplex;
  readonly #io: ClientIo;

  private constructor(stream: Duplex, io: ClientIo, hello: ServerHello, framing: FramingMode) {
    this.#stream = stream;
    this.#io = io;
    this.serverHello = hello;
    this.framing = framing;
  }

  /** Performs the hello exchange on `stream`. Throws `TransportError` on timeout, close or a bad hello (and destroys the stream). */
  static async open(stream: Duplex, options: NetconfClientOptions, signal?: AbortSignal): Promise<NetconfClient> {
    const io = new ClientIo(stream, options);
    const capabilities = options.capabilities ?? DEFAULT_CLIENT_CAPABILITIES;
    try {
      io.write(encodeEom(buildClientHello(capabilities)));
      const hello = parseServerHello(await io.firstMessage(options.helloTimeoutMs ?? 15_000, signal));
      const framing = negotiateFraming(capabilities, hello.capabilities);
      io.setFraming(framing);
      if ((options.postHelloDelayMs ?? 0) > 0) await options.clock.sleep(options.postHelloDelayMs ?? 0, signal);
      return new NetconfClient(stream, io, hello, framing);
    } catch (error) {
      io.fail(error instanceof Error ? error : new TransportError(String(error)));
      stream.destroy();
      throw error instanceof TransportError ? error : new TransportError(`NETCONF hello failed: ${(error as Error).message}`, { cause: error });
    }
  }

  /** True once the channel has closed or failed; every later `rpc` rejects at once. */
  get closed(): boolean {
    return this.#io.failure !== undefined;
  }

  /** Registers `listener` for the end of the session (called once, with the reason). */
  onClose(listener: (reason: Error) => void): void {
    this.#io.onClose(listener);
  }

  /**
   * Sends `<nc:rpc message-id=…>{body}</nc:rpc>` (with PyEZ's XML declaration) and resolves with
   * the parsed reply. Rejects with {@link RpcTimeoutError}, {@link SessionClosedError},
   * `MalformedReplyError` or a `TransportError` (code `aborted`) when `signal` fires.
   */
  rpc(name: string, body: string, options: RpcCallOptions = {}): Promise<RpcReply> {
    return this.#io.call(name, body, options);
  }

  /** Closes the channel without `<close-session>` (use the `closeSession` op for a polite end). Idempotent. */
  destroy(): void {
    this.#io.fail(new SessionClosedError('NETCONF session closed by the client'));
    this.#stream.destroy();
  }
}

/** The byte-level half of {@link NetconfClient}: framing, dispatch, pending RPCs, failure. */
class ClientIo {
  failure: Error | undefined;
  readonly #stream: Duplex;
  readonly #options: NetconfClientOptions;
  readonly #reader: FrameReader;
  readonly #pending = new PendingRpcs();
  readonly #closeListeners: Array<(reason: Error) => void> = [];
  #framing: FramingMode = 'eom';
  /** `hello` until framing is negotiated: only the server hello is read, later bytes wait. */
  #phase: 'hello' | 'rpc' = 'hello';
  #helloWaiter: ((message: string | Error) => void) | undefined;
  #hello: string | undefined;

  constructor(stream: Duplex, options: NetconfClientOptions) {
    this.#stream = stream;
    this.#options = options;
    this.#reader = new FrameReader(options.maxMessageBytes);
    stream.on('data', (chunk: Buffer) => this.#onData(chunk));
    stream.on('error', (error: Error) => this.fail(new SessionClosedError(`NETCONF channel error: ${error.message}`, { cause: error })));
    stream.on('close', () => this.fail(new SessionClosedError('NETCONF channel closed by the server')));
    stream.on('end', () => this.fail(new SessionClosedError('NETCONF channel ended by the server')));
  }

  write(bytes: Buffer): void {
    this.#stream.write(bytes);
  }

  setFraming(mode: FramingMode): void {
    this.#framing = mode;
    this.#reader.setMode(mode);
    this.#phase = 'rpc';
    this.#drain();
  }

  firstMessage(timeoutMs: number, signal?: AbortSignal): Promise<string> {
    if (this.#hello !== undefined) return Promise.resolve(this.#hello);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<string>((resolve, reject) => {
      const timer = this.#options.clock.setTimer(timeoutMs, () => this.fail(new RpcTimeoutError('hello', timeoutMs)));
      const onAbort = (): void => this.fail(new TransportError('NETCONF hello aborted', { cause: signal?.reason, code: 'aborted' }));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#helloWaiter = (message) => {
        timer.cancel();
        signal?.removeEventListener('abort', onAbort);
        this.#helloWaiter = undefined;
        if (message instanceof Error) reject(message);
        else resolve(message);
      };
    });
  }

  call(name: string, body: string, options: RpcCallOptions): Promise<RpcReply> {
    if (this.failure !== undefined) return Promise.reject(new SessionClosedError(`NETCONF ${name}: ${this.failure.message}`, { cause: this.failure }));
    if (options.signal?.aborted) return Promise.reject(new TransportError(`NETCONF ${name} aborted`, { cause: options.signal.reason, code: 'aborted' }));
    const id = this.#options.messageId?.() ?? `urn:uuid:${randomUUID()}`;
    const timeoutMs = options.timeoutMs ?? this.#options.rpcTimeoutMs ?? 120_000;
    const started = this.#options.clock.now();
    return new Promise<RpcReply>((resolve, reject) => {
      const signal = options.signal;
      const onAbort = (): void => void this.#pending.reject(id, new TransportError(`NETCONF ${name} aborted`, { cause: signal?.reason, code: 'aborted' }));
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = this.#options.clock.setTimer(timeoutMs, () => void this.#pending.reject(id, new RpcTimeoutError(name, timeoutMs)));
      const done = (reply: RpcReply): void => {
        this.#options.logger?.debug({ rpc: name, ms: this.#options.clock.now() - started, errors: reply.errors.length }, 'netconf rpc');
        resolve(reply);
      };
      this.#pending.add(id, { name, resolve: done, reject, timer, detach: () => signal?.removeEventListener('abort', onAbort) });
      const xml = `${XML_DECLARATION}<nc:rpc xmlns:nc="${NETCONF_NS}" message-id="${id}">${body}</nc:rpc>`;
      this.write(this.#framing === 'chunked' ? encodeChunked(xml) : encodeEom(xml));
    });
  }

  onClose(listener: (reason: Error) => void): void {
    if (this.failure !== undefined) listener(this.failure);
    else this.#closeListeners.push(listener);
  }

  fail(reason: Error): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    this.#helloWaiter?.(reason);
    this.#pending.rejectAll((name) => (reason instanceof TransportError ? reason : new SessionClosedError(`NETCONF ${name}: ${reason.message}`, { cause: reason })));
    for (const listener of this.#closeListeners.splice(0)) listener(reason);
  }

  #onData(chunk: Buffer): void {
    try {
      this.#reader.push(chunk);
      this.#drain();
    } catch (error) {
      this.fail(error instanceof Error ? error : new TransportError(String(error)));
      this.#stream.destroy();
    }
  }

  #drain(): void {
    if (this.#phase === 'hello') {
      if (this.#hello !== undefined) return;
      const first = this.#reader.read();
      if (first === undefined) return;
      this.#hello = first.toString('utf8');
      this.#helloWaiter?.(this.#hello);
      return;
    }
    for (let m = this.#reader.read(); m !== undefined; m = this.#reader.read()) this.#dispatch(m.toString('utf8').trim());
  }

  #dispatch(xml: string): void {
    let reply: RpcReply;
    try {
      const root = decodeReply(xml, this.#options.repairReply);
      if (root.name === 'notification') return;
      reply = readRpcReply(root);
    } catch (error) {
      const oldest = this.#pending.oldest();
      if (oldest !== undefined) this.#pending.reject(oldest, error as Error);
      else this.#options.logger?.warn({ err: (error as Error).message }, 'unsolicited malformed NETCONF message ignored');
      return;
    }
    const id = reply.messageId !== undefined && this.#pending.has(reply.messageId) ? reply.messageId : reply.messageId === undefined ? this.#pending.oldest() : undefined;
    if (id === undefined || !this.#pending.resolve(id, reply)) {
      this.#options.logger?.debug({ messageId: reply.messageId }, 'NETCONF reply for no RPC in flight (late after a timeout?) ignored');
    }
  }
}
