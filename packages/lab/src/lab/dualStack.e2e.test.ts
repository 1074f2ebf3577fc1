import { eventually, HANG_GUARD_MS } from '@meshrr/core/testing';
import { expect, it } from 'vitest';
import { formatLabStatus } from '../cli/formatStatus.js';
import { agentGet } from '../agent/agentProcess.js';
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
import { labEditConfig } from './labConfig.js';
import { labStatus, type LabStatus } from './labStatus.js';
import { waitForStatus } from './waitForStatus.js';

// examples/lab/dual-stack (issue 12): IPv4+IPv6 route reflectors, a mesh session per family,
// IPv4 and IPv6 clients in one subtractive group; then live edits of rr-0's meshrr.conf.yml in the
// same lab (item 8 on real FRR).
const gate = labAgentGate();

const CLIENTS = { 'v4-a': 1, 'v4-b': 2, 'v6-a': 1, 'v6-b': 2 } as const;
/** Each prefix, and every router that must hold a best path to it (all but its origin, of its family). */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  '10.230.1.0/24': ['rr-0', 'rr-1', 'v4-b'],
  '10.230.2.0/24': ['rr-0', 'rr-1', 'v4-a'],
  'fd10:230:1::/48': ['rr-0', 'rr-1', 'v6-b'],
  'fd10:230:2::/48': ['rr-0', 'rr-1', 'v6-a'],
};

/** rr-0 and rr-1 hold one Established mesh session per family with each other. */
function meshOverBothFamilies(s: LabStatus): boolean {
  return groupRouters(s, 'rr').every((r) => {
    const peers = establishedTo(s, r, 'rr').map((x) => x.peer);
    return peers.length === 2 && peers.some((p) => p.includes(':')) && peers.some((p) => p.includes('.'));
  });
}

function converged(s: LabStatus): boolean {
  return meshOverBothFamilies(s) && clientsEstablished(s, CLIENTS) && prefixesSeenExactlyAt(s, EXPECTED);
}

const LAB: DescribeLabOptions = { topology: exampleTopology('dual-stack'), idPrefix: 'd', gate, agentMain: AGENT_MAIN };

