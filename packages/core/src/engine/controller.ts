import type { Clock, Logger, Metrics } from '../api/ambient.js';
import { MeshrrError, TerminalError } from '../api/errors.js';
import type { ReconcileResult, Reconciler } from '../api/reconciler.js';
import type { Runnable } from '../api/runnable.js';
import { controllerMetrics, type ControllerMetrics, type ReconcileResultLabel } from './controllerMetrics.js';
import { RateLimitingQueue } from './rateLimitingQueue.js';

/** A reconcile ran longer than {@link ControllerOptions.reconcileTimeoutMs}; retried with backoff. */
export class ReconcileTimeoutError extends MeshrrError {
  constructor(key: string, ms: number) {
    super('reconcile-timeout', `reconcile of ${key} did not finish within ${ms} ms`);
  }
}

/** How one processing of a key ended. */
export interface ReconcileCompletion {
  readonly key: string;
  /** Sequence number of this processing (1, 2, ...), counted over all keys. */
  readonly seq: number;
  readonly result: ReconcileResultLabel;
  readonly error?: Error;
  readonly durationMs: number;
}

/** Settings of {@link Controller}; every field has a default. */
export interface ControllerOptions {
  /** Name used in logs and metric labels. Default `router`. */
  readonly name?: string;
  /** Concurrent workers (different keys only; one key is never processed twice at once). Default 1. */
  readonly workers?: number;
  /** A reconcile is aborted (its signal fires) after this long and retried. Default 600 000 ms. */
  readonly reconcileTimeoutMs?: number;
  /** First retry delay after an error. Default 100 ms. */
  readonly backoffBaseMs?: number;
  /** Longest retry delay. Default 300 000 ms. */
  readonly backoffMaxMs?: number;
}

/** What the controller needs from its surroundings. */
export interface ControllerDeps {
  readonly reconciler: Reconciler;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * controller-runtime's controller: workers take keys from a {@link RateLimitingQueue} and call the
 * {@link Reconciler}. The result switch: throw ⇒ re-added with per-key backoff; `TerminalError` ⇒
 * recorded, backoff reset, pending resync cancelled, no retry until `enqueue` is called again (an
 * input change); `requeueAfterMs > 0` ⇒ backoff reset and re-added after the delay; success ⇒
 * backoff reset. Exceptions never escape a worker. `start` resolves once its signal has aborted and
 * the reconcile in progress (which is not aborted by the stop signal) has finished.
 */
export class Controller implements Runnable {
  readonly name: string;
  readonly #deps: ControllerDeps;
  readonly #queue: RateLimitingQueue;
  readonly #metrics: ControllerMetrics;
  readonly #workers: number;
  readonly #timeoutMs: number;
  readonly #listeners = new Set<(completion: ReconcileCompletion) => void>();
  #running = false;
  #started = 0;

  constructor(deps: ControllerDeps, options: ControllerOptions = {}) {
    this.name = options.name ?? 'router';
    this.#deps = deps;
    this.#workers = Math.max(1, options.workers ?? 1);
    this.#timeoutMs = options.reconcileTimeoutMs ?? 600_000;
    this.#queue = new RateLimitingQueue({
      clock: deps.clock,
      baseMs: options.backoffBaseMs ?? 100,
      maxMs: options.backoffMaxMs ?? 300_000,
    });
    this.#metrics = controllerMetrics(deps.metrics, this.name);
  }

  /** The controller's queue (read-only use: depth, pending delays). */
  get queue(): RateLimitingQueue {
    return this.#queue;
  }

  /** Is `start` running (and not yet stopped)? */
  get running(): boolean {
    return this.#running && !this.#queue.shuttingDown;
  }

  /** Requests a reconcile of `key` (an input changed). Ignored after stop. */
  enqueue(key: string): void {
    this.#queue.add(key);
    this.#metrics.depth.set({ controller: this.name }, this.#queue.length);
  }

  /** Calls `listener` after every processing of a key; returns the unsubscribe function. */
  onCompletion(listener: (completion: ReconcileCompletion) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(signal: AbortSignal): Promise<void> {
    if (this.#running) throw new MeshrrError('controller-running', `controller ${this.name} is already running`);
    this.#running = true;
    const stop = (): void => this.#queue.shutDown();
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    try {
      await Promise.all(Array.from({ length: this.#workers }, () => this.#worker()));
    } finally {
      signal.removeEventListener('abort', stop);
      this.#running = false;
    }
  }

  async #worker(): Promise<void> {
    for (;;) {
      const key = await this.#queue.get();
      if (key === undefined) return;
      this.#metrics.depth.set({ controller: this.name }, this.#queue.length);
      try {
        await this.#process(key);
      } finally {
        this.#queue.done(key);
      }
    }
  }

  /** Processings started so far; a completion with a larger `seq` started after this read. */
  get startedCount(): number {
    return this.#started;
  }

  async #process(key: string): Promise<void> {
    const seq = ++this.#started;
    const started = this.#deps.clock.now();
    const outcome = await this.#reconcile(key);
    const durationMs = this.#deps.clock.now() - started;
    this.#metrics.duration.observe({ controller: this.name }, durationMs / 1000);
    const result = this.#handle(key, outcome);
    this.#metrics.reconciles.inc({ controller: this.name, result });
    const completion: ReconcileCompletion =
      outcome.error === undefined
        ? { key, seq, result, durationMs }
        : { key, seq, result, error: outcome.error, durationMs };
    for (const listener of [...this.#listeners]) {
      try {
        listener(completion);
      } catch (error) {
        this.#deps.logger.error({ err: error }, 'reconcile completion listener failed');
      }
    }
  }

  async #reconcile(key: string): Promise<{ result?: ReconcileResult; error?: Error }> {
    const ac = new AbortController();
    const timer = this.#deps.clock.setTimer(this.#timeoutMs, () =>
      ac.abort(new ReconcileTimeoutError(key, this.#timeoutMs)),
    );
    try {
      return { result: await this.#deps.reconciler.reconcile({ key }, ac.signal) };
    } catch (error) {
      return {
        error: error instanceof Error ? error : new MeshrrError('reconcile-failed', String(error), { cause: error }),
      };
    } finally {
      timer.cancel();
    }
  }

  /** The four-arm result switch; returns the metric label. */
  #handle(key: string, outcome: { result?: ReconcileResult; error?: Error }): ReconcileResultLabel {
    const log = this.#deps.logger;
    if (outcome.error instanceof TerminalError) {
      this.#queue.forget(key);
      this.#queue.cancelDelayed(key);
      log.error(
        { key, err: outcome.error, code: outcome.error.code },
        'reconcile failed terminally; waiting for an input change',
      );
      return 'terminal';
    }
    if (outcome.error !== undefined) {
      const delayMs = this.#queue.addRateLimited(key);
      this.#metrics.retries.inc({ controller: this.name });
      log.warn(
        { key, err: outcome.error, retryInMs: delayMs, attempt: this.#queue.numRequeues(key) },
        'reconcile failed; retrying with backoff',
      );
      return 'error';
    }
    this.#queue.forget(key);
    const after = outcome.result?.requeueAfterMs;
    if (after !== undefined && after > 0) {
      this.#queue.addAfter(key, after);
      return 'requeue_after';
    }
    return 'success';
  }
}
