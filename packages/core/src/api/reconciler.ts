import type { ServiceIdentifier } from 'inversify';

/** A key only (controller-runtime): never an event payload. Here, the router id. */
export interface ReconcileRequest {
  readonly key: string;
}

/** `requeueAfterMs` schedules a resync; it is the only periodic mechanism in meshrr. */
export interface ReconcileResult {
  readonly requeueAfterMs?: number;
}

/**
 * Level-triggered and idempotent: read the full current state, compute the desired state and
 * converge; never branch on what event happened.
 * - throw ⇒ retried with per-key exponential backoff (reset after the next success);
 * - throw `TerminalError` ⇒ not retried until the key is enqueued again by an input change;
 * - return `{ requeueAfterMs }` ⇒ reconciled again after that delay.
 */
export interface Reconciler {
  reconcile(request: ReconcileRequest, signal: AbortSignal): Promise<ReconcileResult>;
}
export const Reconciler: ServiceIdentifier<Reconciler> = Symbol.for('@meshrr/core:Reconciler');
