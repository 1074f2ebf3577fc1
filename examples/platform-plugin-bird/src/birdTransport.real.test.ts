import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeviceRejectedError,
  diffManagedState,
  isEmptyChange,
  systemClock,
  toManagedState,
  TransportError,
  verifySessions,
  type BgpSessionState,
  type ConfigSession,
  type DesiredRouterConfig,
  type ManagedState,
  type RenderedChange,
} from '@meshrr/core';
import { eventually, MemoryLogger } from '@meshrr/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birdOptionsSchema } from './options.js';
import { birdPlatform, renderOptionsOf } from './platform.js';
import { BirdRenderer } from './render/birdRenderer.js';
import { BirdTransport } from './session/birdTransport.js';
import {
  peerConfig,
  realBirdUnavailable,
  startBirdLab,
  type BirdLab,
  type BirdNode,
} from './testing-support/birdLab.js';
import { goldenCases } from './testing-support/goldenCases.js';

/** The statements every desired group carries (families and ownership; BIRD renders none of them). */
const PLAIN_GROUP = { families: ['ipv4-unicast'], familyTransport: 'all', owned: ['type'] } as const;

/**
 * What a transport on the first platform contract reads back for `desired`: members, ranges and AS
 * lists of each group and graceful shutdown (no statement kinds, so the engine compares none).
 */
function firstContractState(desired: DesiredRouterConfig): ManagedState {
  const full = toManagedState(desired);
  return {
    groups: full.groups.map(({ name, neighbors, allow, peerAsRanges }) => ({ name, neighbors, allow, peerAsRanges })),
    gracefulShutdown: full.gracefulShutdown,
  };
}

/*
 * Real BIRD 2 daemons in network namespaces created here: rr (the system under test, configured only
 * through BirdTransport) meshes with rr2, reflects for c1 (iBGP client, dynamic range) and serves
 * e1 (AS 65010, inside the route-server AS ranges) and e2 (AS 64999, outside them).
 */
const unavailable = await realBirdUnavailable();
const required = process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1';
if (unavailable !== undefined && !required) console.warn(`\n*** SKIPPING real-BIRD tests: ${unavailable} ***\n`);

const NEVER = new AbortController().signal;
const ASN = 65000;

function desired(overrides: Partial<DesiredRouterConfig> = {}): DesiredRouterConfig {
  return {
    routerId: '10.96.0.1',
    asn: { value: ASN, text: String(ASN) },
    mode: 'ipv4rr',
    gracefulShutdown: false,
    decisions: [],
    groups: [
      {
        name: 'CLIENTS',
        kind: 'subtractive',
        peerType: 'internal',
        neighbors: [],
        allow: ['10.96.0.8/29'],
        ...PLAIN_GROUP,
        peerAsRanges: [],
      },
      {
        name: 'MESH',
        kind: 'mesh',
        peerType: 'internal',
        neighbors: ['10.96.0.2'],
        allow: [],
        ...PLAIN_GROUP,
        peerAsRanges: [],
      },
      {
        name: 'RS',
        kind: 'subtractive',
        peerType: 'external',
        neighbors: [],
        allow: ['10.96.0.16/28'],
        ...PLAIN_GROUP,
        peerAsRanges: [{ start: 65001, end: 65100 }],
      },
    ],
    ...overrides,
  };
}

