import { describe, expect, it } from 'vitest';
import type { SafetyConfig } from '../api/config.js';
import { TransportError } from '../api/errors.js';
import type { ManagedState } from '../api/state.js';
import { createTestContainer, type TestContainer } from '../testing/createTestContainer.js';
import { MemorySafetyStateStore } from '../testing/memorySafetyState.js';
import { testConfig } from '../testing/testConfig.js';
import { decodeSafetyState, encodeSafetyState, SAFETY_STATE_VERSION, SafetyStateError } from './ledgerState.js';
import { EMPTY_REMOVAL_LEDGER, exhaustedLedger, groupBudget } from './removalLedger.js';
import { SafetyStateSaveError } from './routerReconciler.js';

const WINDOW = 300_000;
const SEVEN = ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.8'];
const mesh = (...neighbors: string[]): ManagedState => ({
  gracefulShutdown: false,
  groups: [{ name: 'mesh', peerType: 'internal', neighbors, allow: [], peerAsRanges: [] }],
});
const neighbors = (h: TestContainer) => h.device.running.groups.find((g) => g.name === 'mesh')?.neighbors ?? [];
const signal = () => new AbortController().signal;
const safety: Partial<SafetyConfig> = { vanishedHoldDownMs: 0, maxRemovalShare: 0.5, removalWindowMs: WINDOW };

/** An agent (its own container and `FakeClock` starting at `startAt`) on `device`'s state and `store`. */
function agent(device: ManagedState, store: MemorySafetyStateStore | undefined, startAt?: number): TestContainer {
  return createTestContainer({
    config: testConfig({ safety }),
    initialState: device,
    ...(store === undefined ? {} : { safetyState: store }),
    ...(startAt === undefined ? {} : { startAt }),
  });
}

/** One pass with discovery listing `peers`; the clock runs past the verify wait. */
async function pass(h: TestContainer, peers: readonly string[]) {
  h.memory.group('mesh').setPeers([...peers]);
  await h.discovery.discoverOnce(signal(), 1_000);
  const running = h.reconciler.run(signal(), { plan: false });
  running.catch(() => undefined); // a failing pass is awaited (and checked) by the caller
  await h.clock.advance(5_000);
  return running;
}

/**
 * Passes at every requeue (the clock running as the controller would) while the next one comes
 * before `until`; each must hold and commit nothing. Returns the last report.
 */
async function holdsUntil(h: TestContainer, peers: readonly string[], until: number, held: number) {
  const commits = h.device.commits.length;
  let report = await pass(h, peers);
  while (h.clock.now() + report.requeueAfterMs < until) {
    expect(report.held.filter((d) => d.reason === 'removal-cap')).toHaveLength(held);
    expect(h.device.commits).toHaveLength(commits);
    await h.clock.advance(report.requeueAfterMs);
    report = await pass(h, peers);
  }
  expect(h.device.commits).toHaveLength(commits);
  await h.clock.advance(report.requeueAfterMs);
  return report;
}

