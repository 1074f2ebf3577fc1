import { describe, expect, it } from 'vitest';
import { TransportError } from '../api/errors.js';
import type { ManagedChange } from '../api/state.js';
import { FakeClock } from './fakeClock.js';
import { FakeDevice } from './fakeDevice.js';
import { FakeRenderer } from './fakeRenderer.js';
import { FakeTransport } from './fakeTransport.js';

const signal = new AbortController().signal;
const addPeer = (peer: string): ManagedChange => ({
  groups: [
    {
      name: 'mesh',
      create: true,
      remove: false,
      addNeighbors: [peer],
      removeNeighbors: [],
      addAllow: [],
      removeAllow: [],
    },
  ],
});
const render = (change: ManagedChange) =>
  new FakeRenderer().renderChange({
    change,
    actual: { groups: [], gracefulShutdown: false },
    desired: {
      routerId: '10.0.0.1',
      asn: { value: 1, text: '1' },
      mode: 'ipv4rr',
      groups: [],
      gracefulShutdown: false,
      decisions: [],
    },
  });

describe('FakeDevice', () => {
  it('applies a confirmed commit and keeps it when confirmed', async () => {
    const clock = new FakeClock();
    const device = new FakeDevice(clock);
    const session = await new FakeTransport(device).open(signal);
    const staged = await session.stage(render(addPeer('10.0.0.2')), signal);
    expect(staged.deviceDiff).not.toBe('');
    await session.commit({ confirmTimeoutS: 60, comment: 'meshrr' }, signal);
    await session.confirm(signal);
    await clock.advance(120_000);
    expect(device.running.groups).toEqual([{ name: 'mesh', neighbors: ['10.0.0.2'], allow: [], peerAsRanges: [] }]);
    expect(device.commits.map((c) => c.outcome)).toEqual(['confirmed']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rolls back a confirmed commit that is not confirmed in time', async () => {
    const clock = new FakeClock();
    const device = new FakeDevice(clock);
    const session = await new FakeTransport(device).open(signal);
    await session.stage(render(addPeer('10.0.0.2')), signal);
    await session.commit({ confirmTimeoutS: 60, comment: 'meshrr' }, signal);
    await clock.advance(59_999);
    expect(device.running.groups).toHaveLength(1);
    await clock.advance(1);
    expect(device.running.groups).toEqual([]);
    expect(device.commits.map((c) => c.outcome)).toEqual(['rolled-back']);
  });

  it('fails any call on demand, records every call, and loses sessions on a dropped connection', async () => {
    const clock = new FakeClock();
    const device = new FakeDevice(clock);
    const transport = new FakeTransport(device);
    device.failNext('open', new TransportError('refused'));
    await expect(transport.open(signal)).rejects.toThrow('refused');
    const session = await transport.open(signal);
    device.failNext('readManaged', new Error('boom'));
    await expect(session.readManaged(signal)).rejects.toThrow('boom');
    await expect(session.readManaged(signal)).resolves.toEqual({ groups: [], gracefulShutdown: false });
    device.dropConnections();
    await expect(session.bgpSessions(signal)).rejects.toBeInstanceOf(TransportError);
    expect(device.calls.map((c) => `${c.session}:${c.method}`)).toEqual([
      '0:open',
      '1:open',
      '1:readManaged',
      '1:readManaged',
      '1:bgpSessions',
    ]);
  });

  it('flaps a session by counting one more connection', () => {
    const device = new FakeDevice(new FakeClock(), {
      groups: [{ name: 'mesh', neighbors: ['10.0.0.2'], allow: [], peerAsRanges: [] }],
      gracefulShutdown: false,
    });
    device.establishConfigured();
    device.flap('10.0.0.2');
    expect(device.bgpSessions).toEqual([
      { peer: '10.0.0.2', group: 'mesh', state: 'Established', connectionsEstablished: 2, establishedForMs: 0 },
    ]);
  });
});
