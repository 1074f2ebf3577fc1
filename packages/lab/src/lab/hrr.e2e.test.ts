import { dirname, join } from 'node:path';
import { loadConfigOrThrow } from '@meshrr/core';
import { eventually, HANG_GUARD_MS } from '@meshrr/core/testing';
import { expect, it } from 'vitest';
import { dig } from '../dns/bindServer.js';
import { readState } from '../state/labState.js';
import { describeLab, type DescribeLabOptions } from '../testing-support/describeLab.js';
import { AGENT_MAIN, exampleTopology, labAgentGate } from '../testing-support/realServers.js';
import {
  establishedTo,
  groupRouters,
  localPrefAt,
  onBalancedTarget,
  router,
  seenAt,
  untouchedCounters,
} from '../testing-support/statusQueries.js';
import { runningConfig } from './frrQueries.js';
import { labEditConfig } from './labConfig.js';
import { labDnsStart, labDnsStop } from './labDns.js';
import { labAddClient } from './labGrow.js';
import { labReplace } from './labReplace.js';
import { labCrash, labRestartAgent } from './labRestart.js';
import { labScale } from './labScale.js';
import { labStatus, type LabStatus } from './labStatus.js';
import { waitForStatus } from './waitForStatus.js';

// examples/lab/2regions-hrr with real FRR, bind9 and one meshrr agent per route reflector.
const gate = labAgentGate();
const REGIONS = ['lothlorien', 'mirkwood'] as const;
const CLIENT_OF = { lothlorien: 'loth-c1', mirkwood: 'mirk-c1' } as const;
const PREFIX = { lothlorien: '10.201', mirkwood: '10.202' } as const;

/** The hierarchy holds: core full mesh, each regional RR meshed in its region with exactly 2 core sessions, clients up. */
function converged(status: LabStatus): boolean {
  const core = groupRouters(status, 'core');
  const coreMesh = core.every((r) => r.running && establishedTo(status, r, 'core').length === core.length - 1);
  const regions = REGIONS.every((region) =>
    groupRouters(status, region).every(
      (r) =>
        r.running &&
        establishedTo(status, r, 'core').length === 2 &&
        establishedTo(status, r, region).length === groupRouters(status, region).length - 1,
    ),
  );
  const clients = status.routers
    .filter((r) => r.kind === 'client')
    .every((c) => c.sessions.length > 0 && c.sessions.every((s) => s.state === 'Established'));
  return coreMesh && regions && clients;
}

/** Every regional RR has exactly its balanced pair of core RRs: no balance move is pending. */
function balanced(status: LabStatus): boolean {
  return REGIONS.every((region) => {
    const file = join(dirname(exampleTopology('2regions-hrr')), `${region}.meshrr.conf.yml`);
    const config = loadConfigOrThrow(file);
    const upstream = config.groups.find((g) => g.name === 'MESHRR-UPSTREAM');
    return onBalancedTarget(status, region, {
      group: 'core',
      perMember: upstream?.kind === 'mesh' ? (upstream.maxPeers ?? 0) : 0,
      tolerance: config.selection.balanceTolerance,
    });
  });
}

/** The UPSTREAM-OUT policy: untagged everywhere, 65000:101 only in its region, 65000:102 at local-pref 20 outside it. */
function policyHolds(status: LabStatus): boolean {
  const everyone = status.routers.map((r) => r.name);
  return REGIONS.every((region) => {
    const inside = new Set([...groupRouters(status, region).map((r) => r.name), CLIENT_OF[region]]);
    const outside = everyone.filter((n) => !inside.has(n));
    const untagged = `${PREFIX[region]}.1.0/24`;
    const only = `${PREFIX[region]}.101.0/24`;
    const preferred = `${PREFIX[region]}.102.0/24`;
    return (
      everyone.filter((n) => n !== CLIENT_OF[region]).every((n) => seenAt(status, untagged).includes(n)) &&
      seenAt(status, only).every((n) => inside.has(n)) &&
      seenAt(status, only).length === inside.size - 1 &&
      outside.every((n) => localPrefAt(status, preferred, n) === 20) &&
      [...inside].filter((n) => n !== CLIENT_OF[region]).every((n) => localPrefAt(status, preferred, n) === 100)
    );
  });
}

const LAB: DescribeLabOptions = {
  topology: exampleTopology('2regions-hrr'),
  idPrefix: 'h',
  gate,
  agentMain: AGENT_MAIN,
};

