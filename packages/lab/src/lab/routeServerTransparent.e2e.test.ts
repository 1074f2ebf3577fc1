import { HANG_GUARD_MS } from '@meshrr/core/testing';
import { expect, it } from 'vitest';
import { describeLab, type DescribeLabOptions } from '../testing-support/describeLab.js';
import { AGENT_MAIN, exampleTopology, labAgentGate } from '../testing-support/realServers.js';
import { establishedTo, groupRouters, router, seenAt } from '../testing-support/statusQueries.js';
import { labStatus, type LabStatus } from './labStatus.js';
import { waitForStatus } from './waitForStatus.js';

// examples/lab/route-server-transparent (issue 12): RFC 7947 route servers, one AS per client group.
const gate = labAgentGate();

function pathAt(status: LabStatus, prefix: string, at: string) {
  return status.prefixes.find((p) => p.prefix === prefix)?.seenAt.find((s) => s.router === at);
}

const LAB: DescribeLabOptions = {
  topology: exampleTopology('route-server-transparent'),
  idPrefix: 't',
  gate,
  agentMain: AGENT_MAIN,
};

describeLab('transparent route servers with real FRR, DNS and agents', LAB, (lab) => {
  it('passes routes on with the originating AS path unchanged and refuses a client of another AS', async () => {
    const { status, elapsedMs } = await waitForStatus(
      lab,
      (s) =>
        groupRouters(s, 'rs').every((r) => establishedTo(s, r, 'rs').length === 1) &&
        ['peer-a', 'peer-b'].every(
          (c) => router(s, c).sessions.length === 2 && router(s, c).sessions.every((x) => x.state === 'Established'),
        ) &&
        seenAt(s, '10.240.1.0/24').includes('peer-b') &&
        seenAt(s, '10.240.2.0/24').includes('peer-a'),
      HANG_GUARD_MS,
    );
    console.info(`transparent route servers converged ${Math.round(elapsedMs)} ms after up`);
    // RFC 7947: the route server's AS 65000 is not prepended; the client sees the originator's path.
    expect(pathAt(status, '10.240.1.0/24', 'peer-b')?.asPath).toBe('65001');
    expect(pathAt(status, '10.240.2.0/24', 'peer-a')?.asPath).toBe('65002');
    // Give the rogue client the time a good client needed, twice over: refused at OPEN, never up.
    await new Promise((resolve) => setTimeout(resolve, Math.max(5_000, 2 * elapsedMs)));
    const later = await labStatus(lab);
    const rogue = router(later, 'rogue');
    expect(rogue.running).toBe(true);
    expect(rogue.sessions.map((x) => x.state === 'Established')).toEqual([false, false]);
    expect(seenAt(later, '10.240.66.0/24')).toEqual([]);
    for (const rs of groupRouters(later, 'rs')) {
      expect(rs.sessions.filter((x) => x.peerName === 'rogue' && x.state === 'Established')).toEqual([]);
    }
  });
});