describe.skipIf(unavailable !== undefined && !required)(
  'BIRD transport against real BIRD 2 in network namespaces',
  () => {
    let root: string;
    let lab: BirdLab;
    let rr: BirdNode;
    let renderer: BirdRenderer;
    let transport: BirdTransport;
    const options = birdOptionsSchema.parse({ connect_delay_seconds: 1, hold_time_seconds: 9 });

    const render = (goal: DesiredRouterConfig): RenderedChange =>
      renderer.renderChange({ desired: goal, actual: toManagedState(goal), change: { groups: [] } });

    async function apply(goal: DesiredRouterConfig): Promise<string> {
      const session = await transport.open(NEVER);
      try {
        const staged = await session.stage(render(goal), NEVER);
        await session.commit({ comment: 'test', confirmTimeoutS: 60 }, NEVER);
        await session.confirm(NEVER);
        return staged.deviceDiff;
      } finally {
        await session.close();
      }
    }

    async function sessions(): Promise<readonly BgpSessionState[]> {
      const session = await transport.open(NEVER);
      try {
        return await session.bgpSessions(NEVER);
      } finally {
        await session.close();
      }
    }

    async function managed(): Promise<ReturnType<ConfigSession['readManaged']>> {
      const session = await transport.open(NEVER);
      try {
        return await session.readManaged(NEVER);
      } finally {
        await session.close();
      }
    }

    const summary = (list: readonly BgpSessionState[]): string =>
      list.map((s) => `${s.peer}=${s.state}/${s.group ?? '-'}${s.dynamic === true ? '*' : ''}`).join(' ');

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'meshrr-bird-'));
      const rrOptions = birdOptionsSchema.parse({
        config_file: join(root, 'rr', 'bird.conf'),
        control_socket: join(root, 'rr', 'bird.ctl'),
        connect_delay_seconds: 1,
        hold_time_seconds: 9,
      });
      const platform = birdPlatform(rrOptions, {
        logger: new MemoryLogger(),
        clock: systemClock,
        metrics: undefined as never,
        baseDir: root,
      });
      const initial = await platform.initializer!.render({
        config: { asn: { value: ASN, text: String(ASN) }, mode: 'ipv4rr' } as never,
        identity: { routerId: '10.96.0.1', addresses: ['10.96.0.1'] },
        env: {},
        preview: false,
      });
      const rr1 = { address: '10.96.0.1', asn: ASN };
      lab = await startBirdLab(root, [
        { name: 'rr', address: '10.96.0.1/24', config: initial.text },
        {
          name: 'rr2',
          address: '10.96.0.2/24',
          loopbacks: ['10.202.2.1/24'],
          config: peerConfig({ routerId: '10.96.0.2', asn: ASN, neighbors: [rr1] }),
        },
        {
          name: 'c1',
          address: '10.96.0.11/24',
          loopbacks: ['10.201.1.1/24'],
          config: peerConfig({ routerId: '10.96.0.11', asn: ASN, neighbors: [rr1] }),
        },
        {
          name: 'e1',
          address: '10.96.0.21/24',
          loopbacks: ['10.240.1.1/24'],
          config: peerConfig({ routerId: '10.96.0.21', asn: 65010, neighbors: [rr1] }),
        },
        {
          name: 'e2',
          address: '10.96.0.22/24',
          loopbacks: ['10.240.66.1/24'],
          config: peerConfig({ routerId: '10.96.0.22', asn: 64999, neighbors: [rr1] }),
        },
      ]);
      rr = lab.node('rr');
      renderer = new BirdRenderer(renderOptionsOf(options));
      transport = new BirdTransport(
        { configFile: rr.configFile, controlSocket: rr.socket, commandTimeoutMs: 30_000 },
        systemClock,
        new MemoryLogger(),
      );
    });

    afterAll(async () => {
      await lab?.destroy();
      await rm(root, { recursive: true, force: true });
    });

    it('starts from the initial bird.conf meshrr init writes: no managed group, BIRD running', async () => {
      expect(await managed()).toEqual({ groups: [], gracefulShutdown: false });
    });

    it('every golden rendering is a configuration BIRD accepts (configure check)', async () => {
      const includeDir = join(root, 'include');
      await mkdir(includeDir, { recursive: true });
      await writeFile(join(includeDir, 'meshrr-local.conf'), 'define MESHRR_LOCAL_POLICY = 1;\n');
      for (const golden of goldenCases(includeDir)) {
        const body = new BirdRenderer(golden.options).renderChange({
          desired: golden.desired,
          actual: toManagedState(golden.desired),
          change: { groups: [] },
        }).body;
        const file = join(root, `golden-${golden.name}.conf`);
        await writeFile(file, body);
        expect(await rr.text(`configure check "${file}"`), golden.name).toContain('Configuration OK');
      }
    });

    it('applies mesh, client and route-server groups: sessions up, state read back, routes reflected and AS-filtered', async () => {
      const goal = desired();
      const diff = await apply(goal);
      expect(diff).toContain("+ protocol bgp 'MESH:10.96.0.2' from meshrr_session {");
      const expected =
        '10.96.0.2=Established/MESH 10.96.0.11=Established/CLIENTS* 10.96.0.21=Established/RS* 10.96.0.22=Established/RS*';
      await eventually(async () => summary(await sessions()) === expected, {
        what: 'rr: every session Established',
        describe: async () => summary(await sessions()),
      });
      expect(await managed()).toEqual(firstContractState(goal));
      // the engine sees no drift on a platform that reads back no statement kind
      expect(isEmptyChange(diffManagedState(await managed(), toManagedState(goal)))).toBe(true);
      const rr2 = lab.node('rr2');
      const c1 = lab.node('c1');
      await eventually(
        async () =>
          (await rr2.text('show route 10.201.1.0/24')).includes('10.201.1.0/24') &&
          (await rr2.text('show route 10.240.1.0/24')).includes('10.240.1.0/24') &&
          (await c1.text('show route 10.202.2.0/24')).includes('10.202.2.0/24'),
        { what: 'client, route-server and mesh routes spread', describe: () => rr.text('show route') },
      );
      // AS 64999 is outside the route server's ranges: its session is up, its routes refused
      expect(await rr.text('show route 10.240.66.0/24')).not.toContain('10.240.66.0/24');
      expect(await rr2.text('show route 10.240.66.0/24')).not.toContain('10.240.66.0/24');
    });

    it('switches RFC 8326 graceful shutdown on without resetting a session', async () => {
      const before = await sessions();
      await apply(desired({ gracefulShutdown: true }));
      expect((await managed()).gracefulShutdown).toBe(true);
      const rr2 = lab.node('rr2');
      const route = await eventually(
        async () => {
          const text = await rr2.text('show route 10.201.1.0/24 all');
          return text.includes('(65535,0)') ? text : undefined;
        },
        {
          what: 'rr2 receives the client route with GRACEFUL_SHUTDOWN',
          describe: () => rr2.text('show route 10.201.1.0/24 all'),
        },
      );
      expect(route).toMatch(/BGP\.local_pref: 0\b/);
      const after = await sessions();
      expect(
        verifySessions({ before, after, change: { groups: [] }, actual: toManagedState(desired()) }).disturbed,
      ).toEqual([]);
    });

    it('refuses a change BIRD cannot parse at configure check, touching nothing', async () => {
      const file = await readFile(rr.configFile, 'utf8');
      const session = await transport.open(NEVER);
      try {
        const bad = { ...render(desired()), body: `${render(desired()).body}protocol bgp 'broken' { nonsense; }\n` };
        const error = await session.stage(bad, NEVER).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DeviceRejectedError);
        expect((error as DeviceRejectedError).devicePath).toMatch(/bird\.conf\.meshrr-candidate:\d+:\d+$/);
        expect((error as Error).message).toContain('syntax error');
      } finally {
        await session.close();
      }
      expect(await readFile(rr.configFile, 'utf8')).toBe(file);
      await expect(stat(`${rr.configFile}.meshrr-candidate`)).rejects.toThrow();
    });

    it('abort after a commit puts the previous file back and BIRD on it', async () => {
      const previous = await readFile(rr.configFile, 'utf8');
      const session = await transport.open(NEVER);
      try {
        await session.stage(render(desired({ groups: [] })), NEVER);
        await session.commit({ comment: 'test', confirmTimeoutS: 60 }, NEVER);
        expect((await session.readManaged(NEVER)).groups).toEqual([]);
        await session.abort(NEVER);
      } finally {
        await session.close();
      }
      expect(await readFile(rr.configFile, 'utf8')).toBe(previous);
      expect(await managed()).toEqual(firstContractState(desired({ gracefulShutdown: true })));
      await expect(stat(`${rr.configFile}.meshrr-previous`)).rejects.toThrow();
      expect(await rr.text('configure status')).not.toContain('unconfirmed');
    });

    it('a confirm after BIRD’s own undo timer expired fails and leaves file and daemon on the previous configuration', async () => {
      const previous = await readFile(rr.configFile, 'utf8');
      const session = await transport.open(NEVER);
      try {
        await session.stage(render(desired({ groups: [], gracefulShutdown: true })), NEVER);
        await session.commit({ comment: 'test', confirmTimeoutS: 1 }, NEVER);
        await eventually(async () => (await lab.node('rr').text('show protocols')).includes('MESH:10.96.0.2'), {
          what: 'BIRD undoing the unconfirmed change by itself',
        });
        const error = await session.confirm(NEVER).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TransportError);
        expect((error as Error).message).toContain('confirm timeout passed');
      } finally {
        await session.close();
      }
      expect(await readFile(rr.configFile, 'utf8')).toBe(previous);
      expect(await managed()).toEqual(firstContractState(desired({ gracefulShutdown: true })));
    });

    it('rolls back a change an agent committed and never confirmed, when the next agent opens', async () => {
      const previous = await readFile(rr.configFile, 'utf8');
      const dying = await transport.open(NEVER);
      await dying.stage(render(desired({ groups: [], gracefulShutdown: true })), NEVER);
      await dying.commit({ comment: 'test', confirmTimeoutS: 300 }, NEVER);
      expect((await dying.readManaged(NEVER)).groups).toEqual([]);
      // the agent dies here: no confirm, no abort; a new agent (a new transport) starts
      const next = new BirdTransport(
        { configFile: rr.configFile, controlSocket: rr.socket, commandTimeoutMs: 30_000 },
        systemClock,
        new MemoryLogger(),
      );
      const session = await next.open(NEVER);
      try {
        expect(await session.readManaged(NEVER)).toEqual(firstContractState(desired({ gracefulShutdown: true })));
      } finally {
        await session.close();
      }
      expect(await readFile(rr.configFile, 'utf8')).toBe(previous);
      await expect(stat(`${rr.configFile}.meshrr-previous`)).rejects.toThrow();
      expect(await rr.text('configure status')).not.toContain('unconfirmed');
    });
  },
);