describe('safety state: the removal ledger outlives the agent (issue 11 item 4)', () => {
  it('a restarted agent on the same state keeps holding a mass removal until the window passes', async () => {
    const store = new MemorySafetyStateStore();
    const first = agent(mesh(...SEVEN), store);
    const report = await pass(first, ['10.0.0.2', '10.0.0.3']);
    expect(report.outcome).toBe('committed');
    expect(neighbors(first)).toHaveLength(4); // floor(0.5 × 7) = 3 removed, 2 held
    expect(report.held.map((d) => d.reason)).toEqual(['removal-cap', 'removal-cap']);
    const removedAt = first.device.commits[0]!.at;

    // the agent restarts 10 s later on the same state: the removal stays held
    const second = agent(first.device.running, store, first.clock.now() + 10_000);
    const again = await pass(second, ['10.0.0.2', '10.0.0.3']);
    expect(again.held.map((d) => d.reason)).toEqual(['removal-cap', 'removal-cap']);
    expect(second.device.commits).toEqual([]);
    expect(neighbors(second)).toHaveLength(4);
    expect(second.logger.lines.some((l) => l.message.startsWith('removal ledger restored'))).toBe(true);

    // the same restart without the state (before the fix) removed one more share at once
    const forgetful = agent(first.device.running, undefined, first.clock.now() + 10_000);
    await pass(forgetful, ['10.0.0.2', '10.0.0.3']);
    expect(neighbors(forgetful)).toHaveLength(2);

    // held at every pass until the window has passed, then the held removals go
    await holdsUntil(second, ['10.0.0.2', '10.0.0.3'], removedAt + WINDOW, 2);
    expect(second.clock.now()).toBeGreaterThanOrEqual(removedAt + WINDOW);
    const later = await pass(second, ['10.0.0.2', '10.0.0.3']);
    expect(later.held).toEqual([]);
    expect(neighbors(second)).toEqual(['10.0.0.2', '10.0.0.3']);
  });

  it('a restart after the window has passed starts with the full budget', async () => {
    const store = new MemorySafetyStateStore();
    const first = agent(mesh(...SEVEN), store);
    await pass(first, ['10.0.0.2', '10.0.0.3']);
    const second = agent(first.device.running, store, first.device.commits[0]!.at + WINDOW + 1);
    const report = await pass(second, ['10.0.0.2', '10.0.0.3']);
    expect(report.held).toEqual([]);
    expect(neighbors(second)).toEqual(['10.0.0.2', '10.0.0.3']);
  });

  it.each([
    [
      'corrupt (cut short)',
      (s: MemorySafetyStateStore) => (s.text = '{"kind":"meshrr-safety-state","vers'),
      'is not JSON',
    ],
    [
      'of an unknown version',
      (s: MemorySafetyStateStore) =>
        (s.text = JSON.stringify({ kind: 'meshrr-safety-state', version: 2, savedAt: 0, removalLedger: {} })),
      'has version 2; this agent reads version 1 only',
    ],
    [
      'unreadable',
      (s: MemorySafetyStateStore) => (s.failReads = new Error('EACCES: permission denied')),
      'cannot be read (EACCES',
    ],
  ])(
    'a saved state that is %s: a warning naming the file, and every removal is held for one window',
    async (_what, spoil, message) => {
      const store = new MemorySafetyStateStore('/var/lib/meshrr/safety-state.json');
      spoil(store);
      const h = agent(mesh('10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'), store);
      const startedAt = h.clock.now();
      const report = await pass(h, ['10.0.0.2', '10.0.0.3', '10.0.0.4']);
      expect(report.held).toEqual([{ group: 'mesh', peer: '10.0.0.5', action: 'hold', reason: 'removal-cap' }]);
      expect(h.device.commits).toEqual([]);
      const warning = h.logger.lines.find((l) => l.level === 'warn' && l.message.includes('saved removal ledger'));
      expect(warning?.message).toContain('/var/lib/meshrr/safety-state.json');
      expect(warning?.message).toContain(message);
      expect(warning?.message).toContain('spent for one window');
      await holdsUntil(h, ['10.0.0.2', '10.0.0.3', '10.0.0.4'], startedAt + WINDOW, 1);
      expect(h.clock.now()).toBeGreaterThanOrEqual(startedAt + WINDOW);
      const later = await pass(h, ['10.0.0.2', '10.0.0.3', '10.0.0.4']);
      expect(later.held).toEqual([]);
      expect(neighbors(h)).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    },
  );

  it('saves each removal before the commit; a commit that never reached the device does not spend the budget', async () => {
    const store = new MemorySafetyStateStore();
    const first = agent(mesh(...SEVEN), store);
    first.device.failNext('commit', new TransportError('connection reset'));
    await expect(pass(first, ['10.0.0.2', '10.0.0.3'])).rejects.toThrow(TransportError);
    expect(first.device.commits).toEqual([]);
    // saved before the commit was sent: pending, counted until a read of the device settles it
    const saved = decodeSafetyState(store.text!, first.clock.now(), WINDOW);
    expect(saved.removals).toHaveLength(3);
    expect(saved.removals.every((r) => r.pending === true && neighbors(first).includes(r.peer))).toBe(true);
    // a restarted agent reads the device: the peers are still configured, so the removals did not happen
    const second = agent(first.device.running, store, first.clock.now() + 1_000);
    const report = await pass(second, ['10.0.0.2', '10.0.0.3']);
    expect(report.outcome).toBe('committed');
    expect(neighbors(second)).toHaveLength(4);
  });

  it('a removal the device took before the agent stopped counts after the restart, though never confirmed', async () => {
    const store = new MemorySafetyStateStore();
    const first = agent(mesh(...SEVEN), store);
    await pass(first, ['10.0.0.2', '10.0.0.3']);
    // as if the agent died between commit and confirm: the saved ledger still says pending
    const saved = decodeSafetyState(store.text!, first.clock.now(), WINDOW);
    store.text = encodeSafetyState(
      { ...saved, removals: saved.removals.map((r) => ({ ...r, pending: true as const })) },
      first.clock.now(),
    );
    const second = agent(first.device.running, store, first.clock.now() + 1_000);
    const report = await pass(second, ['10.0.0.2', '10.0.0.3']);
    expect(report.held.map((d) => d.reason)).toEqual(['removal-cap', 'removal-cap']);
    expect(second.device.commits).toEqual([]);
  });

  it('a removal that cannot be saved is not committed', async () => {
    const store = new MemorySafetyStateStore('/state/safety-state.json');
    store.failWrites = new Error('ENOSPC: no space left on device');
    const h = agent(mesh(...SEVEN), store);
    const failed = await pass(h, ['10.0.0.2', '10.0.0.3']).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(SafetyStateSaveError);
    expect((failed as Error).message).toContain('/state/safety-state.json');
    expect(h.device.commits).toEqual([]);
    expect(h.device.callsOf('commit')).toEqual([]);
    expect(neighbors(h)).toHaveLength(7);
  });

  it('a change that removes nothing writes no state', async () => {
    const store = new MemorySafetyStateStore();
    const h = agent(mesh('10.0.0.2'), store);
    const report = await pass(h, ['10.0.0.2', '10.0.0.3']);
    expect(report.outcome).toBe('committed');
    expect(store.writes).toEqual([]);
  });
});

