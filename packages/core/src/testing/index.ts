/**
 * `@meshrr/core/testing`: fakes that let other packages test against the real engine.
 */
export { FakeClock } from './fakeClock.js';
export { MemoryLogger } from './memoryLogger.js';
export type { LogLine } from './memoryLogger.js';
export { MemoryMetrics, labelKey } from './memoryMetrics.js';
export { MemoryDiscoveryProvider, MemoryGroupControl } from './memoryDiscovery.js';
export type { MemorySourceOptions } from './memoryDiscovery.js';
export { meshGroup, subtractiveGroup, testConfig } from './testConfig.js';
