import { inject, injectable } from 'inversify';
import { Clock, Logger, Metrics } from '../api/ambient.js';
import { MeshrrConfig } from '../api/config.js';
import { MeshrrError } from '../api/errors.js';
import { RouterIdentity } from '../api/peer.js';
import type { Runnable } from '../api/runnable.js';
import type { BgpSessionState } from '../api/state.js';
import type { ReconcileOutcome } from '../api/status.js';
import { Controller } from './controller.js';
import { DiscoveryManager } from './discoveryManager.js';
import { EngineOptions } from './engineOptions.js';
import type { PlanResult } from './reconcileReport.js';
import { RouterReconciler } from './routerReconciler.js';
import { StatusStore } from './statusStore.js';
import { waitForDrained } from './settle.js';

/** Options of {@link Engine.drain}. */
export interface DrainOptions {
  /** Aborts the drain early (the agent's hard deadline). */
  readonly signal: AbortSignal;
  /** The whole grace period available for draining, in ms. */
  readonly budgetMs: number;
}

/**
 * The engine facade the agent drives: discovery → controller → router reconciler.
 * - `start(signal)`: runs discovery and the controller until `signal` aborts (reconciles at once,
 *   then on every discovery change, on every requeue, and on retries); rejects on a discovery
 *   configuration error before anything runs.
 * - `plan(signal)`: one discovery round, then one reconcile in plan mode (nothing is pushed).
 * - `reconcileNow()`: one reconcile (through the queue while running) and its outcome.
 * - `drain({signal, budgetMs})`: graceful shutdown: reconcile with RFC 8326 graceful shutdown on,
 *   then wait until every peer was sent the re-advertisement and `drainSettleMs` passed (see
 *   {@link waitForDrained}), or the budget ends.
 * While running, the BGP sessions are an input like discovery: they are read every
 * `selection.sessionPollMs` (or `EngineOptions.sessionPollMs`), and a configured session reaching
 * or leaving Established enqueues a reconcile at once (status and metrics follow every read).
 */
@injectable()
export class Engine implements Runnable {
  readonly name = 'engine';
  readonly #discovery: DiscoveryManager;
  readonly #reconciler: RouterReconciler;
  readonly #status: StatusStore;
  readonly #identity: RouterIdentity;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #options: EngineOptions;
  readonly #config: MeshrrConfig;
  readonly #controller: Controller;
  readonly #onStop = new Set<() => void>();

  constructor(
    @inject(DiscoveryManager) discovery: DiscoveryManager,
    @inject(RouterReconciler) reconciler: RouterReconciler,
    @inject(StatusStore) status: StatusStore,
    @inject(RouterIdentity) identity: RouterIdentity,
    @inject(Clock) clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(Metrics) metrics: Metrics,
    @inject(EngineOptions) options: EngineOptions,
    @inject(MeshrrConfig) config: MeshrrConfig,
  ) {
    this.#config = config;
    this.#discovery = discovery;
    this.#reconciler = reconciler;
    this.#status = status;
    this.#identity = identity;
    this.#clock = clock;
    this.#logger = logger.child({ component: 'engine' });
    this.#options = options;
    this.#controller = new Controller({ reconciler, clock, logger: this.#logger, metrics }, options.controller);
  }

  /**
   * Continues where `previous` (a stopped engine this one replaces after a configuration reload)
   * left off: its peer memory (vanish hold-downs, session-down times, penalties) and removal
   * ledger (the removal budget's window). Call before `start`.
   */
  continueFrom(previous: Engine): void {
    this.#reconciler.continueFrom(previous.#reconciler);
  }

