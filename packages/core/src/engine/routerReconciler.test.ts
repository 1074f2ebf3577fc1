import { describe, expect, it } from 'vitest';
import { DeviceRejectedError, TerminalError } from '../api/errors.js';
import type { SafetyConfig } from '../api/config.js';
import type { ManagedState } from '../api/state.js';
import { createTestContainer, type TestContainer } from '../testing/createTestContainer.js';
import { meshGroup, testConfig } from '../testing/testConfig.js';
import { ConfirmDeadlineError, confirmBudgetMs } from './confirmDeadline.js';
import { VerifyFailedError } from './routerReconciler.js';

const mesh = (...neighbors: string[]): ManagedState => ({
  gracefulShutdown: false,
  groups: [{ name: 'mesh', peerType: 'internal', neighbors, allow: [], peerAsRanges: [] }],
});
const neighbors = (h: TestContainer) => h.device.running.groups.find((g) => g.name === 'mesh')?.neighbors;
const signal = () => new AbortController().signal;

/** Syncs the memory source of `mesh` with `peers` through one discovery round. */
async function discover(h: TestContainer, peers: string[]): Promise<void> {
  h.memory.group('mesh').setPeers(peers);
  await h.discovery.discoverOnce(signal(), 1_000);
}

function setup(initial: ManagedState, safety: Partial<SafetyConfig> = {}) {
  return createTestContainer({
    config: testConfig({ safety: { vanishedHoldDownMs: 0, ...safety } }),
    initialState: initial,
  });
}

