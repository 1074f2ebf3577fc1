import type { Clock } from '../api/ambient.js';
import { TransportError } from '../api/errors.js';

/**
 * Share of the commit-confirmed window kept free as a safety margin: every RPC of a
 * commit-confirmed sequence (commit, the verify reads, confirm) must have finished by
 * `sent + window × (1 − CONFIRM_MARGIN_SHARE)`, counted from the moment the commit RPC was sent.
 * The device starts its rollback timer when that commit completes, which is never earlier, so
 * a confirm answered before the deadline reached the device before its rollback.
 */
export const CONFIRM_MARGIN_SHARE = 0.25;

/** Milliseconds after sending a commit-confirmed by which its confirm must have been answered. */
export function confirmBudgetMs(confirmTimeoutS: number): number {
  return Math.floor(confirmTimeoutS * 1000 * (1 - CONFIRM_MARGIN_SHARE));
}

/**
 * The commit-confirmed deadline passed before the confirm was answered: the device rolls the
 * change back (or already has), so the agent treats it as rolled back, drops the management
 * session (its RPCs may still be running on the device) and re-reads the device on the retry.
 * A `TransportError` (code `confirm-deadline`): retried with backoff, never reported as success.
 */
export class ConfirmDeadlineError extends TransportError {
  /** When the deadline passed (ms since the epoch, the injected clock). */
  readonly deadline: number;

  constructor(deadline: number, step: string, options?: { cause?: unknown }) {
    super(
      `commit-confirmed deadline passed during ${step}: the device rolls the change back; treating it as rolled back and re-reading the device`,
      { ...options, code: 'confirm-deadline' },
    );
    this.deadline = deadline;
  }
}

/** A running commit-confirmed deadline (see {@link startConfirmDeadline}). */
export interface ConfirmDeadline {
  /** Aborts when the pass's signal aborts or the deadline passes. Give it to every RPC of the sequence. */
  readonly signal: AbortSignal;
  /** The deadline (ms since the epoch). */
  readonly at: number;
  /** True once the deadline has passed (by the timer or the clock). */
  expired(): boolean;
  /** Throws {@link ConfirmDeadlineError} naming `step` when the deadline has passed. */
  check(step: string): void;
  /** Stops the timer (always call it when the sequence ends). */
  cancel(): void;
}

/**
 * Starts the deadline of one commit-confirmed sequence at `clock.now()` (call it just before
 * sending the commit) for a window of `confirmTimeoutS` seconds.
 */
export function startConfirmDeadline(clock: Clock, parent: AbortSignal, confirmTimeoutS: number): ConfirmDeadline {
  const at = clock.now() + confirmBudgetMs(confirmTimeoutS);
  const controller = new AbortController();
  let passed = false;
  const expire = (): void => {
    passed = true;
    controller.abort(new ConfirmDeadlineError(at, 'an RPC'));
  };
  const timer = clock.setTimer(Math.max(0, at - clock.now()), expire);
  const onParent = (): void => controller.abort(parent.reason);
  if (parent.aborted) onParent();
  else parent.addEventListener('abort', onParent, { once: true });
  const expired = (): boolean => passed || clock.now() >= at;
  return {
    signal: controller.signal,
    at,
    expired,
    check(step: string): void {
      if (expired()) throw new ConfirmDeadlineError(at, step);
    },
    cancel(): void {
      timer.cancel();
      parent.removeEventListener('abort', onParent);
    },
  };
}