  async start(signal: AbortSignal): Promise<void> {
    this.#discovery.validate();
    const key = this.#identity.routerId;
    const inner = new AbortController();
    const stop = (): void => inner.abort();
    signal.addEventListener('abort', stop, { once: true });
    if (signal.aborted) inner.abort();
    const unsubscribe = this.#discovery.subscribe(() => this.#controller.enqueue(key));
    this.#controller.enqueue(key);
    this.#logger.info({ routerId: key, mode: this.#options.mode }, 'engine started');
    try {
      const results = await Promise.allSettled([
        this.#discovery.start(inner.signal).finally(stop),
        this.#controller.start(inner.signal).finally(stop),
        this.#monitorSessions(inner.signal),
      ]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    } finally {
      unsubscribe();
      signal.removeEventListener('abort', stop);
      for (const wake of [...this.#onStop]) wake();
      await this.#reconciler.close();
      this.#logger.info('engine stopped');
    }
  }

  async plan(signal: AbortSignal): Promise<PlanResult> {
    const sources = await this.#discovery.discoverOnce(signal, this.#options.discoverTimeoutMs ?? 10_000);
    try {
      const report = await this.#reconciler.run(signal, { plan: true });
      return { ...report, sources };
    } finally {
      if (!this.#controller.running) await this.#reconciler.close();
    }
  }

  /**
   * Runs one reconcile and resolves with its outcome (also in status). While `start` runs, the
   * key is enqueued and the first reconcile that starts after this call is awaited; otherwise the
   * reconciler runs directly (in the engine's mode). Never rejects for a failed reconcile: the
   * outcome says `failed` or `terminal`. If the engine stops first, resolves with the last
   * outcome known.
   */
  async reconcileNow(): Promise<ReconcileOutcome> {
    if (this.#controller.running) {
      const after = this.#controller.startedCount;
      let off: () => void = () => undefined;
      const done = new Promise<void>((resolve) => {
        const finish = (): void => {
          off();
          this.#onStop.delete(finish);
          resolve();
        };
        off = this.#controller.onCompletion((c) => c.seq > after && finish());
        this.#onStop.add(finish);
      });
      this.#controller.enqueue(this.#identity.routerId);
      await done;
    } else {
      const ac = new AbortController();
      await this.#reconciler.reconcile({ key: this.#identity.routerId }, ac.signal).catch(() => undefined);
    }
    const outcome = this.#status.current().lastOutcome;
    if (outcome === undefined)
      throw new MeshrrError('engine-stopped', 'the engine stopped before any reconcile completed');
    return outcome;
  }

  async drain(options: DrainOptions): Promise<void> {
    const deadline = this.#clock.now() + options.budgetMs;
    const baseline = await this.#readSessions(options.signal).catch(() => undefined);
    this.#reconciler.setGracefulShutdown(true);
    this.#logger.info({ budgetMs: options.budgetMs }, 'draining: switching BGP graceful shutdown on');
    const outcome = await this.reconcileNow();
    if (outcome.result !== 'committed' && outcome.result !== 'unchanged') {
      this.#logger.error(
        { result: outcome.result, err: outcome.error },
        'draining: graceful shutdown could not be applied; not waiting',
      );
      return;
    }
    const started = this.#clock.now();
    const outcomeOfWait = await waitForDrained({
      read: (signal) => this.#readSessions(signal),
      clock: this.#clock,
      ...(baseline === undefined ? {} : { baseline }),
      settleMs: this.#options.drainSettleMs ?? 1_000,
      pollMs: 200,
      deadline,
      signal: options.signal,
    });
    const fields = { settled: outcomeOfWait.settled, how: outcomeOfWait.how, waitedMs: this.#clock.now() - started };
    if (outcomeOfWait.settled) this.#logger.info(fields, 'draining: peers have the lowered preference; settled');
    else this.#logger.warn(fields, 'draining: budget ended before the peers were all sent the lowered preference');
  }

  /**
   * Reads the BGP sessions every `sessionPollMs` until `signal` aborts (status and metrics follow
   * each read); when a configured session reached or left Established since the last read (by a
   * poll or a reconcile), enqueues a reconcile at once. Read failures are only logged.
   */
  async #monitorSessions(signal: AbortSignal): Promise<void> {
    const key = this.#identity.routerId;
    while (!signal.aborted) {
      const period = this.#options.sessionPollMs ?? this.#config.selection.sessionPollMs;
      if (period <= 0) return;
      try {
        await this.#clock.sleep(period, signal);
      } catch {
        return;
      }
      const changed = await this.#reconciler.refreshSessions(signal).catch((error: unknown) => {
        if (!signal.aborted) this.#logger.debug({ err: error }, 'session refresh failed');
        return false;
      });
      if (changed && !signal.aborted) {
        this.#logger.debug('a BGP session reached or left Established: reconciling');
        this.#controller.enqueue(key);
      }
    }
  }

  async #readSessions(signal: AbortSignal): Promise<readonly BgpSessionState[]> {
    return this.#reconciler.readSessions(signal);
  }
}
