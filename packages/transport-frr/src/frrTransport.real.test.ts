import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DeviceRejectedError,
  STATEMENT_KINDS,
  systemClock,
  TransportError,
  type BgpSessionState,
  type Clock,
  type ConfigSession,
  type RenderedChange,
} from '@meshrr/core';
import { eventually, FakeClock, MemoryLogger } from '@meshrr/core/testing';
import { parseFrrRunningConfig } from './config/parseRunningConfig.js';
import { FrrTransport } from './transport.js';
import {
  FRR_PROGRAMS,
  realFrrUnavailable,
  startFrrNode,
  vtyshConfigure,
  vtyshJson,
  type FrrNode,
} from './testing-support/frrNode.js';
import { createNetnsLab, uniqueNetnsPrefix, type NetnsLab } from './testing-support/netns.js';
import { speakerLines, testRrConfig, type TestRrConfig } from './testing-support/rrConfig.js';

/*
 * Real FRR 8.4 daemons (zebra + bgpd in the foreground) in network namespaces created here:
 * rr1 (system under test) meshes with rr2, takes c1 (iBGP client, listen range), e1 (AS 65010,
 * inside the route-server ranges) and e2 (AS 64999, outside); g applies render-frr's golden files.
 */
const unavailable = await realFrrUnavailable();
const required = process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1';
if (unavailable !== undefined && !required)
  console.warn(`\n*** SKIPPING real-FRR transport tests: ${unavailable} ***\n`);

const RS = { allow: ['10.98.2.0/24'], asRegex: '6500[1-9]|650[1-9][0-9]|65100', ranges: '65001-65100' } as const;
const RR1: TestRrConfig = {
  asn: 65000,
  routerId: '10.98.0.1',
  mesh: ['10.98.0.2'],
  clients: ['10.98.1.0/24'],
  routeServer: RS,
};
const NEVER = new AbortController().signal;
const GOLDEN_DIR = fileURLToPath(new URL('../../render-frr/src/__golden__/', import.meta.url));
const GOLDEN_FILES = (await readdir(GOLDEN_DIR)).filter((f) => f.endsWith('.conf')).sort();

function change(body: string): RenderedChange {
  return { platform: 'frr', format: 'frr-conf', body, digest: createHash('sha256').update(body).digest('hex') };
}

function transportFor(
  node: FrrNode,
  clock: Clock = systemClock,
  frrReload: string = FRR_PROGRAMS.frrReload,
): FrrTransport {
  return new FrrTransport(
    {
      vtyDir: node.dir,
      configFile: join(node.dir, 'frr.conf'),
      vtysh: FRR_PROGRAMS.vtysh,
      frrReload,
    },
    clock,
    new MemoryLogger(),
  );
}

async function apply(transport: FrrTransport, body: string): Promise<string> {
  const session = await transport.open(NEVER);
  try {
    const staged = await session.stage(change(body), NEVER);
    await session.commit({ comment: 'test', confirmTimeoutS: 60 }, NEVER);
    await session.confirm(NEVER);
    return staged.deviceDiff;
  } finally {
    await session.close();
  }
}

async function sessionsOf(transport: FrrTransport): Promise<readonly BgpSessionState[]> {
  const session = await transport.open(NEVER);
  try {
    return await session.bgpSessions(NEVER);
  } finally {
    await session.close();
  }
}

async function rib(node: FrrNode): Promise<string[]> {
  const json = (await vtyshJson(node.dir, 'show bgp ipv4 unicast json')) as { routes?: Record<string, unknown> };
  return Object.keys(json.routes ?? {}).sort();
}

async function rejection(promise: Promise<unknown>): Promise<DeviceRejectedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeviceRejectedError);
  return error as DeviceRejectedError;
}

