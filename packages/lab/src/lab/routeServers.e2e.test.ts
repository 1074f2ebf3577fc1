import { HANG_GUARD_MS } from '@meshrr/core/testing';
import { expect, it } from 'vitest';
import { describeLab, type DescribeLabOptions } from '../testing-support/describeLab.js';
import { AGENT_MAIN, exampleTopology, labAgentGate } from '../testing-support/realServers.js';
import { establishedTo, groupRouters, router, seenAt } from '../testing-support/statusQueries.js';
import { readState } from '../state/labState.js';
import { snapshot } from './frrQueries.js';
import { labStatus } from './labStatus.js';
import { waitForStatus } from './waitForStatus.js';

// examples/lab/route-servers: two sides of route servers in one mesh, eBGP clients from AS ranges.
const gate = labAgentGate();

const LAB: DescribeLabOptions = {
  topology: exampleTopology('route-servers'),
  idPrefix: 'r',
  gate,
  agentMain: AGENT_MAIN,
};

describeLab('route servers with real FRR, DNS and agents', LAB, (lab) => {
  it('meshes all route servers, accepts eBGP clients from the AS ranges and refuses routes of the one outside', async () => {
    const rs = ['rs-a', 'rs-b'];
    const { status, elapsedMs } = await waitForStatus(
      lab,
      (s) =>
        rs.every((g) =>
          groupRouters(s, g).every(
            (r) => establishedTo(s, r, 'rs-a').length + establishedTo(s, r, 'rs-b').length === 3,
          ),
        ) &&
        ['peer-a', 'peer-b'].every(
          (c) => router(s, c).sessions.length > 0 && router(s, c).sessions.every((x) => x.state === 'Established'),
        ) &&
        seenAt(s, '10.240.1.0/24').includes('peer-b'),
      HANG_GUARD_MS,
    );
    console.info(`route servers converged ${Math.round(elapsedMs)} ms after up`);
    expect(seenAt(status, '10.240.2.0/24')).toContain('peer-a');
    // The rogue client (AS 64900) is refused. FRR 8.4 has no peer-as-list, so render-frr enforces the
    // AS ranges on routes (enforce-first-as + an as-path filter inbound): whether or not its session
    // comes up, nothing it announces is accepted. Give it the time a good client needs, twice.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const later = await labStatus(lab);
    expect(seenAt(later, '10.240.66.0/24')).toEqual([]);
    const rogueAddress = router(later, 'rogue').address;
    const dirs = new Map((readState(lab.stateDir)?.routers ?? []).map((r) => [r.name, r.dir]));
    for (const r of groupRouters(later, 'rs-a')) {
      const view = await snapshot(dirs.get(r.name) ?? '', ['10.240.66.0/24']);
      expect([r.name, view.paths.get('10.240.66.0/24')]).toEqual([r.name, []]);
      expect(
        view.neighbors
          .filter((n) => n.peer === rogueAddress)
          .every((n) => n.state !== 'Established' || n.peerGroup === 'MESHRR-RS-CLIENTS'),
      ).toBe(true);
    }
    console.info(
      `rogue (AS 64900) session states at rs-a: ${groupRouters(later, 'rs-a')
        .map((r) => r.sessions.find((x) => x.peerName === 'rogue')?.state ?? 'none')
        .join(', ')}`,
    );
  });
});