describeLab('2regions-hrr with real FRR, DNS and agents', LAB, (lab) => {
  it('converges: core full mesh, 2 core sessions per regional RR, regional full mesh, and the community policy', async () => {
    const { status, elapsedMs } = await waitForStatus(lab, (s) => converged(s) && policyHolds(s), HANG_GUARD_MS);
    console.info(`2regions-hrr converged ${Math.round(elapsedMs)} ms after up`);
    for (const region of REGIONS) {
      for (const r of groupRouters(status, region)) expect(establishedTo(status, r, 'core')).toHaveLength(2);
      expect(seenAt(status, `${PREFIX[region]}.101.0/24`).sort()).toEqual(
        groupRouters(status, region)
          .map((r) => r.name)
          .sort(),
      );
    }
    expect(localPrefAt(status, '10.201.102.0/24', 'mirkwood-0')).toBe(20);
    expect(localPrefAt(status, '10.201.102.0/24', 'core-0')).toBe(20);
    expect(localPrefAt(status, '10.201.102.0/24', 'lothlorien-0')).toBe(100);
    expect(seenAt(status, '10.202.1.0/24')).toContain('loth-c1');
  });

  it('replacing a core RR re-peers every regional RR to live core RRs, the new one takes clients, nothing flaps', async () => {
    const before = (await waitForStatus(lab, converged, HANG_GUARD_MS)).status;
    const untouched = untouchedCounters(before, new Set(['core-0']));
    const result = await labReplace(lab, 'core-0');
    const carriesClients = (s: LabStatus) =>
      router(s, 'core-0').sessions.some((x) => x.dynamic && x.state === 'Established');
    const { status, elapsedMs } = await waitForStatus(
      lab,
      (s) => converged(s) && router(s, 'core-0').address === result.newAddress && carriesClients(s) && balanced(s),
      HANG_GUARD_MS,
    );
    console.info(
      `core-0 replaced (${result.oldAddress} -> ${result.newAddress}); back in DNS after ${Math.round(result.elapsedMs)} ms, hierarchy converged ${Math.round(elapsedMs)} ms later`,
    );
    for (const region of REGIONS) {
      for (const r of groupRouters(status, region)) {
        expect(r.sessions.some((s) => s.peer === result.oldAddress && s.state === 'Established')).toBe(false);
        expect(establishedTo(status, r, 'core')).toHaveLength(2);
      }
    }
    expect(carriesClients(status)).toBe(true); // the balance brought clients back to the new core RR
    expect(balanced(status)).toBe(true); // and every regional RR ended on its balanced pair of core RRs
    // No untouched session flapped. A regional RR's session to a surviving core RR may be gone: the
    // balance moved it to the new core-0 (added first, removed once that was Established).
    const after = untouchedCounters(status, new Set(['core-0']));
    for (const [session, count] of untouched)
      if (after.has(session)) expect([session, after.get(session)]).toEqual([session, count]);
  });

  it('accepts a new client through the listen range without changing any RR config, never a meshed RR', async () => {
    // A balance move still under way would change an RR's config: start from the balanced target.
    const rrs = (await waitForStatus(lab, (s) => converged(s) && balanced(s), HANG_GUARD_MS)).status.routers.filter(
      (r) => r.kind === 'rr',
    );
    const dirs = new Map((readState(lab.stateDir)?.routers ?? []).map((r) => [r.name, r.dir]));
    const configs = async (): Promise<string[]> => Promise.all(rrs.map((r) => runningConfig(dirs.get(r.name) ?? '')));
    const before = await configs();
    await labAddClient(lab, {
      name: 'loth-c2',
      peerGroup: 'lothlorien',
      address: '10.99.201.12',
      prefixes: [{ prefix: '10.201.2.0/24', communities: [] }],
    });
    const { status } = await waitForStatus(
      lab,
      (s) =>
        router(s, 'loth-c2').sessions.length === 2 &&
        router(s, 'loth-c2').sessions.every((x) => x.state === 'Established') &&
        groupRouters(s, 'lothlorien').every((r) =>
          r.sessions.some((x) => x.peerName === 'loth-c2' && x.state === 'Established'),
        ),
      HANG_GUARD_MS,
    );
    for (const r of groupRouters(status, 'lothlorien'))
      expect(r.sessions.find((s) => s.peerName === 'loth-c2')).toMatchObject({ dynamic: true, state: 'Established' });
    expect(await configs()).toEqual(before);
    // Through a listen range come only a router's clients: regional RRs (and nothing else) at core,
    // client FRRs at the regions. A meshed peer (same group, or a region's upstream core) never does.
    const clientsOf: Record<string, readonly string[]> = {
      core: ['lothlorien', 'mirkwood'],
      lothlorien: ['client'],
      mirkwood: ['client'],
    };
    for (const r of status.routers.filter((x) => x.kind === 'rr')) {
      for (const s of r.sessions.filter((x) => x.dynamic)) {
        const peer = router(status, s.peerName ?? '');
        expect([
          r.name,
          peer.name,
          clientsOf[r.group]?.includes(peer.kind === 'client' ? 'client' : peer.group),
        ]).toEqual([r.name, peer.name, true]);
      }
    }
  });

  it('keeps every peer while DNS is down for 10 s, and picks up changes again after it is back', async () => {
    // Balance moves left over from the replacement above are make-before-break and legitimate; wait
    // for them to end, so that "nothing changes while DNS is down" is what the product guarantees.
    const before = (await waitForStatus(lab, (s) => converged(s) && balanced(s), HANG_GUARD_MS)).status;
    const counters = untouchedCounters(before, new Set());
    await labDnsStop(lab);
    let during: LabStatus;
    try {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      during = await labStatus(lab);
    } finally {
      await labDnsStart(lab); // even when the wait fails: the later tests need DNS
    }
    expect(untouchedCounters(during, new Set())).toEqual(counters);
    const dnsNetns = readState(lab.stateDir)?.dns?.netns ?? '';
    expect((await dig(dnsNetns, 'meshrr-core.default.svc.cluster.local')).length).toBe(3);
    const result = await labReplace(lab, 'lothlorien-1');
    const { elapsedMs } = await waitForStatus(
      lab,
      (s) =>
        converged(s) &&
        establishedTo(s, router(s, 'lothlorien-0'), 'lothlorien').some((x) => x.peer === result.newAddress),
      HANG_GUARD_MS,
    );
    console.info(
      `after the DNS outage, lothlorien-1 replaced and re-meshed ${Math.round(elapsedMs)} ms after it was back in DNS`,
    );
  });

  it('restart-agent: a new agent takes over the running FRR without dropping a session', async () => {
    const before = (await waitForStatus(lab, converged, HANG_GUARD_MS)).status;
    const counters = untouchedCounters(before, new Set());
    const agentOf = () => readState(lab.stateDir)?.routers.find((r) => r.name === 'lothlorien-0')?.processes.agent?.pid;
    const oldAgent = agentOf();
    await labRestartAgent(lab, 'lothlorien-0');
    expect(agentOf()).not.toBe(oldAgent);
    // the old agent drained (graceful shutdown switched on) and the new one switched it off again
    const dir = readState(lab.stateDir)?.routers.find((r) => r.name === 'lothlorien-0')?.dir ?? '';
    await eventually(async () => !(await runningConfig(dir)).includes('bgp graceful-shutdown'), {
      what: 'graceful shutdown off on lothlorien-0 under its new agent',
    });
    // and no session flapped (a session may be gone only because the balance moved it)
    const { status } = await waitForStatus(lab, converged, HANG_GUARD_MS);
    const after = untouchedCounters(status, new Set());
    for (const [session, count] of counters)
      if (after.has(session)) expect([session, after.get(session)]).toEqual([session, count]);
    expect(router(status, 'lothlorien-0').sessions.every((x) => x.state === 'Established')).toBe(true);
  });

  it('crash: FRR killed and restarted by the lab with its saved frr.conf; sessions come back, the hierarchy holds', async () => {
    await waitForStatus(lab, converged, HANG_GUARD_MS);
    const dir = readState(lab.stateDir)?.routers.find((r) => r.name === 'mirkwood-1')?.dir ?? '';
    const before = router(await labStatus(lab), 'mirkwood-1');
    const pid = readState(lab.stateDir)?.routers.find((r) => r.name === 'mirkwood-1')?.processes.bgpd?.pid;
    await labCrash(lab, 'mirkwood-1');
    expect(readState(lab.stateDir)?.routers.find((r) => r.name === 'mirkwood-1')?.processes.bgpd?.pid).not.toBe(pid);
    const { status } = await waitForStatus(
      lab,
      (s) =>
        converged(s) &&
        router(s, 'mirkwood-1').sessions.length === before.sessions.length &&
        router(s, 'mirkwood-1').sessions.every((x) => x.state === 'Established'),
      HANG_GUARD_MS,
    );
    // a new bgpd with as many sessions as before the crash, all Established; meshrr's groups are back
    expect(router(status, 'mirkwood-1').sessions.map((x) => x.state)).toEqual(before.sessions.map(() => 'Established'));
    const config = await runningConfig(dir);
    for (const group of ['MESHRR-MESH', 'MESHRR-CLIENTS', 'MESHRR-UPSTREAM'])
      expect(config).toContain(`neighbor ${group} peer-group`);
  });

  it('live edit of a running regional RR (max_peers 2 → 1 and a group added, then back by SIGHUP): only what the edit concerns changes, no restart', async () => {
    const before = (await waitForStatus(lab, (s) => converged(s) && balanced(s), HANG_GUARD_MS)).status;
    const dir = readState(lab.stateDir)?.routers.find((r) => r.name === 'lothlorien-0')?.dir ?? '';
    // Untouched: every Established session except lothlorien-0's upstream sessions to the core RRs.
    const concerned = (key: string) => /^lothlorien-0>core-|^core-\d+>lothlorien-0$/.test(key);
    const untouched = [...untouchedCounters(before, new Set())].filter(([key]) => !concerned(key));
    const keepsUntouched = (s: LabStatus) => {
      const now = untouchedCounters(s, new Set());
      return untouched.every(([key, count]) => now.get(key) === count);
    };
    const upstreams = (s: LabStatus) => establishedTo(s, router(s, 'lothlorien-0'), 'core').map((x) => x.peer);
    const extraRange = 'bgp listen range 10.99.251.0/24 peer-group MESHRR-EXTRA';
    const groupsOf = (config: Record<string, unknown>) => config['bgpgroups'] as Record<string, unknown>[];

    // 1. The ConfigMap changes (..data swap): one upstream instead of two, and a new client group.
    const { agentPid } = labEditConfig(lab, 'lothlorien-0', (config) => ({
      ...config,
      bgpgroups: [
        ...groupsOf(config).map((g) => (g['name'] === 'MESHRR-UPSTREAM' ? { ...g, max_peers: 1 } : g)),
        { name: 'MESHRR-EXTRA', type: 'subtractive', prefixes: ['10.99.251.0/24'] },
      ],
    }));
    const edited = await waitForStatus(
      lab,
      (s) => upstreams(s).length === 1 && keepsUntouched(s) && router(s, 'lothlorien-0').running,
      HANG_GUARD_MS,
    );
    // the upstream kept is one of the two it had, and its session did not flap
    const kept = establishedTo(edited.status, router(edited.status, 'lothlorien-0'), 'core')[0]!;
    const keptBefore = establishedTo(before, router(before, 'lothlorien-0'), 'core').find((x) => x.peer === kept.peer);
    expect(keptBefore?.connectionsEstablished).toBe(kept.connectionsEstablished);
    await eventually(async () => (await runningConfig(dir)).includes(extraRange), {
      what: 'the added group in the running FRR configuration of lothlorien-0',
    });
    console.info(`live edit (max_peers 1, group added) took effect ${Math.round(edited.elapsedMs)} ms after the swap`);

    // 2. SIGHUP with the original configuration: two upstreams again, the added group removed.
    expect(
      labEditConfig(
        lab,
        'lothlorien-0',
        (config) => ({
          ...config,
          bgpgroups: groupsOf(config)
            .filter((g) => g['name'] !== 'MESHRR-EXTRA')
            .map((g) => (g['name'] === 'MESHRR-UPSTREAM' ? { ...g, max_peers: 2 } : g)),
        }),
        { sighup: true },
      ).agentPid,
    ).toBe(agentPid);
    const restored = await waitForStatus(lab, (s) => converged(s) && keepsUntouched(s), HANG_GUARD_MS);
    await eventually(async () => !(await runningConfig(dir)).includes('MESHRR-EXTRA'), {
      what: 'the added group gone from the running FRR configuration of lothlorien-0',
    });
    expect(readState(lab.stateDir)?.routers.find((r) => r.name === 'lothlorien-0')?.processes.agent?.pid).toBe(
      agentPid,
    );
    expect(upstreams(restored.status)).toHaveLength(2);
    console.info(`restored by SIGHUP, converged ${Math.round(restored.elapsedMs)} ms later`);
  });

  it('scale core 3 → 4 → 3: the new core RR takes clients without any regional RR losing an upstream; scale-in re-homes them', async () => {
    await waitForStatus(lab, converged, HANG_GUARD_MS);
    const up = await labScale(lab, 'core', 4);
    expect(up).toMatchObject({ before: 3, after: 4, added: ['core-3'], removed: [] });
    const carries = (s: LabStatus, name: string) =>
      router(s, name).sessions.filter((x) => x.dynamic && x.state === 'Established').length;
    const { status } = await waitForStatus(
      lab,
      (s) => converged(s) && groupRouters(s, 'core').length === 4 && carries(s, 'core-3') > 0,
      HANG_GUARD_MS,
    );
    expect(groupRouters(status, 'core').map((r) => r.name)).toEqual(['core-0', 'core-1', 'core-2', 'core-3']);
    expect(carries(status, 'core-3')).toBeGreaterThan(0);
    const down = await labScale(lab, 'core', 3);
    expect(down).toMatchObject({ before: 4, after: 3, added: [], removed: ['core-3'] });
    const { status: after } = await waitForStatus(
      lab,
      (s) => converged(s) && groupRouters(s, 'core').length === 3,
      HANG_GUARD_MS,
    );
    for (const region of REGIONS)
      for (const r of groupRouters(after, region)) expect(establishedTo(after, r, 'core')).toHaveLength(2);
    expect((await dig(readState(lab.stateDir)?.dns?.netns ?? '', 'meshrr-core.default.svc.cluster.local')).length).toBe(
      3,
    );
  });
});
