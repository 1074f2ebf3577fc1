import { describe, expect, it } from 'vitest';
import { TerminalError } from '../api/errors.js';
import type { ReconcileResult, Reconciler } from '../api/reconciler.js';
import { FakeClock } from '../testing/fakeClock.js';
import { MemoryLogger } from '../testing/memoryLogger.js';
import { MemoryMetrics } from '../testing/memoryMetrics.js';
import { Controller, ReconcileTimeoutError } from './controller.js';

type Step = (signal: AbortSignal) => Promise<ReconcileResult>;

function harness(steps: Step[], fallback: Step = async () => ({})) {
  const clock = new FakeClock();
  const calls: number[] = [];
  const reconciler: Reconciler = {
    reconcile: async (_req, signal) => {
      calls.push(clock.now());
      return (steps.shift() ?? fallback)(signal);
    },
  };
  const metrics = new MemoryMetrics();
  const logger = new MemoryLogger();
  const controller = new Controller(
    { reconciler, clock, logger, metrics },
    { backoffBaseMs: 100, backoffMaxMs: 10_000 },
  );
  const ac = new AbortController();
  const running = controller.start(ac.signal);
  const since = (t0: number) => calls.map((t) => t - t0);
  const stop = async () => {
    ac.abort();
    await running;
  };
  return { clock, calls, since, metrics, logger, controller, stop };
}

const fail =
  (message: string): Step =>
  async () => {
    throw new Error(message);
  };

describe('Controller', () => {
  it('pre-creates every result series at 0', async () => {
    const h = harness([]);
    for (const result of ['success', 'requeue_after', 'error', 'terminal'])
      expect(h.metrics.value('meshrr_reconcile_total', { controller: 'router', result })).toBe(0);
    await h.stop();
  });

  it('requeues with backoff when reconcile throws, and resets the backoff after success', async () => {
    const h = harness([fail('a'), fail('b'), fail('c'), async () => ({}), fail('d')]);
    const t0 = h.clock.now();
    h.controller.enqueue('r1');
    await h.clock.advance(1_000);
    expect(h.since(t0)).toEqual([0, 100, 300, 700]);
    h.controller.enqueue('r1');
    await h.clock.advance(200);
    expect(h.since(t0)).toEqual([0, 100, 300, 700, 1_000, 1_100]);
    expect(h.metrics.value('meshrr_reconcile_total', { controller: 'router', result: 'error' })).toBe(4);
    expect(h.metrics.value('meshrr_reconcile_total', { controller: 'router', result: 'success' })).toBe(2);
    expect(h.logger.messages('warn')[0]).toBe('reconcile failed; retrying with backoff');
    await h.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('does not retry after TerminalError until an input change', async () => {
    const terminal: Step = async () => {
      throw new TerminalError('device rejected');
    };
    const h = harness([async () => ({ requeueAfterMs: 5_000 }), terminal]);
    const t0 = h.clock.now();
    h.controller.enqueue('r1');
    await h.clock.settle();
    h.controller.enqueue('r1'); // an input change before the resync: this run fails terminally
    await h.clock.advance(600_000);
    expect(h.since(t0)).toEqual([0, 0]);
    expect(h.controller.queue.delayedCount).toBe(0);
    expect(h.logger.messages('error')).toEqual(['reconcile failed terminally; waiting for an input change']);
    h.controller.enqueue('r1'); // the next input change
    await h.clock.settle();
    expect(h.since(t0)).toEqual([0, 0, 600_000]);
    expect(h.metrics.value('meshrr_reconcile_total', { controller: 'router', result: 'terminal' })).toBe(1);
    await h.stop();
  });

  it('requeues after requeueAfterMs without backoff', async () => {
    const h = harness([async () => ({ requeueAfterMs: 2_000 }), async () => ({ requeueAfterMs: 2_000 })]);
    const t0 = h.clock.now();
    h.controller.enqueue('r1');
    await h.clock.advance(4_500);
    expect(h.since(t0)).toEqual([0, 2_000, 4_000]);
    expect(h.metrics.value('meshrr_reconcile_total', { controller: 'router', result: 'requeue_after' })).toBe(2);
    await h.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('never reconciles one key twice at once', async () => {
    let active = 0;
    let maxActive = 0;
    const clock = new FakeClock();
    let runs = 0;
    const reconciler: Reconciler = {
      reconcile: async () => {
        runs += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        await clock.sleep(1_000);
        active -= 1;
        return {};
      },
    };
    const controller = new Controller(
      { reconciler, clock, logger: new MemoryLogger(), metrics: new MemoryMetrics() },
      { workers: 4 },
    );
    const ac = new AbortController();
    const running = controller.start(ac.signal);
    controller.enqueue('r1');
    await clock.settle();
    for (let i = 0; i < 10; i += 1) controller.enqueue('r1');
    await clock.advance(5_000);
    expect(maxActive).toBe(1);
    expect(runs).toBe(2);
    ac.abort();
    await running;
  });

  it('aborts a reconcile that outlives its timeout and retries it with backoff', async () => {
    const clock = new FakeClock();
    const reasons: unknown[] = [];
    const reconciler: Reconciler = {
      reconcile: (_req, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            reasons.push(signal.reason);
            reject(signal.reason as Error);
          }),
        ),
    };
    const controller = new Controller(
      { reconciler, clock, logger: new MemoryLogger(), metrics: new MemoryMetrics() },
      { reconcileTimeoutMs: 1_000, backoffBaseMs: 100 },
    );
    const ac = new AbortController();
    const running = controller.start(ac.signal);
    controller.enqueue('r1');
    await clock.advance(1_000);
    expect(reasons.map((r) => (r as Error).message)).toEqual(['reconcile of r1 did not finish within 1000 ms']);
    expect(reasons[0]).toBeInstanceOf(ReconcileTimeoutError);
    await clock.advance(1_100);
    expect(reasons).toHaveLength(2);
    ac.abort();
    await running;
  });

  it('finishes the reconcile in progress on stop, then resolves', async () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    const reconciler: Reconciler = {
      reconcile: async (_req, signal) => {
        await clock.sleep(1_000, signal);
        seen.push(`done aborted=${signal.aborted}`);
        return { requeueAfterMs: 10_000 };
      },
    };
    const controller = new Controller({ reconciler, clock, logger: new MemoryLogger(), metrics: new MemoryMetrics() });
    const ac = new AbortController();
    let stopped = false;
    const running = controller.start(ac.signal).then(() => (stopped = true));
    controller.enqueue('r1');
    await clock.settle();
    ac.abort();
    await clock.settle();
    expect(stopped).toBe(false);
    await clock.advance(1_000);
    await running;
    expect(seen).toEqual(['done aborted=false']);
    expect(clock.pendingTimers).toBe(0);
  });
});
