import type { Logger } from '../api/ambient.js';
import { TransportError } from '../api/errors.js';
import type { ConfigSession, Transport } from '../api/transport.js';

/**
 * Keeps one persistent {@link ConfigSession} (meshrr B10: no reconnect per cycle): `get` opens it
 * on first use and reuses it while healthy; `drop` closes and forgets it after a transport fault
 * so the next `get` opens a fresh one. `use` runs `fn` with the session and drops the session when
 * `fn` throws a {@link TransportError} or `signal` aborted meanwhile (an RPC may be half-done),
 * rethrowing the error.
 */
export class SessionHolder {
  readonly #transport: Transport;
  readonly #logger: Logger;
  #session: ConfigSession | undefined;

  constructor(transport: Transport, logger: Logger) {
    this.#transport = transport;
    this.#logger = logger;
  }

  async use<T>(signal: AbortSignal, fn: (session: ConfigSession) => Promise<T>): Promise<T> {
    const session = await this.get(signal);
    try {
      return await fn(session);
    } catch (error) {
      if (error instanceof TransportError || signal.aborted)
        await this.drop(error instanceof Error ? error : undefined);
      throw error;
    }
  }

  async get(signal: AbortSignal): Promise<ConfigSession> {
    this.#session ??= await this.#transport.open(signal);
    return this.#session;
  }

  /** Closes and forgets the session (errors while closing are logged, never thrown). */
  async drop(reason?: Error): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session === undefined) return;
    if (reason !== undefined) this.#logger.warn({ err: reason }, 'management session lost; a new one will be opened');
    try {
      await session.close();
    } catch (error) {
      this.#logger.debug({ err: error }, 'closing the management session failed');
    }
  }
}
