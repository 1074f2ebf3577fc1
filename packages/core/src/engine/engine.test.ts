import { describe, expect, it } from 'vitest';
import { DeviceRejectedError, TransportError } from '../api/errors.js';
import { createTestContainer, type TestContainer } from '../testing/createTestContainer.js';
import { groupChange, meshGroup, subtractiveGroup, testConfig } from '../testing/testConfig.js';
import type { ManagedState } from '../api/state.js';

/** The device already has the (empty) managed group, so the start-up reconcile has nothing to do. */
const emptyMesh: ManagedState = {
  gracefulShutdown: false,
  groups: [{ name: 'mesh', peerType: 'internal', neighbors: [], allow: [], peerAsRanges: [] }],
};

function run(h: TestContainer) {
  const ac = new AbortController();
  const running = h.engine.start(ac.signal);
  return {
    stop: async () => {
      ac.abort();
      await running;
    },
  };
}

describe('Engine (end to end with the memory source and FakeTransport)', () => {
  it('a discovered peer is added with exactly one commit of the expected change', async () => {
    const h = createTestContainer({ initialState: emptyMesh });
    const engine = run(h);
    await h.clock.advance(1_000);
    expect(h.device.commits).toEqual([]);
    h.memory.group('mesh').setPeers(['10.0.0.1', '10.0.0.2']);
    await h.clock.advance(500); // quiescence min
    await h.clock.advance(5_000); // verify
    expect(h.device.commits).toHaveLength(1);
    expect(h.device.commits[0]).toMatchObject({
      outcome: 'confirmed',
      change: {
        groups: [groupChange('mesh', { addNeighbors: ['10.0.0.2'] })],
      },
    });
    expect(h.device.running.groups.map((g) => [g.name, g.neighbors])).toEqual([['mesh', ['10.0.0.2']]]);
    await h.clock.advance(120_000); // resyncs find nothing to do
    expect(h.device.commits).toHaveLength(1);
    expect(h.device.callsOf('readManaged').length).toBeGreaterThan(2);
    expect(h.status.current().lastOutcome?.result).toBe('unchanged');
    await engine.stop();
    expect(h.clock.pendingTimers).toBe(0);
    expect(h.device.callsOf('close')).toHaveLength(1);
  });

  it('transport loss drops the session and retries', async () => {
    const h = createTestContainer({ initialState: emptyMesh });
    const engine = run(h);
    await h.clock.settle();
    expect(h.device.sessionsOpened).toEqual([1]);
    h.device.dropConnections();
    h.device.failNext('open', new TransportError('connection refused'));
    h.memory.group('mesh').setPeers(['10.0.0.2']);
    await h.clock.advance(500); // reconcile: readManaged fails, session dropped
    expect(h.status.current().lastOutcome?.result).toBe('failed');
    await h.clock.advance(100); // backoff: open refused
    await h.clock.advance(200); // backoff: new session, commit
    await h.clock.advance(5_000);
    expect(h.device.sessionsOpened).toEqual([1, 2]);
    expect(h.device.commits.map((c) => [c.session, c.outcome])).toEqual([[2, 'confirmed']]);
    await engine.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('retries a device rejection with backoff, without waiting for discovery to change (issue 11 item 2)', async () => {
    const h = createTestContainer({ initialState: emptyMesh });
    const engine = run(h);
    await h.clock.settle();
    h.device.failNext('stage', new DeviceRejectedError('unknown statement', { deviceMessages: ['unknown statement'] }));
    h.device.failNext('stage', new DeviceRejectedError('unknown statement', { deviceMessages: ['unknown statement'] }));
    h.memory.group('mesh').setPeers(['10.0.0.2']);
    await h.clock.advance(1_000);
    expect(h.device.callsOf('stage')).toHaveLength(1);
    expect(h.status.current().lastOutcome).toMatchObject({
      result: 'terminal',
      error: 'unknown statement; retry 1 in 5 s',
    });
    await h.clock.advance(5_000); // the first retry (5 s, FakeClock jitter 0) is rejected again
    expect(h.device.callsOf('stage')).toHaveLength(2);
    expect(h.device.callsOf('readManaged').length).toBeGreaterThanOrEqual(2);
    await h.clock.advance(10_000 + 5_000); // the second retry (10 s) commits and verifies
    expect(h.device.callsOf('stage')).toHaveLength(3);
    expect(h.device.commits.map((c) => c.outcome)).toEqual(['confirmed']);
    expect(h.metrics.value('meshrr_commits_total', { result: 'rejected' })).toBe(2);
    await engine.stop();
  });

  it('plan runs one discovery round and reports without committing', async () => {
    const h = createTestContainer({ engine: { mode: 'plan' }, initialState: emptyMesh });
    h.memory.group('mesh').setPeers(['10.0.0.2']);
    const plan = await h.engine.plan(new AbortController().signal);
    expect(plan.outcome).toBe('planned');
    expect(plan.sources.map((s) => [s.group, s.synced])).toEqual([['mesh', true]]);
    expect(plan.change.groups.map((g) => g.addNeighbors)).toEqual([['10.0.0.2']]);
    expect(h.device.callsOf('stage')).toEqual([]);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('drain commits graceful shutdown without a verify wait, then settles well inside its budget', async () => {
    const h = createTestContainer({
      config: testConfig(),
      initialState: {
        gracefulShutdown: false,
        groups: [{ name: 'mesh', peerType: 'internal', neighbors: ['10.0.0.2'], allow: [], peerAsRanges: [] }],
      },
    });
    h.device.establishConfigured();
    const engine = run(h);
    h.memory.group('mesh').setPeers(['10.0.0.2']);
    await h.clock.advance(1_000);
    let drained = false;
    const drain = h.engine
      .drain({ signal: new AbortController().signal, budgetMs: 60_000 })
      .then(() => (drained = true));
    await h.clock.advance(100);
    expect(h.device.running.gracefulShutdown).toBe(true);
    expect(h.device.commits.map((c) => [c.change.gracefulShutdown, c.outcome])).toEqual([[true, 'confirmed']]);
    expect(drained).toBe(false);
    // the fake device reports no update counters: settled once sessions stayed unchanged for 1 s
    await h.clock.advance(1_200);
    await drain;
    expect(drained).toBe(true);
    expect(h.logger.messages('info')).toContain('draining: peers have the lowered preference; settled');
    await engine.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('runs the built-in static source bound by coreModule', async () => {
    const config = testConfig({
      groups: [
        {
          kind: 'mesh',
          name: 'mesh',
          source: { sourcetype: 'static', options: { addresses: ['10.0.0.1', '10.0.0.7'] } },
        },
      ],
    });
    const h = createTestContainer({ config, initialState: emptyMesh });
    const engine = run(h);
    await h.clock.advance(500);
    await h.clock.advance(5_000);
    expect(h.device.running.groups.map((g) => g.neighbors)).toEqual([['10.0.0.7']]);
    await engine.stop();
  });

  it('refuses to start on an unknown sourcetype', async () => {
    const h = createTestContainer({
      config: testConfig({ groups: [{ kind: 'mesh', name: 'm', source: { sourcetype: 'consul', options: {} } }] }),
    });
    await expect(h.engine.start(new AbortController().signal)).rejects.toThrow(
      'source.sourcetype "consul" is not a known discovery source type; known: memory, static',
    );
  });
});

describe('Engine session monitor', () => {
  it('refreshes session status and metrics between reconciles, every sessionPollMs', async () => {
    const initial: ManagedState = {
      gracefulShutdown: false,
      groups: [{ name: 'mesh', peerType: 'internal', neighbors: ['10.0.0.2'], allow: [], peerAsRanges: [] }],
    };
    const h = createTestContainer({ initialState: initial });
    h.memory.group('mesh').setPeers(['10.0.0.1', '10.0.0.2']);
    const engine = run(h);
    await h.clock.advance(1_000);
    expect(h.status.current().sessions).toEqual([]);
    h.device.establishConfigured();
    await h.clock.advance(5_000);
    expect(h.status.current().sessions.map((s) => [s.peer, s.state])).toEqual([['10.0.0.2', 'Established']]);
    expect(h.metrics.value('meshrr_bgp_sessions', { group: 'mesh', state: 'Established' })).toBe(1);
    await engine.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });
});

describe('Engine: BGP sessions are an input', () => {
  const upstream: ManagedState = {
    gracefulShutdown: false,
    groups: [{ name: 'up', peerType: 'internal', neighbors: ['10.0.1.1'], allow: [], peerAsRanges: [] }],
  };
  const session = (peer: string, state: 'Established' | 'Active') => ({
    peer,
    group: 'up',
    state,
    connectionsEstablished: 1,
  });
  /** One upstream of two candidates (max_peers 1, hold 3 s), Established, after 2 s of running. */
  const upstreamUp = async () => {
    const config = testConfig({
      groups: [meshGroup('up', { maxPeers: 1 })],
      selection: { ...testConfig().selection, sessionDownHoldMs: 3_000, balanceDelayMs: 600_000 },
      commit: { confirmTimeoutS: 120, comment: 'meshrr', verifyMs: 1_000 },
    });
    const h = createTestContainer({ config, initialState: upstream });
    h.device.setBgpSessions([session('10.0.1.1', 'Established')]);
    h.memory.group('up').setPeers(['10.0.1.1', '10.0.1.2']);
    const engine = run(h);
    await h.clock.advance(2_000);
    return { h, engine };
  };

  it('a session leaving Established triggers a reconcile at once; past the hold the replacement is added, and the failed peer goes once it is Established', async () => {
    const { h, engine } = await upstreamUp();
    expect(h.device.commits).toEqual([]);
    const downAt = h.clock.now();
    h.device.setBgpSessions([session('10.0.1.1', 'Active')]);
    await h.clock.advance(5_000); // next poll (≤ 1 s) + the 3 s hold
    expect(h.device.commits.map((c) => c.change.groups[0]?.addNeighbors)).toEqual([['10.0.1.2']]);
    expect(h.device.commits[0]!.at - downAt).toBeLessThanOrEqual(1_000 + 3_000);
    expect(h.device.running.groups[0]!.neighbors).toEqual(['10.0.1.1', '10.0.1.2']); // make before break
    await h.clock.advance(2_000);
    const upAt = h.clock.now();
    h.device.setBgpSessions([session('10.0.1.1', 'Active'), session('10.0.1.2', 'Established')]);
    await h.clock.advance(3_000);
    expect(h.device.commits.map((c) => c.change.groups[0]?.removeNeighbors)).toEqual([[], ['10.0.1.1']]);
    expect(h.device.commits[1]!.at - upAt).toBeLessThanOrEqual(1_000);
    expect(h.device.commits.map((c) => c.outcome)).toEqual(['confirmed', 'confirmed']);
    expect(h.metrics.value('meshrr_bgp_upstream_sessions', { group: 'up' })).toBe(1);
    await engine.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('the session-down hold counts from the poll that saw the drop, even when the reconcile that follows is slow', async () => {
    const { h, engine } = await upstreamUp();
    const downAt = h.clock.now();
    h.device.setBgpSessions([session('10.0.1.1', 'Active')]); // the device does not say when
    h.device.slowNext('readManaged', 2_500); // the reconcile the drop triggers reads slowly
    await h.clock.advance(8_000);
    const [first] = h.device.commits;
    expect(first?.change.groups[0]?.addNeighbors).toEqual(['10.0.1.2']);
    expect(first!.at - downAt).toBeLessThanOrEqual(1_000 + 3_000); // poll interval + hold, not + the slow read
    await engine.stop();
  });

  it('commits the replacement exactly when the hold ends, counted from when the device says the session dropped', async () => {
    const { h, engine } = await upstreamUp();
    const readsBefore = h.device.callsOf('bgpSessions').length;
    h.device.setBgpSessions([{ ...session('10.0.1.1', 'Active'), downForMs: 700 }]);
    await h.clock.advance(1_000); // the next poll sees the drop
    const droppedAt = h.device.callsOf('bgpSessions')[readsBefore]!.at - 700;
    await h.clock.advance(droppedAt + 3_000 - 1 - h.clock.now());
    expect(h.device.commits).toEqual([]);
    await h.clock.advance(1); // the pass requeued for the hold's end, not a later poll or resync
    expect(h.device.commits.map((c) => [c.at - droppedAt, c.change.groups[0]?.addNeighbors])).toEqual([
      [3_000, ['10.0.1.2']],
    ]);
    await h.clock.advance(2_000); // verify and confirm
    await engine.stop();
  });

  it('failover swaps are neither held nor counted by the removal budget: two failovers inside one window both complete', async () => {
    const config = testConfig({
      groups: [meshGroup('up', { maxPeers: 1 })],
      selection: { ...testConfig().selection, sessionDownHoldMs: 3_000, balanceDelayMs: 600_000 },
      commit: { confirmTimeoutS: 120, comment: 'meshrr', verifyMs: 1_000 },
    });
    const h = createTestContainer({ config, initialState: upstream });
    h.device.setBgpSessions([session('10.0.1.1', 'Established')]);
    h.memory.group('up').setPeers(['10.0.1.1', '10.0.1.2', '10.0.1.3']);
    const engine = run(h);
    await h.clock.advance(2_000);
    const neighbors = () => h.device.running.groups[0]!.neighbors;
    const failOver = async (from: string) => {
      h.device.setBgpSessions([session(from, 'Active')]);
      await h.clock.advance(6_000); // poll + hold + commit + verify
      const [to] = neighbors().filter((p) => p !== from);
      h.device.setBgpSessions([session(from, 'Active'), session(to!, 'Established')]);
      await h.clock.advance(4_000);
      return to!;
    };
    const first = await failOver('10.0.1.1');
    expect(neighbors()).toEqual([first]);
    const second = await failOver(first); // well inside the 300 s removal window
    expect(neighbors()).toEqual([second]);
    expect(h.metrics.value('meshrr_peers_held', { group: 'up' }) ?? 0).toBe(0);
    await engine.stop();
  });

  it('publishes clients per subtractive group and upstream sessions per max_peers group', async () => {
    const config = testConfig({
      groups: [meshGroup('up', { maxPeers: 2 }), subtractiveGroup('clients', ['10.9.0.0/16'])],
      selection: { ...testConfig().selection, balanceDelayMs: 600_000 },
    });
    const h = createTestContainer({ config, initialState: upstream });
    h.memory.group('up').setPeers(['10.0.1.1']);
    h.device.setBgpSessions([
      session('10.0.1.1', 'Established'),
      { peer: '10.9.0.1', group: 'clients', state: 'Established', dynamic: true },
      { peer: '10.9.0.2', group: 'clients', state: 'Established', dynamic: true },
      { peer: '10.9.0.3', group: 'clients', state: 'Active', dynamic: true },
    ]);
    const engine = run(h);
    await h.clock.advance(7_000); // the first change (the clients group) commits and confirms
    expect(h.metrics.value('meshrr_bgp_clients', { group: 'clients' })).toBe(2);
    expect(h.metrics.value('meshrr_bgp_upstream_sessions', { group: 'up' })).toBe(1);
    await engine.stop();
  });
});
