import { systemClock, type DiscoveryContext } from '@meshrr/core';
import { MemoryLogger, MemoryMetrics } from '@meshrr/core/testing';

/** A discovery context on the real clock with in-memory logger and metrics. */
export function testContext(
  baseDir = '/nonexistent',
): DiscoveryContext & { logger: MemoryLogger; metrics: MemoryMetrics } {
  return {
    group: 'MESHRR-UPSTREAM',
    logger: new MemoryLogger(),
    clock: systemClock,
    metrics: new MemoryMetrics(),
    baseDir,
    maxRefreshMs: 30_000,
  };
}
