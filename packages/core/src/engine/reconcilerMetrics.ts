import type { CounterMetric, GaugeMetric, Metrics } from '../api/ambient.js';
import type { BgpSessionState, DesiredRouterConfig, ManagedState, PeerDecision } from '../api/state.js';

/** Outcomes of a change (the `result` label of `meshrr_commits_total`). */
const COMMIT_RESULTS = ['confirmed', 'rolled_back', 'rejected', 'failed'] as const;
export type CommitResultLabel = (typeof COMMIT_RESULTS)[number];

/** The router reconciler's metric series. */
export interface ReconcilerMetrics {
  readonly commits: CounterMetric;
  readonly peersDesired: GaugeMetric;
  readonly peersConfigured: GaugeMetric;
  readonly peersHeld: GaugeMetric;
  readonly lastCommit: GaugeMetric;
  readonly sessions: GaugeMetric;
}

/**
 * Declares `meshrr_commits_total{result}`, `meshrr_peers_desired{group}`,
 * `meshrr_peers_configured{group}`, `meshrr_peers_held{group}`,
 * `meshrr_last_successful_commit_timestamp_seconds` and `meshrr_bgp_sessions{group,state}`;
 * pre-creates the commit results at 0 and the per-group series of `groups` at 0.
 */
export function reconcilerMetrics(metrics: Metrics, groups: readonly string[]): ReconcilerMetrics {
  const m: ReconcilerMetrics = {
    commits: metrics.counter({
      name: 'meshrr_commits_total',
      help: 'Configuration changes by outcome.',
      labelNames: ['result'],
    }),
    peersDesired: metrics.gauge({
      name: 'meshrr_peers_desired',
      help: 'Neighbors the router should have, per group.',
      labelNames: ['group'],
    }),
    peersConfigured: metrics.gauge({
      name: 'meshrr_peers_configured',
      help: 'Neighbors configured on the device, per group.',
      labelNames: ['group'],
    }),
    peersHeld: metrics.gauge({
      name: 'meshrr_peers_held',
      help: 'Removals held back by the safety guards, per group.',
      labelNames: ['group'],
    }),
    lastCommit: metrics.gauge({
      name: 'meshrr_last_successful_commit_timestamp_seconds',
      help: 'Time of the last confirmed commit.',
    }),
    sessions: metrics.gauge({
      name: 'meshrr_bgp_sessions',
      help: 'BGP sessions by group and state.',
      labelNames: ['group', 'state'],
    }),
  };
  for (const result of COMMIT_RESULTS) m.commits.inc({ result }, 0);
  for (const group of groups) {
    m.peersDesired.set({ group }, 0);
    m.peersConfigured.set({ group }, 0);
    m.peersHeld.set({ group }, 0);
  }
  return m;
}

/** Publishes the per-group peer counts and the sessions by state of one reconcile. */
export function publishPeerGauges(
  m: ReconcilerMetrics,
  desired: DesiredRouterConfig,
  actual: ManagedState,
  held: readonly PeerDecision[],
  sessions: readonly BgpSessionState[],
): void {
  const names = new Set([...desired.groups.map((g) => g.name), ...actual.groups.map((g) => g.name)]);
  for (const group of names) {
    m.peersDesired.set({ group }, desired.groups.find((g) => g.name === group)?.neighbors.length ?? 0);
    m.peersConfigured.set({ group }, actual.groups.find((g) => g.name === group)?.neighbors.length ?? 0);
    m.peersHeld.set({ group }, held.filter((d) => d.group === group).length);
  }
  publishSessionGauges(m, sessions);
}

/** Publishes `meshrr_bgp_sessions{group,state}` from a complete session list. */
export function publishSessionGauges(m: ReconcilerMetrics, sessions: readonly BgpSessionState[]): void {
  m.sessions.reset();
  const counts = new Map<string, { group: string; state: string; n: number }>();
  for (const s of sessions) {
    const key = `${s.group ?? ''}\u0000${s.state}`;
    const entry = counts.get(key) ?? { group: s.group ?? '', state: s.state, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  for (const { group, state, n } of counts.values()) m.sessions.set({ group, state }, n);
}
