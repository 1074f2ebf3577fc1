import {
  backoffDelayMs,
  DiscoveryError,
  samePeerSet,
  startLookupTimer,
  type DiscoveredPeer,
  type DiscoveryContext,
  type Logger,
  type PeerSink,
  type PeerSource,
} from '@meshrr/core';
import { peersFromHealthEntries } from '../api/healthEntries.js';
import { HealthServiceClient, type HealthServiceAnswer, type HealthServiceQuery } from '../api/healthServiceClient.js';
import { ConsulConfigError, resolveConsulEndpoint, type ConsulEnvironment } from '../config/consulEndpoint.js';
import type { ConsulDiscoveryOptions } from '../config/options.js';
import { nextBlockingIndex, parseConsulIndex } from './blockingIndex.js';
import { TokenBucket } from './tokenBucket.js';

/** Resolved settings of one Consul source (see `ConsulDiscoveryProvider.create`). */
export interface ConsulSourceSettings {
  readonly env: ConsulEnvironment;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

function header(answer: HealthServiceAnswer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks an answer and returns its index and peers; throws `DiscoveryError` for anything that is
 * not a trustworthy complete answer: an error status (`http-<status>`, Consul's message
 * quoted), no known leader without `allow_stale` (`no-leader`), results partly hidden by ACLs
 * (`acl-filtered`: a partial set), a missing index, a bad body.
 */
function interpret(
  answer: HealthServiceAnswer,
  options: ConsulDiscoveryOptions,
  where: string,
): { index: number; peers: readonly DiscoveredPeer[] } {
  if (answer.status !== 200) {
    const hint = answer.status === 403 ? ' (the ACL token needs service:read on the service and node:read)' : '';
    throw new DiscoveryError(
      `http-${answer.status}`,
      `${where}: HTTP ${answer.status}: ${answer.body.trim().slice(0, 300)}${hint}`,
    );
  }
  if (header(answer, 'x-consul-knownleader') === 'false' && !options.allow_stale) {
    throw new DiscoveryError(
      'no-leader',
      `${where}: the Consul server knows no cluster leader (X-Consul-KnownLeader: false); set allow_stale to accept such answers`,
    );
  }
  if (header(answer, 'x-consul-results-filtered-by-acls') === 'true') {
    throw new DiscoveryError(
      'acl-filtered',
      `${where}: ACLs hid some results (X-Consul-Results-Filtered-By-ACLs); the token needs service:read and node:read, a partial set is never used`,
    );
  }
  const index = parseConsulIndex(answer.headers['x-consul-index']);
  if (index === undefined) throw new DiscoveryError('invalid-document', `${where}: no valid X-Consul-Index header`);
  return {
    index,
    peers: peersFromHealthEntries(
      answer.body,
      { passingOnly: options.passing_only, zoneMetaKey: options.zone_meta_key },
      where,
    ),
  };
}

/**
 * `sourcetype: consul` source: a blocking-query loop on `/v1/health/service/<service>`. The
 * first answer is emitted at once; later answers are emitted when the set changed, else reported
 * as success (a blocking query may return without change). Index handling follows Consul's
 * rules (reset to 0 when it goes backwards, never below 1), the loop is rate-limited by a token
 * bucket, failures are reported and retried with exponential backoff (the retry reads without
 * blocking) while the last good set stays in force. Unusable configuration (bad `CONSUL_HTTP_ADDR`, unreadable TLS files) is
 * reported and then rejects `run` with `ConsulConfigError`.
 */
export class ConsulPeerSource implements PeerSource {
  readonly #options: ConsulDiscoveryOptions;
  readonly #context: DiscoveryContext;
  readonly #settings: ConsulSourceSettings;

  constructor(options: ConsulDiscoveryOptions, context: DiscoveryContext, settings: ConsulSourceSettings) {
    this.#options = options;
    this.#context = context;
    this.#settings = settings;
  }

  async run(signal: AbortSignal, sink: PeerSink): Promise<void> {
    let client: HealthServiceClient;
    try {
      client = new HealthServiceClient(
        resolveConsulEndpoint(this.#options, this.#settings.env, this.#context.baseDir),
        this.#context.clock,
      );
    } catch (error) {
      const failure =
        error instanceof ConsulConfigError ? error : new ConsulConfigError(String(error), { cause: error });
      sink.reportFailure(failure);
      throw failure;
    }
    try {
      await this.#loop(signal, sink, client, this.#context.logger.child({ service: this.#options.service }));
    } finally {
      client.close();
    }
  }

  async #loop(signal: AbortSignal, sink: PeerSink, client: HealthServiceClient, logger: Logger): Promise<void> {
    const o = this.#options;
    const clock = this.#context.clock;
    const bucket = new TokenBucket(clock, o.rate_limit_burst, o.rate_limit_interval_seconds * 1000);
    const timeoutMs = Math.ceil(o.wait_seconds * 1000 * (17 / 16)) + 10_000;
    const where = `consul service ${o.service}`;
    let index = 0;
    let failures = 0;
    let last: readonly DiscoveredPeer[] | undefined;
    while (!signal.aborted) {
      try {
        await bucket.take(signal);
        const query: HealthServiceQuery = {
          service: o.service,
          tags: o.tag ?? [],
          passingOnly: o.passing_only,
          datacenter: o.datacenter,
          namespace: o.namespace,
          partition: o.partition,
          filter: o.filter,
          stale: o.allow_stale,
          index,
          waitSeconds: o.wait_seconds,
        };
        // A read at index 0 answers at once: a lookup, timed. A blocking query waits for a change on purpose.
        const timed = index === 0 ? startLookupTimer(this.#context, 'consul') : undefined;
        const answer = await client.query(query, timeoutMs, signal).finally(() => timed?.());
        const result = interpret(answer, o, where);
        failures = 0;
        const next = nextBlockingIndex(index, result.index);
        if (next === 0)
          logger.info(
            { sent: index, returned: result.index },
            'X-Consul-Index went backwards: restarting the blocking loop',
          );
        index = next;
        if (last === undefined || !samePeerSet(last, result.peers)) {
          last = result.peers;
          sink.emit(result.peers);
        } else {
          sink.reportSuccess();
        }
        continue;
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        // The next attempt reads at once (index 0): after an outage or leader election the state
        // may have moved, even backwards, and a blocking query on the old index could hide it
        // for up to `wait`.
        index = 0;
        const failure =
          error instanceof DiscoveryError ? error : new DiscoveryError('unexpected', String(error), { cause: error });
        logger.warn({ kind: failure.kind, err: failure }, 'Consul query failed; keeping the last good set');
        sink.reportFailure(failure);
      }
      const backoff = backoffDelayMs(
        failures,
        { initialMs: this.#settings.initialBackoffMs, maxMs: this.#settings.maxBackoffMs },
        () => clock.random(),
      );
      try {
        await clock.sleep(backoff, signal);
      } catch {
        break;
      }
    }
  }
}
