import { createHash } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeDesiredState,
  DeviceRejectedError,
  EMPTY_PEER_MEMORY,
  EMPTY_REMOVAL_LEDGER,
  guardRemovals,
  observeSizes,
  recordRemovals,
  systemClock,
  type DiscoveredPeer,
  type ManagedState,
  type MeshrrConfig,
  type RemovalLedger,
  type RenderedChange,
} from '@meshrr/core';
import { MemoryLogger, meshGroup, testConfig } from '@meshrr/core/testing';
import { FrrTransport } from './transport.js';
import { FRR_PROGRAMS, realFrrUnavailable, startFrrNode, type FrrNode } from './testing-support/frrNode.js';
import { createNetnsLab, uniqueNetnsPrefix, type NetnsLab } from './testing-support/netns.js';

/*
 * Issue 11 item 3 against real FRR 8.4: a mesh group renamed in the configuration (OLD → NEW).
 * FRR refuses a neighbor in two peer-groups, which the plan made before the fix asked for (NEW took
 * every discovered peer while the guards kept OLD's last ones). The engine's planning (core's
 * computeDesiredState, guards and removal ledger, as the reconciler chains them) now moves the
 * neighbors one removal budget at a time; every step is applied to FRR and read back from it.
 */
const unavailable = await realFrrUnavailable();
const required = process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1';
const NEVER = new AbortController().signal;
const PEERS = ['10.97.0.11', '10.97.0.12', '10.97.0.13'];
const WINDOW_MS = 300_000;

/** A canonical frr.conf with meshrr's peer-groups (the shape render-frr renders: adapters never import each other). */
function frrConf(groups: ReadonlyArray<{ name: string; neighbors: readonly string[] }>): string {
  const lines = [
    'frr version 8.4.4',
    'frr defaults traditional',
    'service integrated-vtysh-config',
    '!',
    'router bgp 65000',
    ' bgp router-id 10.97.0.1',
    ' no bgp default ipv4-unicast',
    ...groups.flatMap((g) => [
      ` neighbor ${g.name} peer-group`,
      ` neighbor ${g.name} remote-as internal`,
      ` neighbor ${g.name} description meshrr`,
    ]),
    ...groups.flatMap((g) => g.neighbors.map((ip) => ` neighbor ${ip} peer-group ${g.name}`)),
    ' !',
    ' address-family ipv4 unicast',
    ...groups.map((g) => `  neighbor ${g.name} activate`),
    ' exit-address-family',
    'exit',
    '!',
  ];
  return `${lines.join('\n')}\n`;
}

function change(desired: {
  readonly groups: ReadonlyArray<{ name: string; neighbors: readonly string[] }>;
}): RenderedChange {
  const body = frrConf(desired.groups);
  return { platform: 'frr', format: 'frr-conf', body, digest: createHash('sha256').update(body).digest('hex') };
}

async function apply(transport: FrrTransport, rendered: RenderedChange): Promise<void> {
  const session = await transport.open(NEVER);
  try {
    await session.stage(rendered, NEVER);
    await session.commit({ comment: 'test', confirmTimeoutS: 60 }, NEVER);
    await session.confirm(NEVER);
  } finally {
    await session.close();
  }
}

async function read(transport: FrrTransport): Promise<ManagedState> {
  const session = await transport.open(NEVER);
  try {
    return await session.readManaged(NEVER);
  } finally {
    await session.close();
  }
}

