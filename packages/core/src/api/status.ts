import type { ServiceIdentifier } from 'inversify';
import type { DiscoveredPeer } from './peer.js';
import type { BgpSessionState, DesiredRouterConfig, ManagedState, PeerDecision } from './state.js';

/** Health of one discovery source. */
export interface SourceHealth {
  readonly group: string;
  readonly sourcetype: string;
  /** True after a successful lookup, false after a failure, until the next report. */
  readonly healthy: boolean;
  /** Has the source emitted a complete set at least once? */
  readonly synced: boolean;
  readonly lastSuccessAt?: number;
  readonly lastFailureAt?: number;
  readonly lastError?: string;
  readonly consecutiveFailures: number;
  /** The set currently in force (the last good one). */
  readonly peers: readonly DiscoveredPeer[];
}

/** Outcome of the last reconcile of the router. */
export interface ReconcileOutcome {
  readonly at: number;
  readonly result: 'unchanged' | 'committed' | 'planned' | 'failed' | 'terminal';
  readonly error?: string;
  readonly durationMs: number;
}

/** Everything the agent reports about its router (health, readiness, metrics, `meshrr plan`). */
export interface EngineStatus {
  readonly sources: readonly SourceHealth[];
  readonly desired?: DesiredRouterConfig;
  /** The managed state last read from (or committed to) the device. */
  readonly applied?: ManagedState;
  readonly sessions: readonly BgpSessionState[];
  /** Decisions the guards held back in the last reconcile. */
  readonly held: readonly PeerDecision[];
  readonly lastOutcome?: ReconcileOutcome;
  readonly lastCommitAt?: number;
  /** Time of the last completed turn of the engine loop (liveness). */
  readonly lastLoopAt?: number;
}

/** Read access to the engine's status; updated by the engine, read by HTTP handlers and CLIs. */
export interface StatusProvider {
  current(): EngineStatus;
}
export const StatusProvider: ServiceIdentifier<StatusProvider> = Symbol.for('@meshrr/core:StatusProvider');
