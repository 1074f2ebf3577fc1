import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fakeClock.js';
import { MemoryMetrics } from '../testing/memoryMetrics.js';
import { startLookupTimer } from './lookupTimer.js';

describe('startLookupTimer', () => {
  it('records the elapsed clock time in seconds, labelled by group and sourcetype', async () => {
    const clock = new FakeClock();
    const metrics = new MemoryMetrics();
    const done = startLookupTimer({ group: 'MESH', clock, metrics }, 'dns');
    await clock.advance(250);
    done();
    const again = startLookupTimer({ group: 'MESH', clock, metrics }, 'dns');
    await clock.advance(1_500);
    again();
    expect(
      metrics.observations('meshrr_discovery_lookup_duration_seconds', { group: 'MESH', sourcetype: 'dns' }),
    ).toEqual([0.25, 1.5]);
  });
});
