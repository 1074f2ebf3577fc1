export { ItemBackoff } from './itemBackoff.js';
export type { ItemBackoffOptions } from './itemBackoff.js';
export { RateLimitingQueue } from './rateLimitingQueue.js';
export type { RateLimitingQueueOptions } from './rateLimitingQueue.js';
export { Controller, ReconcileTimeoutError } from './controller.js';
export type { ControllerDeps, ControllerOptions, ReconcileCompletion } from './controller.js';
export { RECONCILE_RESULTS } from './controllerMetrics.js';
export type { ReconcileResultLabel } from './controllerMetrics.js';