describeLab('dual-stack route reflectors with real FRR, DNS and agents', LAB, (lab) => {
  it('meshes over A and AAAA records and reflects the routes of both families to the other clients', async () => {
    const { status, elapsedMs } = await waitForStatus(lab, converged, HANG_GUARD_MS);
    console.info(`dual-stack lab converged ${Math.round(elapsedMs)} ms after up`);

    // Each route reflector pod has both addresses; each client has one of its transport's family.
    for (const rr of groupRouters(status, 'rr')) {
      expect(rr.addresses).toHaveLength(2);
      expect(rr.addresses[0]).toMatch(/^10\.99\.1\.\d+$/);
      expect(rr.addresses[1]).toMatch(/^fd00:99::1:\d+$/);
    }
    expect(router(status, 'v6-a').addresses).toEqual([expect.stringMatching(/^fd00:99::200:\d+$/)]);
    expect(router(status, 'v6-a').sessions.map((x) => x.peer)).toEqual([router(status, 'rr-0').addresses[1]]);

    // Communities travel with the IPv6 route too; routes stay in their family.
    const v6a = status.prefixes.find((p) => p.prefix === 'fd10:230:1::/48');
    expect(v6a?.seenAt.find((x) => x.router === 'v6-b')?.communities).toEqual(['65000:61']);
    expect(seenAt(status, '10.230.1.0/24')).not.toContain('v6-b');

    // DNS: the headless Service has an A and an AAAA record per pod.
    const dnsNetns = readState(lab.stateDir)?.dns?.netns ?? '';
    const service = 'meshrr-rr.default.svc.cluster.local';
    const rrs = groupRouters(status, 'rr');
    expect((await dig(dnsNetns, service)).sort()).toEqual(rrs.map((r) => r.addresses[0]).sort());
    expect((await dig(dnsNetns, service, 'AAAA')).sort()).toEqual(rrs.map((r) => r.addresses[1]).sort());

    // The agent's FRR config: router-id from the IPv4 POD_IP, an IPv6 listen range, ipv6 unicast
    // activated for clients and the IPv6 mesh neighbor, IPv4 unicast not for it (matching).
    const rr0 = router(status, 'rr-0');
    const rr1 = router(status, 'rr-1');
    const dir = readState(lab.stateDir)?.routers.find((r) => r.name === 'rr-0')?.dir ?? '';
    const config = await runningConfig(dir);
    expect(config).toContain(`bgp router-id ${rr0.address}`);
    expect(config).toContain('bgp listen range fd00:99::200:0/112 peer-group MESHRR-CLIENTS');
    const ipv6Af = config.slice(config.indexOf('address-family ipv6 unicast'));
    expect(ipv6Af).toContain('neighbor MESHRR-CLIENTS activate');
    expect(ipv6Af).toContain(`no neighbor ${rr1.addresses[0]} activate`);
    const ipv4Af = config.slice(config.indexOf('address-family ipv4 unicast'), config.indexOf('address-family ipv6'));
    expect(ipv4Af).toContain(`no neighbor ${rr1.addresses[1]} activate`);

    // `meshrr lab status` text shows the IPv6 sessions and the IPv6 prefixes.
    const text = formatLabStatus(status);
    expect(text).toContain('rr-1(v6)=up');
    expect(text).toMatch(/fd10:230:1::\/48 +v6-a +65000:61 +rr-0 rr-1 v6-b/);
  });

  it("follows a live edit of a running router's meshrr.conf.yml (ConfigMap swap, then SIGHUP) touching only what it concerns, and refuses an invalid one", async () => {
    const state = readState(lab.stateDir);
    const rr0 = state?.routers.find((r) => r.name === 'rr-0');
    if (rr0 === undefined || state?.agent === undefined) throw new Error('no rr-0 with an agent');
    const { httpPort } = state.agent;
    const v6Range = 'fd00:99::200:0/112';
    const withClientPrefixes = (prefixes: readonly string[]) => (config: Record<string, unknown>) => ({
      ...config,
      bgpgroups: (config['bgpgroups'] as Record<string, unknown>[]).map((g) =>
        g['name'] === 'MESHRR-CLIENTS' ? { ...g, prefixes } : g,
      ),
    });
    const before = (await waitForStatus(lab, converged, HANG_GUARD_MS)).status;
    // The sessions the edits do not concern: the mesh (both families) and every IPv4 client session.
    const untouched = sessionCounters(
      before,
      (r, peer) => !peer.includes(':') || (r.kind === 'rr' && peer.startsWith('fd00:99::1:')),
    );

    // 1. ConfigMap update (..data swap): rr-0 stops accepting IPv6 clients.
    const { agentPid } = labEditConfig(lab, 'rr-0', withClientPrefixes(['10.99.200.0/24']));
    const removed = await waitForStatus(
      lab,
      (s) =>
        router(s, 'rr-0').sessions.every((x) => !x.peer.startsWith('fd00:99::200:') || x.state !== 'Established') &&
        router(s, 'v6-a').sessions.every((x) => x.state !== 'Established') &&
        seenAt(s, 'fd10:230:1::/48').length === 0 &&
        [...seenAt(s, 'fd10:230:2::/48')].sort().join() === 'rr-0,rr-1' &&
        meshOverBothFamilies(s) &&
        sameCounters(s, untouched),
      HANG_GUARD_MS,
    );
    console.info(`IPv6 client range removed live in ${Math.round(removed.elapsedMs)} ms`);
    const config = await runningConfig(rr0.dir);
    expect(config).not.toContain(`bgp listen range ${v6Range}`);
    expect(config).toContain('bgp listen range 10.99.200.0/24 peer-group MESHRR-CLIENTS');
    // v6-b keeps its session with rr-1, which the edit did not concern.
    const rr1ToV6b = (s: LabStatus) => router(s, 'rr-1').sessions.find((x) => x.peerName === 'v6-b');
    expect(rr1ToV6b(removed.status)).toMatchObject({
      state: 'Established',
      connectionsEstablished: rr1ToV6b(before)?.connectionsEstablished,
    });

    // 2. SIGHUP with the range back: the IPv6 clients return, nothing else moves.
    expect(labEditConfig(lab, 'rr-0', withClientPrefixes(['10.99.200.0/24', v6Range]), { sighup: true }).agentPid).toBe(
      agentPid,
    );
    const restored = await waitForStatus(lab, (s) => converged(s) && sameCounters(s, untouched), HANG_GUARD_MS);
    console.info(`IPv6 client range restored live (SIGHUP) in ${Math.round(restored.elapsedMs)} ms`);
    const metrics = (await agentGet(rr0.netns, httpPort, '/metrics')).body;
    expect(metrics).toMatch(/meshrr_config_reloads_total\{[^}]*trigger="sighup"[^}]*\} [1-9]/);
    expect(metrics).toMatch(
      /meshrr_config_reloads_total\{[^}]*trigger="file-change"[^}]*result="applied"[^}]*\} [1-9]/,
    );

    // 3. An invalid edit is refused: the running configuration stays, /readyz says why.
    labEditConfig(lab, 'rr-0', (c) => ({
      ...c,
      bgpgroups: [...(c['bgpgroups'] as unknown[]), { name: 'BROKEN', type: 'mesh' }],
    }));
    const refusal = await eventually(
      async () => {
        const readyz = await agentGet(rr0.netns, httpPort, '/readyz');
        expect(readyz.body).toContain('configuration reload refused');
        return readyz;
      },
      { what: 'rr-0 /readyz to report the refused reload' },
    );
    expect(refusal.status).toBe(200);
    expect(refusal.body).toContain('notice:');
    expect(await runningConfig(rr0.dir)).toContain(`bgp listen range ${v6Range} peer-group MESHRR-CLIENTS`);
    const after = await labStatus(lab);
    expect(converged(after)).toBe(true);
    expect(sameCounters(after, untouched)).toBe(true);
    expect((await agentGet(rr0.netns, httpPort, '/metrics')).body).toMatch(
      /meshrr_config_reloads_total\{[^}]*result="refused"[^}]*\} [1-9]/,
    );
    expect(readState(lab.stateDir)?.routers.find((r) => r.name === 'rr-0')?.processes.agent?.pid).toBe(agentPid);
  });
});

/** `connectionsEstablished` of every Established session `keep` selects, keyed `router>peer address`. */
function sessionCounters(
  status: LabStatus,
  keep: (router: LabStatus['routers'][number], peer: string) => boolean,
): Map<string, number> {
  const counters = new Map<string, number>();
  for (const r of status.routers)
    for (const x of r.sessions)
      if (x.state === 'Established' && keep(r, x.peer)) counters.set(`${r.name}>${x.peer}`, x.connectionsEstablished);
  return counters;
}

/** Every session of `counters` is Established with the same `connectionsEstablished` (it never dropped). */
function sameCounters(status: LabStatus, counters: ReadonlyMap<string, number>): boolean {
  return [...counters].every(([key, count]) => {
    const [name, peer] = key.split('>');
    const x = status.routers.find((r) => r.name === name)?.sessions.find((y) => y.peer === peer);
    return x?.state === 'Established' && x.connectionsEstablished === count;
  });
}
