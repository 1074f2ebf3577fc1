import type { CounterMetric, GaugeMetric, Metrics } from '../api/ambient.js';

/** The discovery manager's metric series. */
export interface DiscoveryMetrics {
  /** `meshrr_discovery_lookups_total{group,sourcetype,result="success"|"failure"}` */
  readonly lookups: CounterMetric;
  /** `meshrr_discovery_peers{group}`: size of the set in force. */
  readonly peers: GaugeMetric;
  /** `meshrr_discovery_synced{group}`: 1 once the source delivered a complete set. */
  readonly synced: GaugeMetric;
  /** `meshrr_discovery_source_restarts_total{group}`: crashed sources restarted. */
  readonly restarts: CounterMetric;
}

/** Declares the discovery metrics and pre-creates every series of `groups` at 0. */
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
    restarts: metrics.counter({
      name: 'meshrr_discovery_source_restarts_total',
      help: 'Discovery sources restarted after a crash.',
      labelNames: ['group'],
    }),
  };
  for (const { group, sourcetype } of groups) {
    for (const result of ['success', 'failure']) m.lookups.inc({ group, sourcetype, result }, 0);
    m.peers.set({ group }, 0);
    m.synced.set({ group }, 0);
    m.restarts.inc({ group }, 0);
  }
  return m;
}