describe('RouterReconciler', () => {
  it('no commit when nothing changed', async () => {
    const h = setup(mesh('10.0.0.2', '10.0.0.3'));
    await discover(h, ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    const report = await h.reconciler.run(signal(), { plan: false });
    expect(report.outcome).toBe('unchanged');
    expect(report.requeueAfterMs).toBe(30_000);
    expect(h.device.callsOf('stage')).toEqual([]);
    expect(h.device.commits).toEqual([]);
    expect(h.status.current().lastOutcome?.result).toBe('unchanged');
  });

  it('adds a discovered peer in one confirmed commit and reuses the session', async () => {
    const h = setup(mesh('10.0.0.2'));
    h.device.establishConfigured();
    await discover(h, ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    const pass = h.reconciler.run(signal(), { plan: false });
    await h.clock.advance(5_000);
    const report = await pass;
    expect(report.outcome).toBe('committed');
    expect(neighbors(h)).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(h.device.commits.map((c) => [c.outcome, c.options])).toEqual([
      ['confirmed', { confirmTimeoutS: 120, comment: 'meshrr' }],
    ]);
    expect(h.logger.lines.filter((l) => l.message === 'peer added').map((l) => l.fields)).toMatchObject([
      { group: 'mesh', peer: '10.0.0.3' },
    ]);
    await h.reconciler.run(signal(), { plan: false });
    expect(h.device.sessionsOpened).toEqual([1]);
    expect(h.metrics.value('meshrr_commits_total', { result: 'confirmed' })).toBe(1);
    expect(h.status.current().lastCommitAt).toBe(h.clock.now());
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('a failed lookup never removes a peer', async () => {
    const h = setup(mesh('10.0.0.2', '10.0.0.3'));
    const ac = new AbortController();
    const discovery = h.discovery.start(ac.signal);
    await h.clock.settle();
    const source = h.memory.group('mesh');
    source.fail(new Error('SERVFAIL'));
    expect(h.discovery.health()[0]).toMatchObject({ synced: false, healthy: false, lastError: 'SERVFAIL' });
    expect((await h.reconciler.run(signal(), { plan: false })).outcome).toBe('unchanged');
    source.setPeers(['10.0.0.2', '10.0.0.3']);
    source.fail(new Error('timeout'));
    source.crash(new Error('partial answer'));
    await h.clock.advance(600_000);
    expect(h.discovery.health()[0]).toMatchObject({ synced: true, consecutiveFailures: 0 });
    source.fail(new Error('timeout'));
    expect(
      h.discovery
        .snapshot()
        .get('mesh')
        ?.map((p) => p.address),
    ).toEqual(['10.0.0.2', '10.0.0.3']);
    expect((await h.reconciler.run(signal(), { plan: false })).outcome).toBe('unchanged');
    expect(neighbors(h)).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(h.device.commits).toEqual([]);
    ac.abort();
    await discovery;
  });

  it('holds removals beyond the budget until the removal window allows them', async () => {
    const h = setup(mesh('10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'), { maxRemovalShare: 0.5 });
    await discover(h, ['10.0.0.2']);
    const pass = h.reconciler.run(signal(), { plan: false });
    await h.clock.advance(5_000);
    const report = await pass;
    expect(report.held).toEqual([{ group: 'mesh', peer: '10.0.0.5', action: 'hold', reason: 'removal-cap' }]);
    expect(h.device.commits[0]?.change.groups.map((g) => [g.name, g.removeNeighbors])).toEqual([
      ['mesh', ['10.0.0.3', '10.0.0.4']],
    ]);
    expect(neighbors(h)).toEqual(['10.0.0.2', '10.0.0.5']);
    expect(h.status.current().held).toEqual(report.held);
    expect(h.metrics.value('meshrr_peers_held', { group: 'mesh' })).toBe(1);
    expect(h.logger.lines.filter((l) => l.message === 'peer held').map((l) => l.fields)).toMatchObject([
      { group: 'mesh', peer: '10.0.0.5', reason: 'removal-cap' },
    ]);
    // the budget covers a window (issue 11 item 4): passes every resync keep holding it until the
    // first removal leaves the 300 s window (before, the next commit removed it)
    const firstRemovalAt = h.device.commits[0]!.at;
    let pass2 = await h.reconciler.run(signal(), { plan: false });
    while (h.clock.now() + pass2.requeueAfterMs <= firstRemovalAt + 300_000) {
      expect(pass2.held).toEqual(report.held);
      await h.clock.advance(pass2.requeueAfterMs);
      pass2 = await h.reconciler.run(signal(), { plan: false });
    }
    expect(h.device.commits).toHaveLength(1);
    expect(h.clock.now()).toBeGreaterThan(firstRemovalAt + 250_000);
    await h.clock.advance(pass2.requeueAfterMs);
    const next = h.reconciler.run(signal(), { plan: false });
    await h.clock.advance(5_000);
    expect((await next).held).toEqual([]);
    expect(neighbors(h)).toEqual(['10.0.0.2']);
  });

  it('holds a group at quorum', async () => {
    const h = setup(mesh('10.0.0.2', '10.0.0.3'), { maxRemovalShare: 1, minGroupPeers: 2 });
    await discover(h, []);
    const report = await h.reconciler.run(signal(), { plan: false });
    expect(report.outcome).toBe('unchanged');
    expect(report.held.map((d) => [d.peer, d.reason])).toEqual([
      ['10.0.0.2', 'quorum'],
      ['10.0.0.3', 'quorum'],
    ]);
    expect(h.device.callsOf('stage')).toEqual([]);
    expect(neighbors(h)).toEqual(['10.0.0.2', '10.0.0.3']);
  });

  it('never removes a whole unconfigured group beyond the share in one commit', async () => {
    const old: ManagedState = {
      gracefulShutdown: false,
      groups: [
        ...mesh('10.0.0.2').groups,
        { name: 'old', neighbors: ['10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.4'], allow: [], peerAsRanges: [] },
      ],
    };
    const h = setup(old);
    await discover(h, ['10.0.0.2']);
    const pass = h.reconciler.run(signal(), { plan: false }).catch((e: unknown) => e);
    await h.clock.advance(5_000);
    await pass;
    const remaining = h.device.running.groups.find((g) => g.name === 'old')?.neighbors ?? [];
    expect(remaining.length).toBeGreaterThanOrEqual(2);
  });

  it('rolls back (aborts) when an untouched session flaps during verify', async () => {
    const h = setup(mesh('10.0.0.2'));
    h.device.establishConfigured();
    await discover(h, ['10.0.0.2', '10.0.0.3']);
    const pass = h.reconciler.run(signal(), { plan: false });
    const failed = expect(pass).rejects.toBeInstanceOf(VerifyFailedError);
    await h.clock.advance(1_000);
    expect(h.device.pendingConfirm).toBe(true);
    h.device.flap('10.0.0.2');
    await h.clock.advance(4_000);
    await failed;
    await expect(pass).rejects.toThrow(
      'change rolled back: sessions it did not intend to touch were disturbed: session 10.0.0.2 (group mesh) flapped (connections 1 → 2)',
    );
    expect(h.device.commits.map((c) => c.outcome)).toEqual(['aborted']);
    expect(neighbors(h)).toEqual(['10.0.0.2']);
    expect(h.device.callsOf('confirm')).toEqual([]);
    expect(h.status.current().lastOutcome?.result).toBe('failed');
    expect(h.metrics.value('meshrr_commits_total', { result: 'rolled_back' })).toBe(1);
  });

  it('confirms when a peer that vanished from discovery during verify drops (it is departing, not disturbed)', async () => {
    const h = setup(mesh('10.0.0.2', '10.0.0.3'), { vanishedHoldDownMs: 30_000 });
    h.device.establishConfigured();
    await discover(h, ['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    const pass = h.reconciler.run(signal(), { plan: false });
    await h.clock.advance(1_000);
    await discover(h, ['10.0.0.2', '10.0.0.4']); // 10.0.0.3's pod is being deleted ...
    h.device.setBgpSessions(h.device.bgpSessions.map((s) => (s.peer === '10.0.0.3' ? { ...s, state: 'Active' } : s)));
    await h.clock.advance(4_000); // ... and its session drops before the verify ends
    await expect(pass).resolves.toMatchObject({ outcome: 'committed' });
    expect(h.device.commits.map((c) => c.outcome)).toEqual(['confirmed']);
  });

  it('confirms when the device blames an untouched session drop on the peer, and logs it', async () => {
    const h = setup(mesh('10.0.0.2', '10.0.0.3'));
    h.device.establishConfigured();
    await discover(h, ['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    const pass = h.reconciler.run(signal(), { plan: false });
    await h.clock.advance(1_000);
    h.device.setBgpSessions(
      h.device.bgpSessions.map((s) =>
        s.peer === '10.0.0.3'
          ? { ...s, state: 'Active', lastResetReason: 'Peer closed the session', resetByPeer: true }
          : s,
      ),
    );
    await h.clock.advance(4_000);
    await expect(pass).resolves.toMatchObject({ outcome: 'committed' });
    expect(h.logger.lines.find((l) => l.fields['peer'] === '10.0.0.3')?.message).toBe(
      'session disturbed during verify by its peer, not by this change; confirming',
    );
  });

  it('device rejection is terminal and surfaced in status', async () => {
    const h = setup(mesh());
    await discover(h, ['10.0.0.2']);
    h.device.failNext(
      'commit',
      new DeviceRejectedError('syntax error', { deviceMessages: ['syntax error'], devicePath: 'protocols bgp' }),
    );
    const error = await h.reconciler.run(signal(), { plan: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerminalError);
    expect(h.status.current().lastOutcome).toMatchObject({ result: 'terminal', error: 'syntax error' });
    expect(h.device.callsOf('abort')).toHaveLength(1);
    expect(h.metrics.value('meshrr_commits_total', { result: 'rejected' })).toBe(1);
    expect(h.device.running).toEqual(mesh());
  });

  it('a rejected change is retried with capped jittered backoff, re-reading the device (issue 11 item 2)', async () => {
    const h = setup(mesh());
    await discover(h, ['10.0.0.2']);
    const rejected = (path: string) =>
      new DeviceRejectedError('syntax error', { deviceMessages: ['syntax error'], devicePath: path });
    for (let i = 0; i < 8; i += 1) h.device.failNext('commit', rejected('[edit protocols bgp group mesh]'));
    h.clock.randomValue = 0.5;
    const key = { key: '10.0.0.1' };
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 8; i += 1) delays.push((await h.reconciler.reconcile(key, signal())).requeueAfterMs);
    // 5 s doubling to the 300 s cap, jitter 0.5 × 0.5 of each ceiling
    expect(delays).toEqual([3_750, 7_500, 15_000, 30_000, 60_000, 120_000, 225_000, 225_000]);
    expect(h.device.callsOf('readManaged')).toHaveLength(8);
    expect(h.metrics.value('meshrr_commits_total', { result: 'rejected' })).toBe(8);
    expect(h.metrics.value('meshrr_rejected_change_retries_total', {})).toBe(8);
    expect(h.metrics.value('meshrr_rejected_change_backoff_seconds', {})).toBe(225);
    expect(h.status.current().lastOutcome).toMatchObject({
      result: 'terminal',
      error: 'syntax error; retry 8 in 225 s',
    });
    // A rejection blaming configuration outside meshrr's groups says so, for the operator.
    h.device.failNext('commit', rejected('[edit protocols bgp group CUSTOMER-TRANSIT]'));
    await h.reconciler.reconcile(key, signal());
    expect(h.status.current().lastOutcome?.error).toBe(
      'syntax error (the device blames "[edit protocols bgp group CUSTOMER-TRANSIT]", outside meshrr\'s groups: fix it on the device); retry 9 in 225 s',
    );
    expect(
      h.logger.lines
        .filter((l) => l.message?.startsWith('device rejected the change'))
        .map((l) => l.fields['outsideManagedGroups']),
    ).toEqual([false, false, false, false, false, false, false, false, true]);
    // Once the device accepts, the backoff starts over.
    const pass = h.reconciler.reconcile(key, signal());
    await h.clock.advance(5_000);
    expect((await pass).requeueAfterMs).toBe(30_000);
    expect(h.metrics.value('meshrr_rejected_change_backoff_seconds', {})).toBe(0);
    expect(h.device.running).toEqual(mesh('10.0.0.2'));
    await discover(h, ['10.0.0.2', '10.0.0.3']);
    h.device.failNext('commit', rejected('x'));
    expect((await h.reconciler.reconcile(key, signal())).requeueAfterMs).toBe(3_750);
  });

  it('plan mode renders the change and never stages it', async () => {
    const h = setup(mesh());
    await discover(h, ['10.0.0.2']);
    const report = await h.reconciler.run(signal(), { plan: true });
    expect(report.outcome).toBe('planned');
    expect((JSON.parse(report.rendered!.body) as { change: unknown }).change).toEqual(
      JSON.parse(JSON.stringify(report.change)),
    );
    expect(report.decisions.filter((d) => d.action === 'add').map((d) => d.peer)).toEqual(['10.0.0.2']);
    expect(h.device.callsOf('stage')).toEqual([]);
    expect(h.logger.messages('info')).toContain('planned: peer added');
  });
});

describe('RouterReconciler before discovery has synced', () => {
  it('pushes nothing until every source delivered its first set, so client ranges never admit unknown mesh peers', async () => {
    const { meshGroup, subtractiveGroup } = await import('../testing/testConfig.js');
    const config = testConfig({ groups: [meshGroup('mesh'), subtractiveGroup('clients', ['10.0.0.0/30'])] });
    const h = createTestContainer({ config, initialState: { groups: [], gracefulShutdown: false } });
    const waiting = await h.reconciler.run(signal(), { plan: false });
    expect(waiting.rendered).toBeUndefined();
    expect(waiting.requeueAfterMs).toBe(30_000);
    expect(h.device.callsOf('stage')).toEqual([]);
    await discover(h, ['10.0.0.1', '10.0.0.2']);
    h.device.establishConfigured();
    const pass = h.reconciler.run(signal(), { plan: false });
    await h.clock.advance(5_000);
    expect((await pass).outcome).toBe('committed');
    expect(h.device.running.groups.find((g) => g.name === 'clients')?.allow).toEqual(['10.0.0.0/31', '10.0.0.3/32']);
  });

  it('after the initial-sync timeout, unsynced groups keep what the device has and the rest proceeds', async () => {
    const { meshGroup, subtractiveGroup } = await import('../testing/testConfig.js');
    const config = testConfig({ groups: [meshGroup('mesh'), subtractiveGroup('clients', ['10.0.0.0/30'])] });
    const h = createTestContainer({ config, initialState: mesh('10.0.0.2') });
    await h.reconciler.run(signal(), { plan: false });
    expect(h.device.commits).toEqual([]);
    await h.clock.advance(30_000);
    h.device.establishConfigured();
    const pass = h.reconciler.run(signal(), { plan: false });
    await h.clock.advance(5_000);
    expect((await pass).outcome).toBe('committed');
    expect(neighbors(h)).toEqual(['10.0.0.2']);
    expect(h.device.running.groups.find((g) => g.name === 'clients')?.allow).toEqual(['10.0.0.0/31', '10.0.0.3/32']);
  });

  describe('commit-confirmed deadline (issue 11 item 1)', () => {
    /** One pass against a device whose `method` takes `slowMs`; resolves with the report or the error. */
    async function slowPass(method: 'commit' | 'confirm', slowMs: number) {
      const h = setup(mesh('10.0.0.2'));
      h.device.establishConfigured();
      await discover(h, ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
      h.device.slowNext(method, slowMs);
      const started = h.clock.now();
      const pass = h.reconciler.run(signal(), { plan: false }).then(
        (report) => report,
        (error: unknown) => error,
      );
      await h.clock.advance(400_000);
      return { h, started, outcome: await pass };
    }

    it.each([
      ['confirm', 150_000],
      ['commit', 100_000],
    ] as const)('a %s slower than the window is never reported as success', async (method, slowMs) => {
      const { h, started, outcome } = await slowPass(method, slowMs);
      expect(outcome).toBeInstanceOf(ConfirmDeadlineError);
      expect((outcome as ConfirmDeadlineError).deadline).toBe(started + confirmBudgetMs(120));
      expect(neighbors(h)).toEqual(['10.0.0.2']);
      expect(h.device.pendingConfirm).toBe(false);
      expect(h.metrics.value('meshrr_commits_total', { result: 'expired' })).toBe(1);
      expect(h.metrics.value('meshrr_commits_total', { result: 'confirmed' })).toBe(0);
      expect(h.logger.lines.some((l) => l.message === 'change committed and confirmed')).toBe(false);
      expect(h.status.current().lastOutcome?.result).toBe('failed');
      expect(h.status.current().lastCommitAt).toBeUndefined();
      // The session was dropped; the retry re-reads the device and applies the change again.
      const retry = h.reconciler.run(signal(), { plan: false });
      await h.clock.advance(5_000);
      expect((await retry).outcome).toBe('committed');
      expect(h.device.sessionsOpened).toEqual([1, 2]);
      expect(neighbors(h)).toEqual(['10.0.0.2', '10.0.0.3']);
      expect(h.clock.pendingTimers).toBe(0);
    });

    it('every RPC after the commit is given the deadline: a confirm in time is success', async () => {
      const { h, outcome } = await slowPass('confirm', confirmBudgetMs(120) - 10_000);
      expect((outcome as { outcome?: string }).outcome).toBe('committed');
      expect(h.device.commits.map((c) => c.outcome)).toEqual(['confirmed']);
      expect(h.metrics.value('meshrr_commits_total', { result: 'expired' })).toBe(0);
    });
  });
});

describe('RouterReconciler: groups meshrr no longer owns, and an address wanted by two groups (issue 11 item 3)', () => {
  const groupsOf = (h: TestContainer) =>
    Object.fromEntries(h.device.running.groups.map((g) => [g.name, [...g.neighbors]]));

  async function passes(h: TestContainer, until: () => boolean): Promise<void> {
    for (let i = 0; i < 40 && !until(); i += 1) {
      const pass = h.reconciler.run(signal(), { plan: false });
      await h.clock.advance(5_000);
      const report = await pass;
      await h.clock.advance(report.requeueAfterMs);
    }
  }

  it('moves a renamed group one budget at a time, never planning an address into two groups, and removes the old group to its last neighbor', async () => {
    const h = createTestContainer({
      config: testConfig({ groups: [meshGroup('NEW')], safety: { vanishedHoldDownMs: 0 } }),
      initialState: {
        gracefulShutdown: false,
        groups: [{ name: 'OLD', neighbors: ['10.0.1.1', '10.0.1.2', '10.0.1.3'], allow: [], peerAsRanges: [] }],
      },
    });
    h.memory.group('NEW').setPeers(['10.0.1.1', '10.0.1.2', '10.0.1.3']);
    await h.discovery.discoverOnce(signal(), 1_000);
    const first = h.reconciler.run(signal(), { plan: false });
    await h.clock.advance(5_000);
    const report = await first; // before: NEW took all three while OLD kept two, and the device refused it
    expect(groupsOf(h)).toEqual({ NEW: ['10.0.1.1'], OLD: ['10.0.1.2', '10.0.1.3'] });
    expect(report.decisions).toContainEqual({ group: 'NEW', peer: '10.0.1.2', action: 'skip', reason: 'in-group:OLD' });
    await passes(h, () => groupsOf(h)['OLD'] === undefined);
    expect(groupsOf(h)).toEqual({ NEW: ['10.0.1.1', '10.0.1.2', '10.0.1.3'] });
    expect(h.device.commits.map((c) => c.outcome)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    const gaps = h.device.commits.slice(1).map((c, i) => c.at - h.device.commits[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(300_000);
  });

  it('a rejection naming a group meshrr is retiring is not blamed on configuration outside meshrr', async () => {
    const h = createTestContainer({
      config: testConfig({ groups: [meshGroup('NEW')], safety: { vanishedHoldDownMs: 0 } }),
      initialState: {
        gracefulShutdown: false,
        groups: [{ name: 'OLD', neighbors: ['10.0.1.1', '10.0.1.2'], allow: [], peerAsRanges: [] }],
      },
    });
    h.memory.group('NEW').setPeers(['10.0.1.1', '10.0.1.2']);
    await h.discovery.discoverOnce(signal(), 1_000);
    h.device.failNext(
      'commit',
      new DeviceRejectedError('syntax error', {
        deviceMessages: ['syntax error'],
        devicePath: '[edit protocols bgp group OLD]',
      }),
    );
    await h.reconciler.reconcile({ key: '10.0.0.1' }, signal());
    expect(h.status.current().lastOutcome?.error).toBe('syntax error; retry 1 in 5 s');
  });

  it('removes a group dropped from the configuration down to its last neighbor, one budget per window', async () => {
    const h = createTestContainer({
      config: testConfig({ groups: [meshGroup('mesh')], safety: { vanishedHoldDownMs: 0 } }),
      initialState: {
        gracefulShutdown: false,
        groups: [
          { name: 'gone', neighbors: ['10.0.1.1'], allow: [], peerAsRanges: [] },
          { name: 'mesh', neighbors: ['10.0.0.2'], allow: [], peerAsRanges: [] },
        ],
      },
    });
    await discover(h, ['10.0.0.2']);
    await passes(h, () => groupsOf(h)['gone'] === undefined);
    expect(groupsOf(h)).toEqual({ mesh: ['10.0.0.2'] });
  });

  it('puts an address two mesh groups discover in the first group of the file, and reports it in the other', async () => {
    const h = createTestContainer({
      config: testConfig({ groups: [meshGroup('A'), meshGroup('B')], safety: { vanishedHoldDownMs: 0 } }),
      initialState: { gracefulShutdown: false, groups: [] },
    });
    h.memory.group('A').setPeers(['10.0.0.5', '10.0.0.9']);
    h.memory.group('B').setPeers(['10.0.0.6', '10.0.0.9']);
    await h.discovery.discoverOnce(signal(), 1_000);
    const pass = h.reconciler.run(signal(), { plan: false });
    await h.clock.advance(5_000);
    const report = await pass;
    expect(groupsOf(h)).toEqual({ A: ['10.0.0.5', '10.0.0.9'], B: ['10.0.0.6'] });
    expect(report.decisions).toContainEqual({ group: 'B', peer: '10.0.0.9', action: 'skip', reason: 'in-group:A' });
    expect(h.logger.lines.filter((l) => l.message === 'peer skipped').map((l) => l.fields)).toMatchObject([
      { group: 'B', peer: '10.0.0.9', reason: 'in-group:A' },
    ]);
  });

  it('never moves a configured address because an earlier group discovers it too', async () => {
    const h = createTestContainer({
      config: testConfig({ groups: [meshGroup('A'), meshGroup('B')], safety: { vanishedHoldDownMs: 0 } }),
      initialState: {
        gracefulShutdown: false,
        groups: [{ name: 'B', neighbors: ['10.0.0.9'], allow: [], peerAsRanges: [] }],
      },
    });
    h.memory.group('A').setPeers(['10.0.0.9']);
    h.memory.group('B').setPeers(['10.0.0.9']);
    await h.discovery.discoverOnce(signal(), 1_000);
    const pass = h.reconciler.run(signal(), { plan: false });
    await h.clock.advance(5_000);
    const report = await pass;
    expect(groupsOf(h)).toEqual({ A: [], B: ['10.0.0.9'] });
    expect(report.decisions).toContainEqual({ group: 'A', peer: '10.0.0.9', action: 'skip', reason: 'in-group:B' });
  });
});
