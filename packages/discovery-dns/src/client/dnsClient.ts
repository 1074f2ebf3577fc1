import { DiscoveryError, type Clock } from '@meshrr/core';
import { formatNameserver, type NameserverEndpoint } from '../config/nameserver.js';
import { buildQuery, type DnsQuestion, type DnsResponse } from '../wire/message.js';
import { tcpExchange } from '../wire/tcpExchange.js';
import { udpExchange, type ExchangeTarget } from '../wire/udpExchange.js';

/** How a {@link DnsClient} talks to its servers. */
export interface DnsClientSettings {
  /** Tried in order, once per attempt round (glibc). At least one. */
  readonly nameservers: readonly NameserverEndpoint[];
  /** Per try (one server, one transport). */
  readonly timeoutMs: number;
  /** Rounds over all servers. */
  readonly attempts: number;
  /** EDNS0 UDP payload size to advertise; 0 sends no OPT record. */
  readonly ednsUdpSize: number;
  readonly clock: Clock;
}

/** Response codes that end a lookup: the server answered the question. */
const FINAL_RCODES = new Set(['NOERROR', 'NXDOMAIN']);

function rcodeFailure(rcode: string, server: NameserverEndpoint): DiscoveryError {
  const kind =
    rcode === 'SERVFAIL' || rcode === 'REFUSED' || rcode === 'FORMERR' || rcode === 'NOTIMP'
      ? rcode.toLowerCase()
      : `rcode-${rcode.toLowerCase()}`;
  return new DiscoveryError(kind, `${formatNameserver(server)} answered ${rcode}`);
}

/**
 * A stub resolver client on raw DNS messages: sends one question, returns the server's answer
 * (NOERROR or NXDOMAIN, with flags and every section) so callers see what the OS resolver hides.
 * Servers are tried in order, `attempts` rounds; each try has its own timeout, a random query ID
 * and a fresh socket (random source port). A truncated UDP answer is retried over TCP to the same
 * server. FORMERR to an EDNS0 query is retried once without EDNS0 (RFC 6891 §7). SERVFAIL, REFUSED,
 * FORMERR, NOTIMP, timeouts, malformed or mismatched replies and socket errors move to the next
 * server; when every try failed, `query` throws a {@link DiscoveryError} whose `kind` is the last
 * try's and whose `cause` is an `AggregateError` of all of them. Aborting rejects with the signal's reason.
 */
export class DnsClient {
  readonly #settings: DnsClientSettings;

  constructor(settings: DnsClientSettings) {
    if (settings.nameservers.length === 0) throw new TypeError('DnsClient needs at least one nameserver');
    this.#settings = settings;
  }

  /** Asks `question` (absolute name) and returns the first final answer. */
  async query(question: DnsQuestion, signal: AbortSignal): Promise<DnsResponse> {
    const failures: DiscoveryError[] = [];
    for (let attempt = 0; attempt < this.#settings.attempts; attempt += 1) {
      for (const server of this.#settings.nameservers) {
        try {
          return await this.#tryServer(server, question, signal);
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          failures.push(
            error instanceof DiscoveryError ? error : new DiscoveryError('socket', String(error), { cause: error }),
          );
        }
      }
    }
    const last = failures[failures.length - 1]!;
    const summary = failures.map((f) => f.message).join('; ');
    throw new DiscoveryError(last.kind, `${question.name} ${question.type}: no usable answer (${summary})`, {
      cause: new AggregateError(failures, 'every try failed'),
    });
  }

  async #tryServer(server: NameserverEndpoint, question: DnsQuestion, signal: AbortSignal): Promise<DnsResponse> {
    const target: ExchangeTarget = { server, timeoutMs: this.#settings.timeoutMs, clock: this.#settings.clock, signal };
    let ednsUdpSize = this.#settings.ednsUdpSize;
    for (;;) {
      const query = buildQuery(question, ednsUdpSize);
      let response = await udpExchange(query, target);
      if (response.truncated) {
        response = await tcpExchange(query, target);
        if (response.truncated)
          throw new DiscoveryError('truncated', `${formatNameserver(server)} sent a truncated answer over TCP`);
      }
      if (FINAL_RCODES.has(response.rcode)) return response;
      if (response.rcode === 'FORMERR' && ednsUdpSize > 0) {
        ednsUdpSize = 0;
        continue;
      }
      throw rcodeFailure(response.rcode, server);
    }
  }
}
