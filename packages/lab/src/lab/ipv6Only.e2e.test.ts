import { deriveRouterId, parseIpAddress } from '@meshrr/core';
import { HANG_GUARD_MS } from '@meshrr/core/testing';
import { expect, it } from 'vitest';
import { dig } from '../dns/bindServer.js';
import { readState } from '../state/labState.js';
import { describeLab, type DescribeLabOptions } from '../testing-support/describeLab.js';
import { AGENT_MAIN, exampleTopology, labAgentGate } from '../testing-support/realServers.js';
import {
  clientsEstablished,
  establishedTo,
  groupRouters,
  prefixesSeenExactlyAt,
  router,
  seenAt,
} from '../testing-support/statusQueries.js';
import { runningConfig } from './frrQueries.js';
import type { LabStatus } from './labStatus.js';
import { waitForStatus } from './waitForStatus.js';

// examples/lab/ipv6-only (issue 12): no IPv4 address anywhere; router-ids derived from POD_IP.
const gate = labAgentGate();

const CLIENTS = { 'v6-a': 1, 'v6-b': 2 } as const;
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'fd10:240:1::/48': ['rr-0', 'rr-1', 'v6-b'],
  'fd10:240:2::/48': ['rr-0', 'rr-1', 'v6-a'],
};

function converged(s: LabStatus): boolean {
  return (
    groupRouters(s, 'rr').every((r) => establishedTo(s, r, 'rr').length === 1) &&
    clientsEstablished(s, CLIENTS) &&
    prefixesSeenExactlyAt(s, EXPECTED)
  );
}

const LAB: DescribeLabOptions = { topology: exampleTopology('ipv6-only'), idPrefix: 's', gate, agentMain: AGENT_MAIN };

describeLab('an IPv6-only cluster with real FRR, DNS and agents', LAB, (lab) => {
  it('meshes over AAAA records with derived router-ids and reflects IPv6 routes', async () => {
    const { status, elapsedMs } = await waitForStatus(lab, converged, HANG_GUARD_MS);
    console.info(`IPv6-only lab converged ${Math.round(elapsedMs)} ms after up`);

    // Nothing has an IPv4 address; every session runs over IPv6.
    expect(status.dns?.address).toMatch(/^fd00:99::/);
    for (const r of status.routers) {
      expect(r.addresses.every((a) => a.startsWith('fd00:99::'))).toBe(true);
      expect(r.sessions.every((x) => x.peer.startsWith('fd00:99::'))).toBe(true);
    }
    expect(seenAt(status, 'fd10:240:1::/48')).toContain('rr-1'); // through the IPv6 mesh only

    // The AAAA records of the headless Service, and no A records.
    const dnsNetns = readState(lab.stateDir)?.dns?.netns ?? '';
    const service = 'meshrr-rr.default.svc.cluster.local';
    const rrs = groupRouters(status, 'rr');
    expect((await dig(dnsNetns, service, 'AAAA')).sort()).toEqual(rrs.map((r) => r.address).sort());
    expect(await dig(dnsNetns, service)).toEqual([]);

    // Each agent wrote the router-id it derives from its IPv6 POD_IP (FNV-1a; see Router-id).
    for (const rr of readState(lab.stateDir)?.routers.filter((r) => r.kind === 'rr') ?? []) {
      const ip = parseIpAddress(rr.address);
      expect(ip?.family).toBe(6);
      const config = await runningConfig(rr.dir);
      expect(config).toContain(`bgp router-id ${deriveRouterId(ip!)}`);
      expect(config).toContain('bgp listen range fd00:99::200:0/112 peer-group MESHRR-CLIENTS');
    }
  });
});
