import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HANG_GUARD_MS } from '@meshrr/core/testing';
import { describe, expect, it } from 'vitest';
import { dig } from '../dns/bindServer.js';
import { readState } from '../state/labState.js';
import { listNetns } from '../system/netns.js';
import { isAlive } from '../system/processes.js';
import { labInfraGate, labStateDir } from '../testing-support/realServers.js';
import { describeLab } from '../testing-support/describeLab.js';
import { labDown } from './labDown.js';
import { labDnsStart, labDnsStop } from './labDns.js';
import { labAddClient } from './labGrow.js';
import { labReplace } from './labReplace.js';
import { labCrash } from './labRestart.js';
import { labScale } from './labScale.js';
import type { LabStatus } from './labStatus.js';
import { labUp } from './labUp.js';
import { allEstablished, waitForStatus } from './waitForStatus.js';

// Real FRR and bind9 in network namespaces, no agent: the route reflectors' static FRR policy
// (a listen range) stands in for the agent, to prove the lab machinery itself.
const gate = labInfraGate();
const TOPOLOGY = resolve(import.meta.dirname, '../__fixtures__/smoke.topology.yml');
const SERVICE = 'meshrr-rr.default.svc.cluster.local';

function sessions(status: LabStatus, router: string): Map<string, { state: string; established: number }> {
  const found = status.routers.find((r) => r.name === router);
  return new Map(
    (found?.sessions ?? []).map((s) => [
      s.peerName ?? s.peer,
      { state: s.state, established: s.connectionsEstablished },
    ]),
  );
}