/** One reconcile pass as RouterReconciler chains it: pass 1, guards, pass 2, commit, ledger. */
async function pass(
  transport: FrrTransport,
  config: MeshrrConfig,
  discovered: ReadonlyMap<string, readonly DiscoveredPeer[]>,
  ledger: RemovalLedger,
  now: number,
): Promise<RemovalLedger> {
  const actual = await read(transport);
  const input = {
    config,
    identity: { routerId: '10.97.0.1', addresses: ['10.97.0.1'] },
    discovered,
    actual,
    sessions: [],
    memory: EMPTY_PEER_MEMORY,
    now,
    gracefulShutdown: false,
  };
  const first = computeDesiredState(input);
  const seen = observeSizes(ledger, actual, now, WINDOW_MS);
  const held = guardRemovals(actual, first.change, config.safety, seen, now);
  const result = held.length === 0 ? first : computeDesiredState({ ...input, held });
  if (result.change.groups.length === 0) return seen;
  await apply(transport, change(result.desired));
  return recordRemovals(seen, result.change, actual, now);
}

describe.skipIf(unavailable !== undefined && !required)('a renamed mesh group against real FRR 8.4', () => {
  let lab: NetnsLab | undefined;
  let dir = '';
  let node: FrrNode | undefined;
  let transport: FrrTransport;

  beforeAll(async () => {
    if (unavailable !== undefined)
      throw new Error(`MESHRR_REQUIRE_REAL_SERVERS=1 but real FRR cannot run: ${unavailable}`);
    dir = await mkdtemp(join(tmpdir(), 'meshrr-frr-rename-'));
    await chmod(dir, 0o755); // the daemons run as user frr
    lab = await createNetnsLab(uniqueNetnsPrefix(), [{ name: 'rr', addresses: ['10.97.0.1/16'] }]);
    node = await startFrrNode(lab.nodes.get('rr')!.netns, join(dir, 'rr'));
    transport = new FrrTransport(
      {
        vtyDir: node.dir,
        configFile: join(node.dir, 'frr.conf'),
        vtysh: FRR_PROGRAMS.vtysh,
        frrReload: FRR_PROGRAMS.frrReload,
      },
      systemClock,
      new MemoryLogger(),
    );
  });

  afterAll(async () => {
    await node?.stop().catch(() => undefined);
    await lab?.destroy();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('FRR refuses the plan made before the fix: the renamed group’s held neighbors in two peer-groups', async () => {
    await apply(transport, change({ groups: [{ name: 'OLD', neighbors: PEERS }] }));
    const session = await transport.open(NEVER);
    try {
      const error = await session
        .stage(
          change({
            groups: [
              { name: 'NEW', neighbors: PEERS },
              { name: 'OLD', neighbors: PEERS.slice(1) },
            ],
          }),
          NEVER,
        )
        .then(() => session.commit({ comment: 'dup', confirmTimeoutS: 60 }, NEVER))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(DeviceRejectedError);
    } finally {
      await session.abort(NEVER).catch(() => undefined);
      await session.close();
    }
    // Nothing of the refused change reached FRR: OLD alone, with every neighbor it had.
    const after = await read(transport);
    expect(after.gracefulShutdown).toBe(false);
    expect(after.groups.map((g) => ({ name: g.name, neighbors: g.neighbors, allow: g.allow }))).toEqual([
      { name: 'OLD', neighbors: PEERS, allow: [] },
    ]);
  });

  it('moves the neighbors to the new group one budget per window, FRR accepting every step, and removes the old group', async () => {
    const config = testConfig({ groups: [meshGroup('NEW')], safety: { removalWindowMs: WINDOW_MS } });
    const discovered = new Map([['NEW', PEERS.map((address) => ({ address, labels: {} }))]]);
    let ledger = EMPTY_REMOVAL_LEDGER;
    const seen: ManagedState[] = [];
    for (let step = 0; step < 3; step += 1) {
      ledger = await pass(transport, config, discovered, ledger, step * WINDOW_MS);
      seen.push(await read(transport));
    }
    expect(seen.map((s) => Object.fromEntries(s.groups.map((g) => [g.name, g.neighbors])))).toEqual([
      { NEW: ['10.97.0.11'], OLD: ['10.97.0.12', '10.97.0.13'] },
      { NEW: ['10.97.0.11', '10.97.0.12'], OLD: ['10.97.0.13'] },
      { NEW: PEERS },
    ]);
  });
});
