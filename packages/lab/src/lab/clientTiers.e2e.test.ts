import { HANG_GUARD_MS } from '@meshrr/core/testing';
import { expect, it } from 'vitest';
import { readState } from '../state/labState.js';
import { describeLab, type DescribeLabOptions } from '../testing-support/describeLab.js';
import { AGENT_MAIN, exampleTopology, labAgentGate } from '../testing-support/realServers.js';
import { seenAt, threeClientGroupsEstablished } from '../testing-support/statusQueries.js';
import { paths } from './frrQueries.js';
import { waitForStatus } from './waitForStatus.js';

// examples/lab/3clientgroups: one RR mesh, full-table / partial-table / default-only client tiers.
const gate = labAgentGate();

const LAB: DescribeLabOptions = {
  topology: exampleTopology('3clientgroups'),
  idPrefix: 't',
  gate,
  agentMain: AGENT_MAIN,
};

describeLab('3clientgroups with real FRR, DNS and agents', LAB, (lab) => {
  it('gives each client tier its share of the table', async () => {
    const { status } = await waitForStatus(
      lab,
      (s) =>
        threeClientGroupsEstablished(s) &&
        seenAt(s, '10.230.1.0/24').includes('full-1') &&
        seenAt(s, '10.220.1.0/24').includes('full-1') &&
        seenAt(s, '10.210.200.0/24').includes('partial-1'),
      HANG_GUARD_MS,
    );
    expect(seenAt(status, '10.220.1.0/24')).toContain('full-1');
    expect(seenAt(status, '10.210.1.0/24')).not.toContain('partial-1');
    for (const prefix of ['10.210.1.0/24', '10.210.200.0/24', '10.220.1.0/24'])
      expect(seenAt(status, prefix)).not.toContain('default-1');
    const dirs = new Map((readState(lab.stateDir)?.routers ?? []).map((r) => [r.name, r.dir]));
    for (const tier of ['partial-1', 'default-1'])
      expect((await paths(dirs.get(tier) ?? '', '0.0.0.0/0')).some((p) => p.best)).toBe(true);
    expect((await paths(dirs.get('full-1') ?? '', '0.0.0.0/0')).length).toBe(0);
  });
});