describe('safety state encoding', () => {
  const now = Date.UTC(2026, 0, 1);
  it('round-trips a ledger (removals, pending ones, sizes, the exhaustion marker)', () => {
    const ledger = {
      removals: [
        { group: 'mesh', peer: '10.0.0.2', at: now - 1_000 },
        { group: 'mesh', peer: '10.0.0.3', at: now - 500, pending: true as const },
      ],
      sizes: new Map([['mesh', [{ at: now - 2_000, size: 7 }]]]),
      exhaustedUntil: now + 1_000,
    };
    expect(decodeSafetyState(encodeSafetyState(ledger, now), now, WINDOW)).toEqual(ledger);
    expect(decodeSafetyState(encodeSafetyState(EMPTY_REMOVAL_LEDGER, now), now, WINDOW)).toEqual(EMPTY_REMOVAL_LEDGER);
  });

  it('counts a time after now (the clock went back) as now, and an exhaustion marker ends within one window', () => {
    const text = encodeSafetyState(
      {
        removals: [{ group: 'mesh', peer: '10.0.0.2', at: now + 86_400_000 }],
        sizes: new Map(),
        exhaustedUntil: now + 86_400_000,
      },
      now,
    );
    const ledger = decodeSafetyState(text, now, WINDOW);
    expect(ledger.removals[0]!.at).toBe(now);
    expect(ledger.exhaustedUntil).toBe(now + WINDOW);
  });

  it.each([
    ['', 'is not JSON'],
    ['[]', 'is not a meshrr safety state'],
    [JSON.stringify({ kind: 'meshrr-safety-state', version: SAFETY_STATE_VERSION + 1 }), 'has version 2'],
    [
      JSON.stringify({
        kind: 'meshrr-safety-state',
        version: 1,
        savedAt: 0,
        removalLedger: { removals: [{}], sizes: {} },
      }),
      'is malformed at removalLedger.removals.0.group',
    ],
  ])('refuses %j: %s', (text, message) => {
    expect(() => decodeSafetyState(text, now, WINDOW)).toThrow(SafetyStateError);
    expect(() => decodeSafetyState(text, now, WINDOW)).toThrow(message);
  });

  it('an exhausted ledger spends every group’s budget until one window has passed', () => {
    const ledger = exhaustedLedger(now, WINDOW);
    const s = { maxRemovalShare: 0.5, removalWindowMs: WINDOW };
    expect(groupBudget(ledger, 'any', 10, now + WINDOW - 1, s)).toEqual({ limit: 5, used: 5, peak: 10 });
    expect(groupBudget(ledger, 'any', 10, now + WINDOW, s)).toEqual({ limit: 5, used: 0, peak: 10 });
  });
});