describeLab('lab machinery with real FRR and bind9 (no agent)', { topology: TOPOLOGY, idPrefix: 'i', gate }, (lab) => {
  it('brings every session up and spreads client prefixes with their communities', async () => {
    const { status } = await waitForStatus(
      lab,
      (s) => allEstablished(s) && s.prefixes.every((p) => p.seenAt.length === 3),
      HANG_GUARD_MS,
    );
    expect(status.routers.map((r) => [r.name, r.group, r.address])).toEqual([
      ['rr-0', 'rr', '10.99.1.1'],
      ['rr-1', 'rr', '10.99.1.2'],
      ['c1', 'rr', '10.99.200.1'],
      ['c2', 'rr', '10.99.200.2'],
    ]);
    expect([...sessions(status, 'rr-0').keys()].sort()).toEqual(['c1', 'c2']);
    expect(status.routers.find((r) => r.name === 'rr-0')?.sessions.every((s) => s.dynamic)).toBe(true);
    const tagged = status.prefixes.find((p) => p.prefix === '10.201.1.0/24');
    expect(tagged?.seenAt.map((s) => [s.router, s.communities])).toEqual([
      ['rr-0', ['65000:101']],
      ['rr-1', ['65000:101']],
      ['c2', ['65000:101']],
    ]);
  });

  it('refuses a second lab in the same state directory, and one FRR could not reach', async () => {
    await expect(labUp(TOPOLOGY, { stateDir: lab.stateDir })).rejects.toThrow(
      `a lab already runs in ${lab.stateDir}: run "meshrr lab down" first`,
    );
    const privateParent = labStateDir();
    await expect(labUp(TOPOLOGY, { stateDir: join(privateParent, 'state') })).rejects.toThrow(
      `FRR runs as user frr and cannot reach ${join(privateParent, 'state')}: ${privateParent} is not searchable by others; choose a state directory elsewhere (e.g. under /tmp) or chmod o+x ${privateParent}`,
    );
    rmSync(privateParent, { recursive: true, force: true });
  });

  it('publishes Ready route reflectors in DNS like a headless Service', async () => {
    const dnsNetns = readState(lab.stateDir)?.dns?.netns ?? '';
    expect((await dig(dnsNetns, SERVICE)).sort()).toEqual(['10.99.1.1', '10.99.1.2']);
    expect(await dig(dnsNetns, `rr-1.${SERVICE}`)).toEqual(['10.99.1.2']);
  });

  it('replaces a router with a new address, re-peers its clients and leaves other sessions alone', async () => {
    const before = (await waitForStatus(lab, allEstablished, HANG_GUARD_MS)).status;
    const result = await labReplace(lab, 'rr-0');
    expect(result).toMatchObject({ router: 'rr-0', oldAddress: '10.99.1.1', newAddress: '10.99.1.3' });
    const dnsNetns = readState(lab.stateDir)?.dns?.netns ?? '';
    expect((await dig(dnsNetns, SERVICE)).sort()).toEqual(['10.99.1.2', '10.99.1.3']);
    const { status, elapsedMs } = await waitForStatus(
      lab,
      (s) => allEstablished(s) && sessions(s, 'c1').get('rr-0')?.state === 'Established',
      HANG_GUARD_MS,
    );
    console.info(`smoke lab: rr-0 replaced, clients re-peered ${Math.round(elapsedMs)} ms after it was back in DNS`);
    expect(status.routers.find((r) => r.name === 'rr-0')).toMatchObject({ address: '10.99.1.3', generation: 1 });
    for (const client of ['c1', 'c2']) {
      expect(sessions(status, 'rr-1').get(client)?.established).toBe(sessions(before, 'rr-1').get(client)?.established);
      expect(sessions(status, client).get('rr-1')?.established).toBe(sessions(before, client).get('rr-1')?.established);
    }
  });

  it('keeps DNS records across a DNS server stop and start', async () => {
    const dnsNetns = readState(lab.stateDir)?.dns?.netns ?? '';
    await labDnsStop(lab);
    expect(await dig(dnsNetns, SERVICE)).toEqual([]);
    expect(readState(lab.stateDir)?.dns?.process).toBeUndefined();
    await labDnsStart(lab);
    expect((await dig(dnsNetns, SERVICE)).sort()).toEqual(['10.99.1.2', '10.99.1.3']);
  });

  it('adds a client that is accepted through the listen range', async () => {
    await labAddClient(lab, {
      name: 'c3',
      peerGroup: 'rr',
      peers: 1,
      prefixes: [{ prefix: '10.201.3.0/24', communities: [] }],
    });
    const { status } = await waitForStatus(
      lab,
      (s) => allEstablished(s) && (s.prefixes.find((p) => p.prefix === '10.201.3.0/24')?.seenAt.length ?? 0) === 3,
      HANG_GUARD_MS,
    );
    expect(status.routers.find((r) => r.name === 'c3')).toMatchObject({ address: '10.99.200.3' });
    // the two route reflectors are not meshed here (no agent): only rr-0 and its clients see it
    expect(status.prefixes.find((p) => p.prefix === '10.201.3.0/24')?.seenAt.map((s) => s.router)).toEqual([
      'rr-0',
      'c1',
      'c2',
    ]);
    expect([...sessions(status, 'c3').keys()]).toEqual(['rr-0']);
  });

  it('crash: FRR is killed and restarted in the same pod with its frr.conf; its sessions come back', async () => {
    const before = readState(lab.stateDir)?.routers.find((r) => r.name === 'rr-0');
    const { status } = await waitForStatus(lab, allEstablished, HANG_GUARD_MS);
    const peers = [...sessions(status, 'rr-0').keys()].sort();
    await labCrash(lab, 'rr-0');
    const after = readState(lab.stateDir)?.routers.find((r) => r.name === 'rr-0');
    expect(after?.processes.bgpd?.pid).not.toBe(before?.processes.bgpd?.pid);
    expect(before?.processes.bgpd === undefined ? true : isAlive(before.processes.bgpd)).toBe(false);
    expect([after?.address, after?.generation]).toEqual([before?.address, before?.generation]);
    const back = await waitForStatus(
      lab,
      (s) => allEstablished(s) && [...sessions(s, 'rr-0').keys()].sort().join() === peers.join(),
      HANG_GUARD_MS,
    );
    expect([...sessions(back.status, 'rr-0').values()].every((x) => x.state === 'Established')).toBe(true);
  });

  it('scale: a group grows like a Deployment (new pods in DNS) and shrinks from its highest index', async () => {
    const up = await labScale(lab, 'rr', 3);
    expect(up).toMatchObject({ group: 'rr', before: 2, after: 3, added: ['rr-2'], removed: [] });
    expect((await dig(readState(lab.stateDir)?.dns?.netns ?? '', SERVICE)).length).toBe(3);
    const down = await labScale(lab, 'rr', 2);
    expect(down).toMatchObject({ before: 3, after: 2, added: [], removed: ['rr-2'] });
    expect((await dig(readState(lab.stateDir)?.dns?.netns ?? '', SERVICE)).length).toBe(2);
    expect(readState(lab.stateDir)?.routers.map((r) => r.name)).not.toContain('rr-2');
    await expect(labScale(lab, 'nope', 1)).rejects.toThrow(/no route-reflector group nope/);
  });

  it('removes everything on down, also after a crashed daemon, and is idempotent', async () => {
    const state = readState(lab.stateDir);
    if (state === undefined) throw new Error('no state');
    const bgpd = state.routers[0]?.processes.bgpd;
    if (bgpd === undefined) throw new Error('no bgpd');
    process.kill(bgpd.pid, 'SIGKILL');
    const all = state.routers.flatMap((r) => Object.values(r.processes));
    const result = await labDown(lab.stateDir, { keepLogs: true });
    expect(result).toMatchObject({ found: true, namespacesDeleted: 7, logsKeptIn: lab.stateDir });
    expect(all.filter(isAlive)).toEqual([]);
    expect(await listNetns(`mlab-${state.labId}-`)).toEqual([]);
    // --keep-logs: the routers' run directories stay, the lab itself is gone
    const rr0 = state.routers.find((r) => r.name === 'rr-0')?.dir ?? '';
    expect(readFileSync(join(rr0, 'bgpd.log'), 'utf8').length).toBeGreaterThan(0);
    expect(existsSync(join(lab.stateDir, 'lab.json'))).toBe(false);
    expect(await labDown(lab.stateDir)).toEqual({ found: false, processesStopped: 0, namespacesDeleted: 0 });
    rmSync(lab.stateDir, { recursive: true, force: true });
  });
});

describe.skipIf(!gate.run)('lab start failure with real FRR', () => {
  it('names the router whose FRR rejected its config and removes everything it started', async () => {
    const dir = labStateDir();
    chmodSync(dir, 0o755);
    const topology = join(dir, 'bad.topology.yml');
    writeFileSync(
      topology,
      readFileSync(TOPOLOGY, 'utf8').replace(
        '    frrPolicy: |\n',
        '    frrPolicy: |\n      route-map BROKEN permit notanumber\n',
      ),
    );
    const labId = `f${process.pid % 100000}`;
    await expect(labUp(topology, { stateDir: join(dir, 'state'), labId })).rejects.toThrow(
      /FRR of rr-[01] rejected its base config/,
    );
    expect(await listNetns(`mlab-${labId}-`)).toEqual([]);
    expect(existsSync(join(dir, 'state'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
