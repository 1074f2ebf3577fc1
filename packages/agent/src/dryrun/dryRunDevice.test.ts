import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  computeDesiredState,
  EMPTY_PEER_MEMORY,
  toManagedState,
  type ManagedState,
  type MeshrrConfig,
  type Renderer,
} from '@meshrr/core';
import { meshGroup, subtractiveGroup, testConfig } from '@meshrr/core/testing';
import { DryRunDevice } from './dryRunDevice.js';

const renderer: Renderer = {
  platform: 'junos',
  renderChange: ({ change }) => ({
    platform: 'junos',
    format: 'test',
    body: JSON.stringify(change),
    digest: String(change.groups.length),
  }),
};
const config = testConfig({ groups: [meshGroup('MESH'), subtractiveGroup('CLIENTS', ['10.0.0.0/8'])] });
const peers = Array.from({ length: 300 }, (_, i) => `10.${i >> 8}.${i & 255}.7`);
const signal = new AbortController().signal;
let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

/** One pass of the engine against `device`: read, compute with `discovered`, commit, confirm. */
async function pass(
  device: DryRunDevice,
  discovered: readonly string[],
  configured: MeshrrConfig = config,
): Promise<ManagedState> {
  const recording = device.recordingRenderer(renderer);
  const session = await device.transport().open(signal);
  const actual = await session.readManaged(signal);
  const { desired, change } = computeDesiredState({
    config: configured,
    identity: { routerId: '10.255.0.1', addresses: ['10.255.0.1'] },
    discovered: new Map([['MESH', discovered.map((address) => ({ address, labels: {} }))]]),
    actual,
    sessions: [],
    memory: EMPTY_PEER_MEMORY,
    now: 0,
    gracefulShutdown: false,
  });
  await session.stage(recording.renderChange({ desired, actual, change }), signal);
  await session.commit({ confirmTimeoutS: 60, comment: 'test' }, signal);
  await session.confirm(signal);
  return deviceState(toManagedState(desired));
}

/** What a device holds for an owned state: the statements, not meshrr's ownership marks. */
function deviceState(owned: ReturnType<typeof toManagedState>): ManagedState {
  const { owned: _router, ...state } = owned;
  return { ...state, groups: state.groups.map(({ owned: _group, ...group }) => group) };
}

describe('DryRunDevice', () => {
  it('journals small changes, snapshots when the journal outgrows the snapshot, and reads back the last state', async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshrr-dryrun-'));
    const device = new DryRunDevice(dir, 'junos');
    await pass(device, peers);
    const snapshot = (await stat(join(dir, 'managed-state.json'))).size;
    let expected: ManagedState | undefined;
    for (let n = 1; n <= 3; n += 1) expected = await pass(device, [...peers, `10.200.0.${n}`]);
    expect((await stat(join(dir, 'managed-state.json'))).size).toBe(snapshot);
    const journal = await readFile(join(dir, 'managed-state.changes.jsonl'), 'utf8');
    expect(journal.trim().split('\n')).toHaveLength(3);
    expect(journal.length).toBeLessThan(snapshot / 4);
    const plan = JSON.parse(await readFile(join(dir, 'changes', '0004.plan.json'), 'utf8')) as {
      desired: { groups: Array<{ name: string; neighbors: unknown }> };
    };
    expect(plan.desired.groups.find((g) => g.name === 'MESH')!.neighbors).toMatchObject({
      count: 303,
      first: expect.any(Array),
    });
    expect(await readdir(join(dir, 'changes'))).toHaveLength(8);

    const reopened = await new DryRunDevice(dir, 'junos').transport().open(signal);
    expect(await reopened.readManaged(signal)).toStrictEqual(expected);

    // Many changes: the journal is folded into a new snapshot before it outgrows it.
    for (let n = 4; n <= 40; n += 1) expected = await pass(device, [...peers.slice(n), `10.200.0.${n}`]);
    const journalAfter = (await stat(join(dir, 'managed-state.changes.jsonl'))).size;
    expect(journalAfter).toBeLessThanOrEqual((await stat(join(dir, 'managed-state.json'))).size);
    const again = await new DryRunDevice(dir, 'junos').transport().open(signal);
    expect(await again.readManaged(signal)).toStrictEqual(expected);
  });

  it('gives a group created by a journaled change its statements back when another process reads the device', async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshrr-dryrun-'));
    await pass(new DryRunDevice(dir, 'junos'), peers);
    const grown = testConfig({
      groups: [
        meshGroup('MESH'),
        subtractiveGroup('CLIENTS', ['10.0.0.0/8']),
        subtractiveGroup('RS', ['192.0.2.0/24'], { asRanges: [{ start: 65001, end: 65010 }] }),
      ],
    });
    const expected = await pass(new DryRunDevice(dir, 'junos'), peers, grown);
    expect((await readFile(join(dir, 'managed-state.changes.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
    const read = await (await new DryRunDevice(dir, 'junos').transport().open(signal)).readManaged(signal);
    expect(read.groups.find((g) => g.name === 'RS')).toMatchObject({ peerType: 'external', multihop: { ttl: 10 } });
    expect(read).toStrictEqual(expected);
  });
});
