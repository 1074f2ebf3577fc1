import type { CounterMetric, GaugeMetric, Metrics } from '@meshrr/core';

/**
 * The DNS source's metric series, labelled by `group`:
 * `meshrr_discovery_dns_lookups_total`, `meshrr_discovery_dns_failures_total{kind}`,
 * `meshrr_discovery_dns_last_success_timestamp_seconds`, `meshrr_discovery_dns_peers` and
 * `meshrr_discovery_dns_dropped_records_total{reason}`. Declaring them again returns the same series.
 */
export class DnsMetrics {
  readonly #group: string;
  readonly #lookups: CounterMetric;
  readonly #failures: CounterMetric;
  readonly #lastSuccess: GaugeMetric;
  readonly #peers: GaugeMetric;
  readonly #dropped: CounterMetric;

  constructor(metrics: Metrics, group: string) {
    this.#group = group;
    this.#lookups = metrics.counter({
      name: 'meshrr_discovery_dns_lookups_total',
      help: 'DNS peer lookups started (one per refresh).',
      labelNames: ['group'],
    });
    this.#failures = metrics.counter({
      name: 'meshrr_discovery_dns_failures_total',
      help: 'DNS peer lookups that failed, by failure kind.',
      labelNames: ['group', 'kind'],
    });
    this.#lastSuccess = metrics.gauge({
      name: 'meshrr_discovery_dns_last_success_timestamp_seconds',
      help: 'Time of the last successful DNS peer lookup.',
      labelNames: ['group'],
    });
    this.#peers = metrics.gauge({
      name: 'meshrr_discovery_dns_peers',
      help: 'Peers in the current DNS-discovered set.',
      labelNames: ['group'],
    });
    this.#dropped = metrics.counter({
      name: 'meshrr_discovery_dns_dropped_records_total',
      help: 'Records dropped as invalid peer addresses, by reason.',
      labelNames: ['group', 'reason'],
    });
  }

  lookupStarted(): void {
    this.#lookups.inc({ group: this.#group });
  }

  lookupSucceeded(nowMs: number, peerCount: number): void {
    this.#lastSuccess.set({ group: this.#group }, nowMs / 1000);
    this.#peers.set({ group: this.#group }, peerCount);
  }

  lookupFailed(kind: string): void {
    this.#failures.inc({ group: this.#group, kind });
  }

  recordDropped(reason: string): void {
    this.#dropped.inc({ group: this.#group, reason });
  }
}
