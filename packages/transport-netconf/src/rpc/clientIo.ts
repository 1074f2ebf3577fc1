import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { TransportError } from '@meshrr/core';
import { encodeChunked, encodeEom, FrameReader, type FramingMode } from '../framing/index.js';
import { RpcTimeoutError, SessionClosedError } from '../errors.js';
import { decodeReply } from './decodeReply.js';
import { NETCONF_NS, XML_DECLARATION } from './namespaces.js';
import type { NetconfClientOptions, RpcCallOptions } from './netconfClient.js';
import { PendingRpcs } from './pendingRpcs.js';
import { readRpcReply, type RpcReply } from './rpcReply.js';

/**
 * The byte-level half of `NetconfClient`: writes framed messages, de-frames what arrives (only the
 * hello until framing is negotiated), dispatches replies to pending RPCs by message-id, and fails
 * every pending RPC once when the stream ends, errors or breaks framing.
 */
export class ClientIo {
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
    stream.on('error', (error: Error) =>
      this.fail(new SessionClosedError(`NETCONF channel error: ${error.message}`, { cause: error })),
    );
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
      const onAbort = (): void =>
        this.fail(new TransportError('NETCONF hello aborted', { cause: signal?.reason, code: 'aborted' }));
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
    if (this.failure !== undefined)
      return Promise.reject(
        new SessionClosedError(`NETCONF ${name}: ${this.failure.message}`, { cause: this.failure }),
      );
    if (options.signal?.aborted)
      return Promise.reject(
        new TransportError(`NETCONF ${name} aborted`, { cause: options.signal.reason, code: 'aborted' }),
      );
    const id = this.#options.messageId?.() ?? `urn:uuid:${randomUUID()}`;
    const timeoutMs = options.timeoutMs ?? this.#options.rpcTimeoutMs ?? 120_000;
    const started = this.#options.clock.now();
    return new Promise<RpcReply>((resolve, reject) => {
      const signal = options.signal;
      const onAbort = (): void =>
        void this.#pending.reject(
          id,
          new TransportError(`NETCONF ${name} aborted`, { cause: signal?.reason, code: 'aborted' }),
        );
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = this.#options.clock.setTimer(
        timeoutMs,
        () => void this.#pending.reject(id, new RpcTimeoutError(name, timeoutMs)),
      );
      const done = (reply: RpcReply): void => {
        this.#options.logger?.debug(
          { rpc: name, ms: this.#options.clock.now() - started, errors: reply.errors.length },
          'netconf rpc',
        );
        resolve(reply);
      };
      this.#pending.add(id, {
        name,
        resolve: done,
        reject,
        timer,
        detach: () => signal?.removeEventListener('abort', onAbort),
      });
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
    this.#pending.rejectAll((name) =>
      reason instanceof TransportError
        ? reason
        : new SessionClosedError(`NETCONF ${name}: ${reason.message}`, { cause: reason }),
    );
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
    for (let m = this.#reader.read(); m !== undefined; m = this.#reader.read())
      this.#dispatch(m.toString('utf8').trim());
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
      else this.#options.logger?.warn({ err: error }, 'unsolicited malformed NETCONF message ignored');
      return;
    }
    const id =
      reply.messageId !== undefined && this.#pending.has(reply.messageId)
        ? reply.messageId
        : reply.messageId === undefined
          ? this.#pending.oldest()
          : undefined;
    if (id === undefined || !this.#pending.resolve(id, reply)) {
      this.#options.logger?.debug(
        { messageId: reply.messageId },
        'NETCONF reply for no RPC in flight (late after a timeout?) ignored',
      );
    }
  }
}
