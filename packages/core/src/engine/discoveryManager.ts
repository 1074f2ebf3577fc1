import { dirname } from 'node:path';
import { inject, injectable, multiInject, optional } from 'inversify';
import { Clock, Logger, Metrics } from '../api/ambient.js';
import { MeshrrConfig } from '../api/config.js';
import { DiscoveryProvider, type DiscoveryContext, type PeerSink } from '../api/discovery.js';
import { MeshrrError, RejectedRecordsError } from '../api/errors.js';
import type { DiscoveredPeer } from '../api/peer.js';
import type { Runnable } from '../api/runnable.js';
import type { SourceHealth } from '../api/status.js';
import { discoveryMetrics, failureKind, type DiscoveryMetrics } from './discoveryMetrics.js';
import { GroupTracker } from './groupTracker.js';
import { Quiescence } from './quiescence.js';
import { indexProviders, resolveSources, type ResolvedSource } from './resolveSources.js';
import { StatusStore } from './statusStore.js';
import { superviseSource } from './superviseSource.js';
import { validatePeers } from './validatePeers.js';

/** Rejected records logged one by one per refused set (all are counted in metrics). */
const LOGGED_REJECTIONS = 20;

/**
 * Runs one discovery source per mesh group (Prometheus discovery manager + consul-template
 * quiescence). Per group it keeps the **last good** set and the source's health; a failed lookup
 * never changes the set. Set changes are debounced by `config.quiescence` (min/max) and then every
 * `subscribe`d listener is called once — the engine enqueues the router. A change that only adds
 * peers to a synced group, after at least `min` without any change and with nothing pending, is
 * announced at once (leading edge; the rest of its burst is debounced): an addition cannot drop a
 * session, so a new pod is not kept waiting. Crashed sources are
 * restarted with backoff. Startup errors ({@link DiscoveryConfigError}): a duplicate provider kind,
 * an unknown sourcetype, invalid options.
 */
@injectable()
export class DiscoveryManager implements Runnable {
  readonly name = 'discovery';
  readonly #config: MeshrrConfig;
  readonly #providers: readonly DiscoveryProvider[];
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #metrics: Metrics;
  readonly #status: StatusStore;
  readonly #trackers = new Map<string, GroupTracker>();
  readonly #listeners = new Set<() => void>();
  readonly #quiescence: Quiescence;
  #sources: ResolvedSource[] | undefined;
  #m: DiscoveryMetrics | undefined;
  #mode: 'idle' | 'run' | 'once' = 'idle';
  /** When a group's set last changed (a change after `quiescence.min` of calm may be announced at once). */
  #lastChangeAt = Number.NEGATIVE_INFINITY;

  constructor(
    @inject(MeshrrConfig) config: MeshrrConfig,
    @multiInject(DiscoveryProvider) @optional() providers: readonly DiscoveryProvider[] | undefined,
    @inject(Clock) clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(Metrics) metrics: Metrics,
    @inject(StatusStore) status: StatusStore,
  ) {
    this.#config = config;
    this.#providers = providers ?? [];
    this.#clock = clock;
    this.#logger = logger.child({ component: 'discovery' });
    this.#metrics = metrics;
    this.#status = status;
    this.#quiescence = new Quiescence(clock, config.quiescence, () => this.#notify());
  }

