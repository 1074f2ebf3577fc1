import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_MAIN, agentLabArgs, exampleTopology, labAgentGate, labStateDir } from '../testing-support/realServers.js';
import { establishedTo, groupRouters, router, seenAt } from '../testing-support/statusQueries.js';
import type { LabHandle } from './handle.js';
import { labDown } from './labDown.js';
import { labStatus } from './labStatus.js';
import { labUp } from './labUp.js';
import { waitForStatus } from './waitForStatus.js';

// examples/lab/route-servers: two sides of route servers in one mesh, eBGP clients from AS ranges.
const gate = labAgentGate();

describe.skipIf(!gate.run)('route servers with real FRR, DNS and agents', () => {
  const stateDir = labStateDir();
  let lab: LabHandle;

  beforeAll(async () => {
    lab = await labUp(exampleTopology('route-servers'), { stateDir, agentMain: AGENT_MAIN, agentArgs: agentLabArgs(), labId: `r${process.pid % 100000}` });
  }, 120_000);

  afterAll(async () => {
    await labDown(stateDir);
  }, 120_000);

  it('meshes all route servers, establishes eBGP clients from the AS ranges and refuses the one outside', async () => {
    const rs = ['rs-a', 'rs-b'];
    const { status, elapsedMs } = await waitForStatus(
      lab,
      (s) =>
        rs.every((g) => groupRouters(s, g).every((r) => establishedTo(s, r, 'rs-a').length + establishedTo(s, r, 'rs-b').length === 3)) &&
        ['peer-a', 'peer-b'].every((c) => router(s, c).sessions.length > 0 && router(s, c).sessions.every((x) => x.state === 'Established')) &&
        seenAt(s, '10.240.1.0/24').includes('peer-b'),
      90_000,
    );
    console.info(`route servers converged ${Math.round(elapsedMs)} ms after up`);
    expect(seenAt(status, '10.240.2.0/24')).toContain('peer-a');
    // the rogue client (AS 64900) never gets a session: give it the time a good client needs, twice
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const later = await labStatus(lab);
    expect(router(later, 'rogue').sessions.map((x) => x.state).filter((state) => state === 'Established')).toEqual([]);
    for (const g of rs) for (const r of groupRouters(later, g)) expect(r.sessions.some((x) => x.peerName === 'rogue' && x.state === 'Established')).toBe(false);
    expect(seenAt(later, '10.240.66.0/24')).toEqual([]);
  }, 120_000);
});