describe.skipIf(unavailable !== undefined && !required)(
  'FrrTransport against real FRR 8.4 in network namespaces',
  () => {
    let lab: NetnsLab | undefined;
    let dir = '';
    const nodes = new Map<string, FrrNode>();
    let rr1: FrrTransport;
    let rr2: FrrTransport;
    const node = (name: string): FrrNode => nodes.get(name)!;

    beforeAll(async () => {
      if (unavailable !== undefined)
        throw new Error(`MESHRR_REQUIRE_REAL_SERVERS=1 but real FRR cannot run: ${unavailable}`);
      dir = await mkdtemp(join(tmpdir(), 'meshrr-frr-'));
      await chmod(dir, 0o755); // the daemons run as user frr
      lab = await createNetnsLab(uniqueNetnsPrefix(), [
        { name: 'rr1', addresses: ['10.98.0.1/16'] },
        { name: 'rr2', addresses: ['10.98.0.2/16'] },
        { name: 'c1', addresses: ['10.98.1.11/16'], loopbacks: ['10.202.11.1/24'] },
        { name: 'e1', addresses: ['10.98.2.21/16'], loopbacks: ['10.202.21.1/24'] },
        { name: 'e2', addresses: ['10.98.2.22/16'], loopbacks: ['10.202.22.1/24'] },
        { name: 'g', addresses: ['10.98.3.1/16'] },
      ]);
      for (const n of lab.nodes.values())
        nodes.set(n.name, await startFrrNode(n.netns, join(dir, n.name), { bfdd: n.name === 'g' }));
      rr1 = transportFor(node('rr1'));
      rr2 = transportFor(node('rr2'));
      await vtyshConfigure(node('c1').dir, speakerLines(65000, '10.98.1.11', '10.98.0.1', 65000, '10.202.11.0/24'));
      await vtyshConfigure(node('e1').dir, speakerLines(65010, '10.98.2.21', '10.98.0.1', 65000, '10.202.21.0/24'));
      await vtyshConfigure(node('e2').dir, speakerLines(64999, '10.98.2.22', '10.98.0.1', 65000, '10.202.22.0/24'));
    });

    afterAll(async () => {
      for (const n of nodes.values()) await n.stop().catch(() => undefined);
      await lab?.destroy();
      if (dir !== '') await rm(dir, { recursive: true, force: true });
    });

    it('reads an empty FRR as no managed groups', async () => {
      const session = await rr1.open(NEVER);
      expect(await session.readManaged(NEVER)).toEqual({
        groups: [],
        gracefulShutdown: false,
        wholeGroups: true,
        statementsRead: STATEMENT_KINDS,
      });
      expect(await session.bgpSessions(NEVER)).toEqual([]);
      await session.close();
    });

    it('stages the diff, commits, and reads back the managed state', async () => {
      const diff = await apply(rr1, testRrConfig(RR1));
      expect(diff).toContain('Lines To Add');
      expect(diff).toContain(' bgp listen range 10.98.1.0/24 peer-group MESHRR-CLIENTS');
      await apply(rr2, testRrConfig({ asn: 65000, routerId: '10.98.0.2', mesh: ['10.98.0.1'] }));
      const session = await rr1.open(NEVER);
      expect(await session.readManaged(NEVER)).toMatchObject({
        groups: [
          { name: 'MESHRR-CLIENTS', neighbors: [], allow: ['10.98.1.0/24'], peerAsRanges: [], clusterId: '10.98.0.1' },
          { name: 'MESHRR-MESH', neighbors: ['10.98.0.2'], allow: [], peerAsRanges: [], peerType: 'internal' },
          {
            name: 'MESHRR-RS',
            neighbors: [],
            allow: ['10.98.2.0/24'],
            peerAsRanges: [{ start: 65001, end: 65100 }],
            peerType: 'external',
            families: ['ipv4-unicast'],
          },
        ],
        gracefulShutdown: false,
        wholeGroups: true,
      });
      await session.close();
      expect(await readFile(join(node('rr1').dir, 'frr.conf'), 'utf8')).toContain(
        'neighbor 10.98.0.2 peer-group MESHRR-MESH',
      );
    });

    it('brings up the mesh, the listen-range client and the in-range route-server client', async () => {
      const wanted = (s: readonly BgpSessionState[]): boolean =>
        ['10.98.0.2', '10.98.1.11', '10.98.2.21', '10.98.2.22'].every((peer) =>
          s.some((x) => x.peer === peer && x.state === 'Established'),
        );
      let last: readonly BgpSessionState[] = [];
      await eventually(async () => wanted((last = await sessionsOf(rr1))), {
        what: 'rr1: mesh, client and both route-server sessions Established',
        describe: () => JSON.stringify(last),
      });
      const byPeer = new Map(last.map((s) => [s.peer, s]));
      expect(byPeer.get('10.98.0.2')).toMatchObject({
        group: 'MESHRR-MESH',
        dynamic: false,
        remoteAs: 65000,
        connectionsEstablished: 1,
      });
      expect(byPeer.get('10.98.1.11')).toMatchObject({
        group: 'MESHRR-CLIENTS',
        dynamic: true,
        remoteAs: 65000,
        connectionsEstablished: 1,
      });
      expect(byPeer.get('10.98.2.21')).toMatchObject({ group: 'MESHRR-RS', dynamic: true, remoteAs: 65010 });
      expect(byPeer.get('10.98.1.11')!.establishedForMs).toBeGreaterThanOrEqual(0);
    });

    it('refuses every route of an AS outside the route-server ranges (FRR 8.4 cannot refuse the session)', async () => {
      let seen: string[] = [];
      await eventually(
        async () => (seen = await rib(node('rr2'))).includes('10.202.21.0/24') && seen.includes('10.202.11.0/24'),
        { what: "rr2 learns c1's and e1's prefixes", describe: () => JSON.stringify(seen) },
      );
      expect(await rib(node('rr1'))).toEqual(['10.202.11.0/24', '10.202.21.0/24']);
      expect(await rib(node('rr2'))).toEqual(['10.202.11.0/24', '10.202.21.0/24']);
      const e2 = (await vtyshJson(node('rr1').dir, 'show bgp neighbors 10.98.2.22 json')) as Record<
        string,
        { addressFamilyInfo: { ipv4Unicast: { acceptedPrefixCounter: number } }; remoteAs: number }
      >;
      expect(e2['10.98.2.22']).toMatchObject({
        remoteAs: 64999,
        addressFamilyInfo: { ipv4Unicast: { acceptedPrefixCounter: 0 } },
      });
    });

    it('re-applying the same configuration is an empty diff and applies nothing', async () => {
      const file = join(node('rr1').dir, 'frr.conf');
      const before = { mtime: (await stat(file)).mtimeMs, sessions: await sessionsOf(rr1) };
      const session = await rr1.open(NEVER);
      const staged = await session.stage(change(testRrConfig(RR1)), NEVER);
      expect(staged.deviceDiff).toBe('');
      await session.commit({ comment: 'noop', confirmTimeoutS: 60 }, NEVER);
      await session.confirm(NEVER);
      await session.close();
      expect((await stat(file)).mtimeMs).toBe(before.mtime);
      const after = await sessionsOf(rr1);
      expect(after.map((s) => [s.peer, s.connectionsEstablished])).toEqual(
        before.sessions.map((s) => [s.peer, s.connectionsEstablished]),
      );
    });

    it("rejects an unknown command and a different AS with FRR's message, changing nothing", async () => {
      const session = await rr1.open(NEVER);
      const unknown = await rejection(
        session.stage(change(testRrConfig({ ...RR1, extraBgp: ['bogus command here'] })), NEVER),
      );
      expect(unknown.deviceMessages.some((m) => /% Unknown command: +bogus command here/.test(m))).toBe(true);
      const wrongAs = await rejection(session.stage(change(testRrConfig({ ...RR1, asn: 65001 })), NEVER));
      expect(wrongAs.deviceMessages).toEqual(['BGP is already running; AS is 65000']);
      // the lock was released: the next stage goes through and sees nothing to do
      expect((await session.stage(change(testRrConfig(RR1)), NEVER)).deviceDiff).toBe('');
      await session.abort(NEVER);
      expect((await session.readManaged(NEVER)).groups.map((g) => g.name)).toEqual([
        'MESHRR-CLIENTS',
        'MESHRR-MESH',
        'MESHRR-RS',
      ]);
      await session.close();
    });

    it('rolls back a change FRR refuses half-way through the reload, with its message', async () => {
      const before = await readFile(join(node('rr1').dir, 'frr.conf'), 'utf8');
      const session = await rr1.open(NEVER);
      // parses (so --test passes) but bgpd refuses it: it overlaps 10.98.1.0/24; the mesh change before it is applied first
      const body = testRrConfig({
        ...RR1,
        mesh: [],
        extraBgp: ['bgp listen range 10.98.1.0/25 peer-group MESHRR-CLIENTS'],
      });
      expect((await session.stage(change(body), NEVER)).deviceDiff).toContain('bgp listen range 10.98.1.0/25');
      const refused = await rejection(session.commit({ comment: 'half', confirmTimeoutS: 60 }, NEVER));
      expect(refused.deviceMessages.join('\n')).toMatch(/bgp listen range 10\.98\.1\.0\/25/);
      await session.abort(NEVER);
      const managed = await session.readManaged(NEVER);
      expect(managed.groups.find((g) => g.name === 'MESHRR-MESH')?.neighbors).toEqual(['10.98.0.2']);
      expect(managed.groups.find((g) => g.name === 'MESHRR-CLIENTS')?.allow).toEqual(['10.98.1.0/24']);
      expect((await session.stage(change(testRrConfig(RR1)), NEVER)).deviceDiff).toBe('');
      await session.abort(NEVER);
      await session.close();
      expect(await readFile(join(node('rr1').dir, 'frr.conf'), 'utf8')).toContain(
        'neighbor 10.98.0.2 peer-group MESHRR-MESH',
      );
      expect(before).toContain('neighbor 10.98.0.2 peer-group MESHRR-MESH');
    });

    it('applies graceful shutdown: routes from eBGP peers reach the mesh with GRACEFUL_SHUTDOWN', async () => {
      // FRR marks paths learned from eBGP peers (community 65535:0, local-pref 0), here e1's
      await apply(rr1, testRrConfig({ ...RR1, gracefulShutdown: true }));
      try {
        const session = await rr1.open(NEVER);
        expect((await session.readManaged(NEVER)).gracefulShutdown).toBe(true);
        await session.close();
        let seen = '';
        await eventually(
          async () => {
            seen = JSON.stringify(await vtyshJson(node('rr2').dir, 'show bgp ipv4 unicast 10.202.21.0/24 json'));
            return /graceful-shutdown|65535:0/.test(seen);
          },
          { what: 'rr2 sees 10.202.21.0/24 with GRACEFUL_SHUTDOWN', describe: () => seen },
        );
        expect(seen).toContain('"locPrf":0');
      } finally {
        await apply(rr1, testRrConfig(RR1));
      }
    });

    it('abort after commit restores the configuration from before the commit', async () => {
      const session = await rr1.open(NEVER);
      await session.stage(change(testRrConfig({ ...RR1, mesh: [] })), NEVER);
      await session.commit({ comment: 'drop mesh', confirmTimeoutS: 60 }, NEVER);
      expect((await session.readManaged(NEVER)).groups.find((g) => g.name === 'MESHRR-MESH')?.neighbors).toEqual([]);
      await session.abort(NEVER);
      expect((await session.readManaged(NEVER)).groups.find((g) => g.name === 'MESHRR-MESH')?.neighbors).toEqual([
        '10.98.0.2',
      ]);
      await session.close();
    });

    it('rolls back by itself when confirm does not come within the confirm timeout', async () => {
      const clock = new FakeClock();
      const transport = transportFor(node('rr1'), clock);
      const session = await transport.open(NEVER);
      await session.stage(change(testRrConfig({ ...RR1, clients: [] })), NEVER);
      await session.commit({ comment: 'unconfirmed', confirmTimeoutS: 30 }, NEVER);
      expect((await session.readManaged(NEVER)).groups.find((g) => g.name === 'MESHRR-CLIENTS')?.allow).toEqual([]);
      await clock.advance(30_000);
      await expect(session.confirm(NEVER)).rejects.toBeInstanceOf(TransportError);
      expect((await session.readManaged(NEVER)).groups.find((g) => g.name === 'MESHRR-CLIENTS')?.allow).toEqual([
        '10.98.1.0/24',
      ]);
      await session.close();
    });

    it('lets only one change be in flight: a second stage waits for the first to finish', async () => {
      const a = await rr1.open(NEVER);
      const b = await rr1.open(NEVER);
      await a.stage(change(testRrConfig(RR1)), NEVER);
      let bDone = false;
      const bStaged = b.stage(change(testRrConfig(RR1)), NEVER).then((s) => {
        bDone = true;
        return s;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(bDone).toBe(false);
      await a.abort(NEVER);
      expect((await bStaged).deviceDiff).toBe('');
      await b.close();
      await a.close();
    });

    describe('in-place changes (incremental vtysh lines)', () => {
      let reloadLog = '';
      let counted: FrrTransport;
      const reloadRuns = async (): Promise<string[]> =>
        (await readFile(reloadLog, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
      const inPlace = (target: TestRrConfig, lines: string[]): RenderedChange => ({
        ...change(testRrConfig(target)),
        incremental: { format: 'frr-vtysh', lines: ['router bgp 65000', ...lines, 'exit'] },
      });
      const mesh = async (): Promise<readonly string[] | undefined> => {
        const session = await rr1.open(NEVER);
        try {
          return (await session.readManaged(NEVER)).groups.find((g) => g.name === 'MESHRR-MESH')?.neighbors;
        } finally {
          await session.close();
        }
      };

      beforeAll(async () => {
        // frr-reload behind a wrapper that logs each run, so the tests can count them
        reloadLog = join(dir, 'reload-runs.log');
        const wrapper = join(dir, 'frr-reload-counted');
        await writeFile(wrapper, `#!/bin/sh\necho "$1" >> ${reloadLog}\nexec ${FRR_PROGRAMS.frrReload} "$@"\n`, {
          mode: 0o755,
        });
        counted = transportFor(node('rr1'), systemClock, wrapper);
        await apply(rr1, testRrConfig(RR1));
      });

      afterEach(async () => {
        await apply(rr1, testRrConfig(RR1));
        await rm(reloadLog, { force: true });
      });

      it('applies neighbors and listen ranges in one vtysh session, without frr-reload, and saves them on confirm', async () => {
        const before = await sessionsOf(rr1);
        const target = { ...RR1, mesh: ['10.98.0.2', '10.98.0.3'], clients: ['10.98.1.0/24', '10.98.4.0/24'] };
        const lines = [
          ' bgp listen range 10.98.4.0/24 peer-group MESHRR-CLIENTS',
          ' neighbor 10.98.0.3 peer-group MESHRR-MESH',
          // render-frr starts an added neighbor at once this way; it changes no configuration
          ' no neighbor 10.98.0.3 timers connect',
        ];
        const session = await counted.open(NEVER);
        const staged = await session.stage(inPlace(target, lines), NEVER);
        expect(staged.deviceDiff).toBe(`router bgp 65000\n${lines.join('\n')}\nexit\n`);
        await session.commit({ comment: 'in place', confirmTimeoutS: 60 }, NEVER);
        expect(await readFile(join(node('rr1').dir, 'frr.conf'), 'utf8')).not.toContain('10.98.0.3');
        await session.confirm(NEVER);
        expect((await session.readManaged(NEVER)).groups.map((g) => [g.name, g.neighbors, g.allow])).toEqual([
          ['MESHRR-CLIENTS', [], ['10.98.1.0/24', '10.98.4.0/24']],
          ['MESHRR-MESH', ['10.98.0.2', '10.98.0.3'], []],
          ['MESHRR-RS', [], ['10.98.2.0/24']],
        ]);
        await session.close();
        expect(await reloadRuns()).toEqual([]);
        expect(await readFile(join(node('rr1').dir, 'frr.conf'), 'utf8')).toContain(
          'neighbor 10.98.0.3 peer-group MESHRR-MESH',
        );
        // the whole file now has nothing left to do, and no Established session was reset
        const again = await counted.open(NEVER);
        expect((await again.stage(change(testRrConfig(target)), NEVER)).deviceDiff).toBe('');
        await again.abort(NEVER);
        await again.close();
        const after = new Map((await sessionsOf(rr1)).map((s) => [s.peer, s.connectionsEstablished]));
        for (const s of before.filter((x) => x.state === 'Established'))
          expect([s.peer, after.get(s.peer)]).toEqual([s.peer, s.connectionsEstablished]);
      });

      it('completes an in-place change on a device that drifted with the whole file (drift repair)', async () => {
        await vtyshConfigure(node('rr1').dir, ['router bgp 65000', 'neighbor 10.98.0.9 peer-group MESHRR-MESH']);
        const target = { ...RR1, mesh: ['10.98.0.2', '10.98.0.3'] };
        const session = await counted.open(NEVER);
        await session.stage(inPlace(target, [' neighbor 10.98.0.3 peer-group MESHRR-MESH']), NEVER);
        await session.commit({ comment: 'drifted', confirmTimeoutS: 60 }, NEVER);
        await session.confirm(NEVER);
        await session.close();
        expect(await mesh()).toEqual(['10.98.0.2', '10.98.0.3']);
        expect(await reloadRuns()).toEqual(['--reload', '--test']);
      });

      it('restores the configuration from before when FRR refuses a line half-way', async () => {
        const target = { ...RR1, mesh: ['10.98.0.2', '10.98.0.3', '10.98.0.4'] };
        const lines = [' neighbor 10.98.0.3 peer-group MESHRR-MESH', ' neighbor 10.98.0.4 peer-group NOPE'];
        const session = await counted.open(NEVER);
        await session.stage(inPlace(target, lines), NEVER);
        const refused = await rejection(session.commit({ comment: 'refused', confirmTimeoutS: 60 }, NEVER));
        expect(refused.deviceMessages.join('\n')).toContain('Configure the peer-group first');
        await session.abort(NEVER);
        await session.close();
        expect(await mesh()).toEqual(['10.98.0.2']);
      });
    });

    // One test per golden file: each runs frr-reload three times (stage, commit, re-stage), which
    // takes seconds on a busy machine; the suite's hang guard bounds each file, not all of them.
    it.each(GOLDEN_FILES)(
      'applies the render-frr golden file %s canonically (re-apply is empty) and reads it back',
      async (name) => {
        const g = transportFor(node('g'));
        const body = await readFile(join(GOLDEN_DIR, name), 'utf8');
        const asn = /^router bgp (\d+)$/m.exec(body)![1]!;
        const running = await readFile(join(node('g').dir, 'frr.conf'), 'utf8').catch(() => '');
        const old = /^router bgp (\d+)$/m.exec(running)?.[1];
        if (old !== undefined && old !== asn) await vtyshConfigure(node('g').dir, [`no router bgp ${old}`]);
        await apply(g, body);
        const session = await g.open(NEVER);
        expect((await session.stage(change(body), NEVER)).deviceDiff).toBe('');
        await session.abort(NEVER);
        // statement by statement, FRR's running configuration is the file: an in-place change has nothing to do
        const noop = { ...change(body), incremental: { format: 'frr-vtysh', lines: [`router bgp ${asn}`, 'exit'] } };
        expect((await session.stage(noop, NEVER)).deviceDiff).toBe('');
        await session.abort(NEVER);
        expect(await session.readManaged(NEVER)).toEqual(parseFrrRunningConfig(body));
        await session.close();
      },
    );

    it("a peer whose bgpd is killed: the session reports the reset as the peer's, and how long it is down", async () => {
      await apply(rr1, testRrConfig(RR1));
      let last: readonly BgpSessionState[] = [];
      const mesh = () => last.find((s) => s.peer === '10.98.0.2');
      await eventually(async () => ((last = await sessionsOf(rr1)), mesh()?.state === 'Established'), {
        what: 'rr1 ↔ rr2 Established',
        describe: () => JSON.stringify(mesh()),
      });
      const bgpd = node('rr2').bgpd;
      const exited = new Promise((resolve) => bgpd.once('exit', resolve));
      bgpd.kill('SIGKILL'); // a crash: the kernel closes its sockets, no NOTIFICATION
      await exited;
      await eventually(
        async () => (
          (last = await sessionsOf(rr1)),
          mesh()?.state !== 'Established' && mesh()?.resetByPeer === true && mesh()?.downForMs !== undefined
        ),
        { what: 'rr1 sees the mesh session to rr2 dropped by the peer', describe: () => JSON.stringify(mesh()) },
      );
      expect(mesh()).toMatchObject({ lastResetReason: 'Peer closed the session', resetByPeer: true });
      expect(mesh()!.downForMs).toBeGreaterThanOrEqual(0);
    });

    it('refuses BFD before applying anything when bfdd is not running, naming the fix', async () => {
      const body = await readFile(join(GOLDEN_DIR, 'dual-stack-session-options.conf'), 'utf8');
      // rr1 (no bfdd): rr2's bgpd is killed by the crash test before this one, g runs bfdd
      const session = await rr1.open(NEVER);
      const before = await session.readManaged(NEVER);
      const error = await rejection(session.stage(change(body), NEVER));
      expect(error.message).toContain("FRR's bfdd is not running");
      expect(error.message).toContain('enable bfdd in /etc/frr/daemons');
      expect(await session.readManaged(NEVER)).toEqual(before);
      await session.close();
    });

    it('reports a dead bgpd as a TransportError', async () => {
      const g = transportFor(node('g'));
      const session: ConfigSession = await g.open(NEVER);
      await node('g').stopBgpd();
      await expect(session.readManaged(NEVER)).rejects.toBeInstanceOf(TransportError);
      await expect(session.bgpSessions(NEVER)).rejects.toBeInstanceOf(TransportError);
      await expect(g.open(NEVER)).rejects.toBeInstanceOf(TransportError);
      await session.close();
    });
  },
);
