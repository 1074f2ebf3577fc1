import type { ServiceIdentifier } from 'inversify';

/**
 * A long-running component (controller-runtime `Runnable`). `start` resolves once `signal` has
 * aborted and the component has stopped cleanly; it rejects only on an unrecoverable fault.
 */
export interface Runnable {
  readonly name: string;
  start(signal: AbortSignal): Promise<void>;
}
export const Runnable: ServiceIdentifier<Runnable> = Symbol.for('@meshrr/core:Runnable');
