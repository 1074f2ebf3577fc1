import type { ServiceIdentifier } from 'inversify';
import type { Clock, Logger, Metrics } from './ambient.js';
import type { DiscoveredPeer } from './peer.js';

/** One problem found while validating provider options (zod's issue shape). */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * A validator for a provider's `source` options. Structurally compatible with a zod schema's
 * `safeParse`, so providers pass their zod schema directly; other validators work too.
 */
export interface OptionsSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

/**
 * Where a running source reports. Contract (Prometheus discovery rules):
 * - `emit` carries the **complete** current set of the group, never a delta and never partial
 *   data. The first `emit` is the initial set; later calls are made when the set changes.
 * - `emit([])` means the source authoritatively knows the set is empty (NXDOMAIN/NODATA from an
 *   authoritative answer, no ready endpoints, no passing instances) — never "the lookup failed".
 * - `reportSuccess` records a successful lookup that found no change (health, last-success time).
 * - `reportFailure` records a failed lookup; the last good set stays in force.
 */
export interface PeerSink {
  emit(peers: readonly DiscoveredPeer[]): void;
  reportSuccess(): void;
  reportFailure(error: Error): void;
}

/**
 * A running discovery instance for one mesh group. `run` resolves when `signal` aborts and must
 * not reject for transient errors (report them and retry with backoff instead); it rejects only
 * for a fault it cannot recover from (for example, impossible options).
 */
export interface PeerSource {
  run(signal: AbortSignal, sink: PeerSink): Promise<void>;
}

/** What a provider receives besides its options: scoped ambient services, never globals. */
export interface DiscoveryContext {
  /** The mesh group this source feeds. */
  readonly group: string;
  /** Logger already bound to `{ group, sourcetype }`. */
  readonly logger: Logger;
  readonly clock: Clock;
  readonly metrics: Metrics;
  /** Directory of the configuration file; relative paths in options resolve against it. */
  readonly baseDir: string;
  /** meshrr `UPDATE_SECONDS` in ms: the longest a polling source may go between refreshes. */
  readonly maxRefreshMs: number;
}

/**
 * A discovery plugin: the factory for one `sourcetype`. Multi-bound under {@link DiscoveryProvider};
 * the engine indexes providers by `kind` and refuses to start on a duplicate kind or on a
 * configuration naming an unknown kind (listing the known ones).
 */
export interface DiscoveryProvider<TOptions = unknown> {
  /** The meshrr `sourcetype`, lower-case: `dns`, `static`, `kubernetes`, `consul`, plugin kinds. */
  readonly kind: string;
  /** Validates the `source` keys other than `sourcetype`. */
  readonly optionsSchema: OptionsSchema<TOptions>;
  /** Builds the running source. Must not do I/O; `run` does. */
  create(options: TOptions, context: DiscoveryContext): PeerSource;
}
export const DiscoveryProvider: ServiceIdentifier<DiscoveryProvider> = Symbol.for('@meshrr/core:DiscoveryProvider');
