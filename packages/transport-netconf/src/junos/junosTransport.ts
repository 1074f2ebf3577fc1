import { inject, injectable, optional } from 'inversify';
import { Backoff, Clock, Logger, TransportError, type ConfigSession, type Transport } from '@meshrr/core';
import type { ServiceIdentifier } from 'inversify';
import { resolveNetconfOptions, type NetconfTransportOptions, type ResolvedNetconfOptions } from '../options.js';
import { sshNetconfConnector, type NetconfConnector } from '../session/connector.js';
import { JunosConfigSession } from './junosConfigSession.js';
import { repairUnclosedRoutingEngine } from './repairRoutingEngine.js';

/** Failures another attempt within the same `open` cannot fix (a later `open` still retries, after back-off). */
const NO_RETRY = new Set(['host-key-mismatch', 'host-key-unknown', 'ssh-key']);

/** Token of the transport's {@link NetconfTransportOptions} (bound by `netconfTransportModule`). */
export const NetconfTransportOptionsToken: ServiceIdentifier<NetconfTransportOptions> = Symbol.for(
  '@meshrr/transport-netconf:NetconfTransportOptions',
);
/** Optional token replacing the SSH connector (tests bind an in-memory one). */
export const NetconfConnectorToken: ServiceIdentifier<NetconfConnector> = Symbol.for(
  '@meshrr/transport-netconf:NetconfConnector',
);

/**
 * The core {@link Transport} for Junos/cRPD over NETCONF/SSH (`platform: 'junos'`). `open` returns
 * the current {@link JunosConfigSession} while its NETCONF session is alive (a persistent session:
 * no reconnect per reconcile); otherwise it connects anew. Failed connects back off
 * exponentially on the injected `Clock` (1 s, 2 s, 4 s … ≤ 60 s by default; reset by a success),
 * both between the attempts of one `open` and across calls; after `attemptsPerOpen` failures it
 * throws the last `TransportError`. A lost session surfaces as `TransportError` from the session's
 * next call; a change interrupted before `confirm` is rolled back by the device's confirm timer
 * and the engine re-applies it from freshly read state.
 */
@injectable()
export class JunosTransport implements Transport {
  readonly platform = 'junos';
  readonly #options: ResolvedNetconfOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #connect: NetconfConnector;
  readonly #backoff: Backoff;
  /** Delay before the next connect attempt: 0 after a success, else the jittered backoff. */
  #retryDelayMs = 0;
  #session: JunosConfigSession | undefined;

  constructor(
    @inject(NetconfTransportOptionsToken) options: NetconfTransportOptions,
    @inject(Clock) clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(NetconfConnectorToken) @optional() connector?: NetconfConnector,
  ) {
    this.#options = resolveNetconfOptions(options);
    this.#clock = clock;
    this.#logger = logger.child({ component: 'netconf', host: this.#options.host, port: this.#options.port });
    this.#connect = connector ?? sshNetconfConnector(this.#options, clock, this.#logger, repairUnclosedRoutingEngine);
    this.#backoff = new Backoff({ initialMs: this.#options.initialDelayMs, maxMs: this.#options.maxDelayMs }, () =>
      clock.random(),
    );
  }

  async open(signal: AbortSignal): Promise<ConfigSession> {
    if (this.#session?.alive === true) return this.#session;
    let last: unknown;
    let delay = this.#retryDelayMs;
    for (let attempt = 1; attempt <= this.#options.attemptsPerOpen; attempt++) {
      if (delay > 0) await this.#clock.sleep(delay, signal);
      try {
        const client = await this.#connect(signal);
        this.#backoff.reset();
        this.#retryDelayMs = 0;
        this.#logger.info(
          { sessionId: client.serverHello.sessionId, framing: client.framing },
          'NETCONF session opened',
        );
        client.onClose((reason) => this.#logger.warn({ err: reason }, 'NETCONF session ended'));
        this.#session = new JunosConfigSession(client, this.#logger, {
          candidate: this.#options.candidate,
          commitTimeoutMs: this.#options.commitMs,
        });
        return this.#session;
      } catch (error) {
        last = error;
        delay = this.#retryDelayMs = this.#backoff.fail();
        this.#logger.warn({ attempt, err: error, retryInMs: delay }, 'NETCONF connect failed');
        if (signal.aborted || NO_RETRY.has((error as { code?: string }).code ?? '')) break;
      }
    }
    throw last instanceof TransportError
      ? last
      : new TransportError(`NETCONF connect failed: ${(last as Error | undefined)?.message ?? 'unknown'}`, {
          cause: last,
        });
  }
}
