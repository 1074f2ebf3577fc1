export { Backoff, backoffDelayMs, DEFAULT_BACKOFF_JITTER } from './backoff.js';
export type { BackoffPolicy } from './backoff.js';
