import type { CounterMetric, GaugeMetric, Metrics } from '../api/ambient.js';
import type { MeshrrConfig } from '../api/config.js';
import type { BgpSessionState, DesiredRouterConfig, ManagedState, PeerDecision } from '../api/state.js';

/** Outcomes of a change (the `result` label of `meshrr_commits_total`). */
const COMMIT_RESULTS = ['confirmed', 'rolled_back', 'rejected', 'expired', 'failed'] as const;
export type CommitResultLabel = (typeof COMMIT_RESULTS)[number];

/** The router reconciler's metric series. */
export interface ReconcilerMetrics {
  readonly commits: CounterMetric;
  readonly peersDesired: GaugeMetric;
  readonly peersConfigured: GaugeMetric;
  readonly peersHeld: GaugeMetric;
  readonly lastCommit: GaugeMetric;
  readonly sessions: GaugeMetric;
  readonly clients: GaugeMetric;
  readonly upstreamSessions: GaugeMetric;
  readonly rejectedRetries: CounterMetric;
  readonly rejectedBackoff: GaugeMetric;
}

/** The subtractive groups (clients) and the `max_peers` groups (upstreams) of a configuration. */
function gaugeGroups(config: Pick<MeshrrConfig, 'groups'>): { clients: string[]; upstreams: string[] } {
  return {
    clients: config.groups.filter((g) => g.kind === 'subtractive').map((g) => g.name),
    upstreams: config.groups.filter((g) => g.kind === 'mesh' && g.maxPeers !== undefined).map((g) => g.name),
  };
}

/**
 * Declares `meshrr_commits_total{result}`, `meshrr_peers_desired{group}`,
 * `meshrr_peers_configured{group}`, `meshrr_peers_held{group}`,
 * `meshrr_last_successful_commit_timestamp_seconds`, `meshrr_bgp_sessions{group,state}`,
 * `meshrr_bgp_clients{group}` and `meshrr_bgp_upstream_sessions{group}` (the autoscaling
 * signals), `meshrr_rejected_change_retries_total` and `meshrr_rejected_change_backoff_seconds`
 * (retries of a change the device rejected); pre-creates the commit results at 0 and the per-group series of `config` at 0.
 */
export function reconcilerMetrics(metrics: Metrics, config: Pick<MeshrrConfig, 'groups'>): ReconcilerMetrics {
  const groups = config.groups.map((g) => g.name);
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
    clients: metrics.gauge({
      name: 'meshrr_bgp_clients',
      help: 'Established sessions accepted through the allow ranges of a subtractive group: the clients this route reflector or route server carries.',
      labelNames: ['group'],
    }),
    upstreamSessions: metrics.gauge({
      name: 'meshrr_bgp_upstream_sessions',
      help: 'Established sessions of a max_peers group: the upstreams this router is connected to.',
      labelNames: ['group'],
    }),
    rejectedRetries: metrics.counter({
      name: 'meshrr_rejected_change_retries_total',
      help: 'Retries scheduled after the device rejected a change (each re-reads the device and re-plans).',
    }),
    rejectedBackoff: metrics.gauge({
      name: 'meshrr_rejected_change_backoff_seconds',
      help: 'Delay before the next retry of a rejected change; 0 when the last change was not rejected.',
    }),
  };
  for (const result of COMMIT_RESULTS) m.commits.inc({ result }, 0);
  m.rejectedRetries.inc({}, 0);
  m.rejectedBackoff.set({}, 0);
  for (const group of groups) {
    m.peersDesired.set({ group }, 0);
    m.peersConfigured.set({ group }, 0);
    m.peersHeld.set({ group }, 0);
  }
  const { clients, upstreams } = gaugeGroups(config);
  for (const group of clients) m.clients.set({ group }, 0);
  for (const group of upstreams) m.upstreamSessions.set({ group }, 0);
  return m;
}

/** Publishes the per-group peer counts and the sessions by state of one reconcile. */
export function publishPeerGauges(
  m: ReconcilerMetrics,
  desired: DesiredRouterConfig,
  actual: ManagedState,
  held: readonly PeerDecision[],
  sessions: readonly BgpSessionState[],
  config: Pick<MeshrrConfig, 'groups'>,
): void {
  const names = new Set([...desired.groups.map((g) => g.name), ...actual.groups.map((g) => g.name)]);
  for (const group of names) {
    m.peersDesired.set({ group }, desired.groups.find((g) => g.name === group)?.neighbors.length ?? 0);
    m.peersConfigured.set({ group }, actual.groups.find((g) => g.name === group)?.neighbors.length ?? 0);
    m.peersHeld.set({ group }, held.filter((d) => d.group === group).length);
  }
  publishSessionGauges(m, sessions, config);
}

/**
 * Publishes `meshrr_bgp_sessions{group,state}` from a complete session list, and the Established
 * client sessions per subtractive group (dynamic sessions; one without a reported group counts for
 * the only subtractive group, if there is one) and upstream sessions per `max_peers` group.
 */
export function publishSessionGauges(
  m: ReconcilerMetrics,
  sessions: readonly BgpSessionState[],
  config: Pick<MeshrrConfig, 'groups'>,
): void {
  const { clients, upstreams } = gaugeGroups(config);
  const clientCount = new Map(clients.map((g) => [g, 0]));
  const upstreamCount = new Map(upstreams.map((g) => [g, 0]));
  for (const s of sessions) {
    if (s.state !== 'Established') continue;
    const group = s.group ?? (s.dynamic === true && clients.length === 1 ? clients[0] : undefined);
    if (group === undefined) continue;
    if (s.dynamic === true && clientCount.has(group)) clientCount.set(group, clientCount.get(group)! + 1);
    if (s.dynamic !== true && upstreamCount.has(group)) upstreamCount.set(group, upstreamCount.get(group)! + 1);
  }
  for (const [group, n] of clientCount) m.clients.set({ group }, n);
  for (const [group, n] of upstreamCount) m.upstreamSessions.set({ group }, n);
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
