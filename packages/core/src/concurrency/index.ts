export { AsyncLock } from './asyncLock.js';
export type { ReleaseLock } from './asyncLock.js';
