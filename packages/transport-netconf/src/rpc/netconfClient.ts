import type { Duplex } from 'node:stream';
import { TransportError, type Clock, type Logger } from '@meshrr/core';
import { encodeEom, type FramingMode } from '../framing/index.js';
import { SessionClosedError } from '../errors.js';
import { ClientIo } from './clientIo.js';
import type { ReplyRepair } from './decodeReply.js';
import {
  buildClientHello,
  DEFAULT_CLIENT_CAPABILITIES,
  negotiateFraming,
  parseServerHello,
  type ServerHello,
} from './hello.js';
import type { RpcReply } from './rpcReply.js';

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
      throw error instanceof TransportError
        ? error
        : new TransportError(`NETCONF hello failed: ${(error as Error).message}`, { cause: error });
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
