import type { CounterMetric, Metrics } from '@meshrr/core';

/**
 * The DNS source's own series: `meshrr_discovery_dns_dropped_records_total{group,reason}`.
 * Lookups, failures by kind, set size, health and last success are counted for every source by
 * core's discovery manager (`meshrr_discovery_*`); lookup durations by core's `startLookupTimer`.
 * Declaring it again returns the same series.
 */
export class DnsMetrics {
  readonly #group: string;
  readonly #dropped: CounterMetric;

  constructor(metrics: Metrics, group: string) {
    this.#group = group;
    this.#dropped = metrics.counter({
      name: 'meshrr_discovery_dns_dropped_records_total',
      help: 'DNS records dropped as invalid peer addresses, by reason.',
      labelNames: ['group', 'reason'],
    });
  }

  recordDropped(reason: string): void {
    this.#dropped.inc({ group: this.#group, reason });
  }
}
