import type { CounterMetric, GaugeMetric, Metrics } from '../api/ambient.js';
import { DiscoveryError } from '../api/errors.js';
import { lookupDurationMetric } from '../discovery/lookupTimer.js';

/** The discovery manager's metric series (every source, built-in or plugin, gets them). */
export interface DiscoveryMetrics {
  /** `meshrr_discovery_lookups_total{group,sourcetype,result="success"|"failure"}` */
  readonly lookups: CounterMetric;
  /** `meshrr_discovery_failures_total{group,sourcetype,kind}`: failed lookups by the error's kind. */
  readonly failures: CounterMetric;
  /** `meshrr_discovery_peers{group}`: size of the set in force. */
  readonly peers: GaugeMetric;
  /** `meshrr_discovery_synced{group}`: 1 once the source delivered a complete set. */
  readonly synced: GaugeMetric;
  /** `meshrr_discovery_healthy{group}`: 1 while the source's last lookup succeeded. */
  readonly healthy: GaugeMetric;
  /** `meshrr_discovery_last_success_timestamp_seconds{group}`: time of the last successful lookup. */
  readonly lastSuccess: GaugeMetric;
  /** `meshrr_discovery_source_restarts_total{group}`: crashed sources restarted. */
  readonly restarts: CounterMetric;
  /**
   * `meshrr_discovery_rejected_records_total{group,sourcetype,reason}`: records refused by the
   * address policy or a source's own checks; each refused a whole set (issue 11).
   */
  readonly rejected: CounterMetric;
}

/**
 * The `kind` label of a failed lookup: a {@link DiscoveryError}'s `kind` (`timeout`, `servfail`,
 * `gone`, `http-503`, …), else `error`.
 */
export function failureKind(error: Error): string {
  return error instanceof DiscoveryError ? error.kind : 'error';
}

/**
 * Declares the discovery metrics and pre-creates every series of `groups` at 0; declares
 * `meshrr_discovery_lookup_duration_seconds` too, so the family is there before the first lookup.
 */
export function discoveryMetrics(
  metrics: Metrics,
  groups: ReadonlyArray<{ group: string; sourcetype: string }>,
): DiscoveryMetrics {
  const m: DiscoveryMetrics = {
    lookups: metrics.counter({
      name: 'meshrr_discovery_lookups_total',
      help: 'Discovery lookups by result.',
      labelNames: ['group', 'sourcetype', 'result'],
    }),
    failures: metrics.counter({
      name: 'meshrr_discovery_failures_total',
      help: 'Failed discovery lookups by failure kind (the last good set stays in force).',
      labelNames: ['group', 'sourcetype', 'kind'],
    }),
    peers: metrics.gauge({
      name: 'meshrr_discovery_peers',
      help: 'Peers in the discovered set in force.',
      labelNames: ['group'],
    }),
    synced: metrics.gauge({
      name: 'meshrr_discovery_synced',
      help: '1 once the source has delivered a complete set.',
      labelNames: ['group'],
    }),
    healthy: metrics.gauge({
      name: 'meshrr_discovery_healthy',
      help: "1 while the source's last lookup succeeded, 0 after a failure.",
      labelNames: ['group'],
    }),
    lastSuccess: metrics.gauge({
      name: 'meshrr_discovery_last_success_timestamp_seconds',
      help: 'Time of the last successful discovery lookup.',
      labelNames: ['group'],
    }),
    restarts: metrics.counter({
      name: 'meshrr_discovery_source_restarts_total',
      help: 'Discovery sources restarted after a crash.',
      labelNames: ['group'],
    }),
    rejected: metrics.counter({
      name: 'meshrr_discovery_rejected_records_total',
      help: 'Discovered records refused (invalid or special-purpose addresses); each refusal kept the last good set.',
      labelNames: ['group', 'sourcetype', 'reason'],
    }),
  };
  lookupDurationMetric(metrics);
  for (const { group, sourcetype } of groups) {
    for (const result of ['success', 'failure']) m.lookups.inc({ group, sourcetype, result }, 0);
    m.peers.set({ group }, 0);
    m.synced.set({ group }, 0);
    m.healthy.set({ group }, 0);
    m.lastSuccess.set({ group }, 0);
    m.restarts.inc({ group }, 0);
  }
  return m;
}
