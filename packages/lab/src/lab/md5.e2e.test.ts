import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANG_GUARD_MS } from '@meshrr/core/testing';
import { expect, it } from 'vitest';
import { readState } from '../state/labState.js';
import { describeLab, type DescribeLabOptions } from '../testing-support/describeLab.js';
import { AGENT_MAIN, exampleTopology, labAgentGate } from '../testing-support/realServers.js';
import { establishedTo, groupRouters, router, seenAt } from '../testing-support/statusQueries.js';
import { labStatus } from './labStatus.js';
import { waitForStatus } from './waitForStatus.js';

// examples/lab/md5 (issue 12): MD5 keys from files on the route reflectors' mesh and client group.
const gate = labAgentGate();

const LAB: DescribeLabOptions = { topology: exampleTopology('md5'), idPrefix: 'a', gate, agentMain: AGENT_MAIN };

describeLab('TCP MD5 authentication with real FRR, DNS and agents', LAB, (lab) => {
  it('brings sessions with the right key up and keeps the one with a wrong key down, reported in status', async () => {
    const { elapsedMs } = await waitForStatus(
      lab,
      (s) =>
        groupRouters(s, 'rr').every((r) => establishedTo(s, r, 'rr').length === 1) &&
        router(s, 'good-c1').sessions.length === 2 &&
        router(s, 'good-c1').sessions.every((x) => x.state === 'Established') &&
        ['rr-0', 'rr-1'].every((r) => seenAt(s, '10.210.1.0/24').includes(r)),
      HANG_GUARD_MS,
    );
    console.info(`MD5 sessions Established ${Math.round(elapsedMs)} ms after up`);
    // Give the wrong key the time the right one needed, twice over: it must still be down.
    await new Promise((resolve) => setTimeout(resolve, Math.max(5_000, 2 * elapsedMs)));
    const later = await labStatus(lab);
    const bad = router(later, 'bad-c1');
    expect(bad.running).toBe(true);
    expect(bad.sessions.map((x) => x.state === 'Established')).toEqual([false, false]);
    expect(bad.sessions.every((x) => x.connectionsEstablished === 0)).toBe(true);
    expect(seenAt(later, '10.210.66.0/24')).toEqual([]);
    // The route reflectors hold no session with bad-c1 (its SYNs never get an answer).
    for (const rr of groupRouters(later, 'rr')) {
      expect(rr.sessions.filter((x) => x.peerName === 'bad-c1' && x.state === 'Established')).toEqual([]);
    }
    // The keys reach FRR but never the logs.
    const dirs = (readState(lab.stateDir)?.routers ?? []).filter((r) => r.kind === 'rr').map((r) => r.dir);
    for (const dir of dirs) {
      const log = readFileSync(join(dir, 'agent.log'), 'utf8');
      expect(log).not.toContain('meshrr-lab-mesh-key');
      expect(log).not.toContain('meshrr-lab-client-key');
    }
  });
});
