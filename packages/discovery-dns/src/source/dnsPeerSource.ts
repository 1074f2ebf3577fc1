import {
  DiscoveryError,
  runRefreshLoop,
  startLookupTimer,
  type DiscoveryContext,
  type PeerSink,
  type PeerSource,
  type RefreshResult,
} from '@meshrr/core';
import { DnsClient } from '../client/dnsClient.js';
import type { DnsDiscoveryOptions } from '../config/options.js';
import { lookupPeers, type LookupPlan } from '../lookup/lookupPeers.js';
import { loadResolverSettings } from './resolverSettings.js';
import { SourceReporter } from './sourceReporter.js';

/** Where a {@link DnsPeerSource} reads its resolver configuration and how often it refreshes. */
export interface DnsSourceSettings {
  /** Absolute path of resolv.conf (option `resolv_conf` already resolved against the config directory). */
  readonly resolvConfPath: string;
  readonly minRefreshMs: number;
  readonly maxRefreshMs: number;
}

/**
 * The running DNS source of one mesh group. Each refresh re-reads resolv.conf, looks the name up
 * with fresh sockets, and hands the complete set to {@link runRefreshLoop}: the next refresh follows
 * the smallest TTL seen (clamped to [min, max]), the set is emitted only when it changed, and a
 * failure keeps the last good set, is reported to the sink and retried with exponential backoff.
 * Metrics and log lines go through the context.
 */
export class DnsPeerSource implements PeerSource {
  readonly #options: DnsDiscoveryOptions;
  readonly #context: DiscoveryContext;
  readonly #settings: DnsSourceSettings;
  readonly #plan: LookupPlan;
  readonly #reporter: SourceReporter;

  constructor(options: DnsDiscoveryOptions, context: DiscoveryContext, settings: DnsSourceSettings) {
    this.#options = options;
    this.#context = context;
    this.#settings = settings;
    this.#reporter = new SourceReporter(context.logger);
    this.#plan = {
      hostname: options.hostname,
      mode: options.lookup,
      srvPrefix: options.srv_prefix,
      addressTypes: (['ipv4', 'ipv6'] as const)
        .filter((f) => options.address_families.includes(f))
        .map((f) => (f === 'ipv4' ? 'A' : 'AAAA')),
      search: [],
      ndots: 1,
      trust: options.negative_answers,
    };
  }

  /** Runs until `signal` aborts; never rejects because a lookup failed. */
  run(signal: AbortSignal, sink: PeerSink): Promise<void> {
    return runRefreshLoop(signal, sink, {
      clock: this.#context.clock,
      minRefreshMs: this.#settings.minRefreshMs,
      maxRefreshMs: this.#settings.maxRefreshMs,
      refresh: (s) => this.#refresh(s),
    });
  }

  async #refresh(signal: AbortSignal): Promise<RefreshResult> {
    const timed = startLookupTimer(this.#context, 'dns');
    try {
      const { settings, ignored } = await loadResolverSettings(this.#settings.resolvConfPath, this.#options);
      this.#reporter.noteIgnoredLines(this.#settings.resolvConfPath, ignored);
      const client = new DnsClient({
        ...settings,
        ednsUdpSize: this.#options.edns_udp_size,
        clock: this.#context.clock,
      });
      const report = await lookupPeers(
        { ...this.#plan, search: settings.search, ndots: settings.ndots },
        client,
        signal,
      );
      timed();
      this.#reporter.noteSuccess(report);
      return { peers: report.peers, refreshAfterMs: (report.ttlSeconds ?? 0) * 1000 };
    } catch (error) {
      if (signal.aborted) throw error;
      timed();
      const failure =
        error instanceof DiscoveryError
          ? error
          : new DiscoveryError('internal', `DNS lookup of ${this.#options.hostname} failed: ${String(error)}`, {
              cause: error,
            });
      this.#reporter.noteFailure(failure);
      throw failure;
    }
  }
}