  /**
   * Checks providers and every mesh group's source options; idempotent. Throws
   * {@link DiscoveryConfigError}. `start` and `discoverOnce` call it first.
   */
  validate(): void {
    if (this.#sources !== undefined) return;
    const sources = resolveSources(this.#config, indexProviders(this.#providers));
    this.#m = discoveryMetrics(this.#metrics, sources);
    for (const s of sources) this.#trackers.set(s.group, new GroupTracker(s.group, s.sourcetype));
    this.#sources = sources;
    this.#publish();
  }

  /**
   * Calls `listener` whenever a group's set in force changed: after quiescence, or at once for the
   * first change of a burst that only adds peers. Returns unsubscribe.
   */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The last good set of every **synced** group; a group never synced is absent. */
  snapshot(): ReadonlyMap<string, readonly DiscoveredPeer[]> {
    const out = new Map<string, readonly DiscoveredPeer[]>();
    for (const t of this.#trackers.values()) if (t.synced) out.set(t.group, t.peers);
    return out;
  }

  /** Health of every source, sorted by group. */
  health(): SourceHealth[] {
    return [...this.#trackers.values()].map((t) => t.health()).sort((a, b) => a.group.localeCompare(b.group));
  }

  async start(signal: AbortSignal): Promise<void> {
    const sources = this.#begin('run');
    try {
      await Promise.all(sources.map((s) => this.#supervise(s, signal)));
    } finally {
      this.#quiescence.cancel();
      this.#mode = 'idle';
    }
  }

  /**
   * `meshrr discover`: runs every source until each has reported once (a set, a success or a
   * failure) or `timeoutMs` passed, then stops them. The sets found become the sets in force (no
   * listener is called). Returns the health of every source. Not while `start` runs.
   */
  async discoverOnce(signal: AbortSignal, timeoutMs: number): Promise<SourceHealth[]> {
    const sources = this.#begin('once');
    const ac = new AbortController();
    const stop = (): void => ac.abort();
    signal.addEventListener('abort', stop, { once: true });
    const baseline = new Map(sources.map((s) => [s.group, this.#trackers.get(s.group)!.reports]));
    const allReported = (): boolean =>
      sources.every((s) => this.#trackers.get(s.group)!.reports > baseline.get(s.group)!);
    try {
      const running = Promise.all(sources.map((s) => this.#supervise(s, ac.signal)));
      await this.#waitUntil(allReported, timeoutMs, ac.signal);
      ac.abort();
      await running;
      return this.health();
    } finally {
      signal.removeEventListener('abort', stop);
      this.#mode = 'idle';
    }
  }

  /** Resolves once `done()` holds after a status write, after `timeoutMs`, or on abort. */
  #waitUntil(done: () => boolean, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (done() || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        timer.cancel();
        unsubscribe();
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = this.#clock.setTimer(timeoutMs, finish);
      const unsubscribe = this.#status.subscribe(() => done() && finish());
      signal.addEventListener('abort', finish, { once: true });
    });
  }

  #begin(mode: 'run' | 'once'): ResolvedSource[] {
    this.validate();
    if (this.#mode !== 'idle') throw new MeshrrError('discovery-running', 'the discovery manager is already running');
    this.#mode = mode;
    return this.#sources!;
  }

  #supervise(source: ResolvedSource, signal: AbortSignal): Promise<void> {
    const logger = this.#logger.child({ group: source.group, sourcetype: source.sourcetype });
    const context: DiscoveryContext = {
      group: source.group,
      logger,
      clock: this.#clock,
      metrics: this.#metrics,
      baseDir: dirname(this.#config.origin),
      maxRefreshMs: this.#config.updateSeconds * 1000,
    };
    const restart = (): void => this.#m!.restarts.inc({ group: source.group });
    return superviseSource(source, context, this.#sink(source, logger, signal), signal, {
      clock: this.#clock,
      logger,
      onRestart: restart,
    });
  }

  #sink(source: ResolvedSource, logger: Logger, signal: AbortSignal): PeerSink {
    const tracker = this.#trackers.get(source.group)!;
    const labels = { group: source.group, sourcetype: source.sourcetype };
    const failed = (error: Error): void => {
      tracker.failed(error, this.#clock.now());
      this.#m!.lookups.inc({ ...labels, result: 'failure' });
      this.#m!.failures.inc({ ...labels, kind: failureKind(error) });
      this.#m!.healthy.set({ group: source.group }, 0);
      if (error instanceof RejectedRecordsError) this.#rejected(error, labels, logger, tracker);
      logger.warn(
        {
          err: error,
          consecutiveFailures: tracker.health().consecutiveFailures,
          keptPeers: tracker.peers.length,
        },
        'discovery lookup failed; keeping the last good set',
      );
      this.#publish();
    };
    return {
      emit: (peers) => {
        if (signal.aborted) return;
        let valid: DiscoveredPeer[];
        try {
          valid = validatePeers(peers);
        } catch (error) {
          failed(error as Error);
          return;
        }
        const before = tracker.peers;
        const firstSync = !tracker.synced;
        const changed = tracker.emitted(valid, this.#clock.now());
        this.#succeeded(source.group, labels);
        this.#m!.peers.set({ group: source.group }, valid.length);
        this.#m!.synced.set({ group: source.group }, 1);
        if (changed) this.#changed(logger, before, valid, firstSync);
        this.#publish();
      },
      reportSuccess: () => {
        if (signal.aborted) return;
        tracker.succeeded(this.#clock.now());
        this.#succeeded(source.group, labels);
        this.#publish();
      },
      reportFailure: (error) => {
        if (!signal.aborted) failed(error);
      },
    };
  }

  #succeeded(group: string, labels: { group: string; sourcetype: string }): void {
    this.#m!.lookups.inc({ ...labels, result: 'success' });
    this.#m!.healthy.set({ group }, 1);
    this.#m!.lastSuccess.set({ group }, this.#clock.now() / 1000);
  }

  /** Counts every rejected record; logs them (at most {@link LOGGED_REJECTIONS}) when the rejection changed. */
  #rejected(
    error: RejectedRecordsError,
    labels: { group: string; sourcetype: string },
    logger: Logger,
    tracker: GroupTracker,
  ): void {
    const byReason = new Map<string, number>();
    for (const r of error.rejected) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
    for (const [reason, count] of byReason) this.#m!.rejected.inc({ ...labels, reason }, count);
    if (!tracker.noteRejection(error.message)) return;
    for (const r of error.rejected.slice(0, LOGGED_REJECTIONS))
      logger.warn({ record: r.record, reason: r.reason, detail: r.detail }, 'discovered record rejected');
    if (error.rejected.length > LOGGED_REJECTIONS)
      logger.warn({ more: error.rejected.length - LOGGED_REJECTIONS }, 'more discovered records rejected');
  }

  #changed(
    logger: Logger,
    before: readonly DiscoveredPeer[],
    after: readonly DiscoveredPeer[],
    firstSync: boolean,
  ): void {
    const old = new Set(before.map((p) => p.address));
    const now = new Set(after.map((p) => p.address));
    const added = [...now].filter((a) => !old.has(a));
    const removed = [...old].filter((a) => !now.has(a));
    logger.info({ peers: after.length, added, removed, firstSync }, 'discovered set changed');
    if (this.#mode !== 'run') return;
    if (firstSync && [...this.#trackers.values()].every((t) => t.synced)) {
      // The last source just delivered its first complete set: the engine has been holding changes
      // for exactly this moment (pod start), so there is no burst to coalesce — notify at once.
      this.#quiescence.cancel();
      this.#notify();
      return;
    }
    const at = this.#clock.now();
    const calm = at - this.#lastChangeAt >= this.#config.quiescence.minMs && !this.#quiescence.pending;
    this.#lastChangeAt = at;
    if (removed.length === 0 && !firstSync && calm) {
      // Only additions, after a calm period: adding a peer cannot drop a session, so the new peer
      // is not kept waiting; the rest of a burst (within min_seconds) is debounced as usual.
      this.#notify();
      return;
    }
    this.#quiescence.poke();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #publish(): void {
    this.#status.setSources(this.health());
  }
}
