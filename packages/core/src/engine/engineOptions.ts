import type { ServiceIdentifier } from 'inversify';
import type { ControllerOptions } from './controller.js';

/** Settings of the engine, bound by `coreModule(options)`. Only `mode` is required. */
export interface EngineOptions {
  /** `apply` pushes changes; `plan` computes and reports them without touching the device. */
  readonly mode: 'apply' | 'plan';
  /** Period of the drift-detecting resync. Default `updateSeconds × 1000` of the configuration. */
  readonly resyncMs?: number;
  /** Controller settings (workers, reconcile timeout, retry backoff). */
  readonly controller?: ControllerOptions;
  /** How long `plan` waits for every discovery source to report. Default 10 000 ms. */
  readonly discoverTimeoutMs?: number;
  /**
   * Longest wait, from the first reconcile, for every discovery source to deliver its first complete
   * set before any change is pushed. Default `updateSeconds × 1000` of the configuration.
   */
  readonly initialSyncTimeoutMs?: number;
  /** How often BGP session states are refreshed between reconciles (status, readiness, metrics). Default 5 000 ms; 0 disables. */
  readonly sessionPollMs?: number;
  /** `drain`: sessions must stay unchanged this long to count as settled. Default 5 000 ms. */
  readonly drainSettleMs?: number;
}
export const EngineOptions: ServiceIdentifier<EngineOptions> = Symbol.for('@meshrr/core:EngineOptions');
