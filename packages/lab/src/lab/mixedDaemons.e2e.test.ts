import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANG_GUARD_MS } from '@meshrr/core/testing';
import { expect, it } from 'vitest';
import { readState } from '../state/labState.js';
import { listNetns } from '../system/netns.js';
import { isAlive } from '../system/processes.js';
import { AGENT_MAIN, exampleTopology, labBirdGate } from '../testing-support/realServers.js';
import { describeLab, type DescribeLabOptions } from '../testing-support/describeLab.js';
import { establishedTo, groupRouters, router, seenAt } from '../testing-support/statusQueries.js';
import { labDown } from './labDown.js';
import { labReplace } from './labReplace.js';
import { labCrash } from './labRestart.js';
import type { LabStatus } from './labStatus.js';
import { waitForStatus } from './waitForStatus.js';

// examples/lab/mixed-bird-frr (issue 15 item 4): FRR core, a BIRD region, a region with one router
// of each daemon; BIRD through the meshrr-platform-bird plugin, FRR-only clients.
const gate = labBirdGate();
const REGIONS = ['lothlorien', 'mirkwood'] as const;
const PREFIXES = { '10.201.1.0/24': 'loth-c1', '10.202.1.0/24': 'mirk-c1' } as const;

/**
 * The hierarchy holds with every session Established and none left over: the core meshed with
 * each regional RR as a client, each regional RR meshed in its region with both core RRs, the
 * clients up; each client prefix at every router but its origin, the BIRD-tagged community intact.
 */
function converged(status: LabStatus): boolean {
  const core = groupRouters(status, 'core');
  const regional = REGIONS.flatMap((g) => groupRouters(status, g));
  const allUp = status.routers.every(
    (r) => r.running && r.sessions.length > 0 && r.sessions.every((s) => s.state === 'Established'),
  );
  const coreOk = core.every(
    (r) =>
      establishedTo(status, r, 'core').length === core.length - 1 &&
      REGIONS.every((g) => establishedTo(status, r, g).length === groupRouters(status, g).length) &&
      r.sessions.length === core.length - 1 + regional.length,
  );
  const regionsOk = REGIONS.every((g) =>
    groupRouters(status, g).every(
      (r) =>
        establishedTo(status, r, 'core').length === core.length &&
        establishedTo(status, r, g).length === groupRouters(status, g).length - 1 &&
        r.sessions.length === core.length + groupRouters(status, g).length - 1 + 1,
    ),
  );
  const everywhere = Object.entries(PREFIXES).every(([prefix, origin]) =>
    status.routers.filter((r) => r.name !== origin).every((r) => seenAt(status, prefix).includes(r.name)),
  );
  const community = status.prefixes
    .find((p) => p.prefix === '10.201.1.0/24')
    ?.seenAt.every((s) => s.communities.includes('65000:201'));
  return allUp && coreOk && regionsOk && everywhere && community === true;
}

const LAB: DescribeLabOptions = {
  topology: exampleTopology('mixed-bird-frr'),
  idPrefix: 'm',
  gate,
  agentMain: AGENT_MAIN,
};

describeLab('mixed BIRD and FRR route reflectors with real daemons, DNS and agents', LAB, (lab) => {
  it('converges across daemons: every expected session Established, client prefixes everywhere', async () => {
    const { status, elapsedMs } = await waitForStatus(lab, converged, HANG_GUARD_MS);
    console.info(`mixed lab converged ${Math.round(elapsedMs)} ms after up`);
    expect(status.routers.filter((r) => r.daemon === 'bird').map((r) => r.name)).toEqual([
      'lothlorien-0',
      'lothlorien-1',
      'mirkwood-1',
    ]);
    // The BIRD routers run what the plugin rendered (the agent loaded it through plugins:), not the lab's base file.
    const dirs = new Map((readState(lab.stateDir)?.routers ?? []).map((r) => [r.name, r.dir]));
    const birdConf = readFileSync(join(dirs.get('lothlorien-0') ?? '', 'bird.conf'), 'utf8');
    expect(birdConf).toContain('Rendered by meshrr (platform bird)');
    expect(birdConf).toContain('rr client;');
    // FRR's client behind a BIRD RR pair is reflected by BIRD to the FRR core and on to BIRD and FRR in mirkwood.
    expect(seenAt(status, '10.201.1.0/24')).toContain('mirk-c1');
    expect(seenAt(status, '10.202.1.0/24')).toContain('loth-c1');
  });

  it('re-peers after an FRR core RR and a BIRD regional RR are replaced (new addresses)', async () => {
    for (const name of ['core-0', 'lothlorien-0']) {
      const replaced = await labReplace(lab, name);
      expect(replaced.newAddress).not.toBe(replaced.oldAddress);
      const { status, elapsedMs } = await waitForStatus(
        lab,
        (s) => converged(s) && s.routers.every((r) => r.sessions.every((x) => x.peer !== replaced.oldAddress)),
        HANG_GUARD_MS,
      );
      console.info(
        `${name} replaced (${replaced.oldAddress} → ${replaced.newAddress}); converged again ${Math.round(elapsedMs)} ms later`,
      );
      expect(router(status, name).address).toBe(replaced.newAddress);
    }
  });

  it('brings a crashed BIRD back with the configuration its agent last wrote, and every session with it', async () => {
    const before = readState(lab.stateDir)?.routers.find((r) => r.name === 'mirkwood-1')?.processes.bird;
    const crashed = await labCrash(lab, 'mirkwood-1');
    const after = readState(lab.stateDir)?.routers.find((r) => r.name === 'mirkwood-1')?.processes.bird;
    expect(after?.pid).not.toBe(before?.pid);
    const { elapsedMs } = await waitForStatus(lab, converged, HANG_GUARD_MS);
    console.info(
      `mirkwood-1 (BIRD) killed, back after ${Math.round(crashed.downMs)} ms; converged again ${Math.round(elapsedMs)} ms later`,
    );
  });

  it('leaves no process or namespace behind on down', async () => {
    const before = readState(lab.stateDir);
    const birds = (before?.routers ?? []).flatMap((r) => (r.processes.bird === undefined ? [] : [r.processes.bird]));
    expect(birds).toHaveLength(3);
    const result = await labDown(lab.stateDir);
    expect(result.found).toBe(true);
    expect(await listNetns(`mlab-${lab.labId}-`)).toEqual([]);
    expect(birds.filter(isAlive)).toEqual([]);
  });
});
