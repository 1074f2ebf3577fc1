import { describe, expect, it } from 'vitest';
import { UpstreamSimulation, type SimulatedRouter } from '../testing/upstreamSimulation.js';

const upstreams = (n: number, net = '10.0.0') => Array.from({ length: n }, (_, i) => `${net}.${i + 1}`);

/** `count` routers spread round-robin over `tiers` tiers (regions). */
function routers(count: number, tiers: number): SimulatedRouter[] {
  return Array.from({ length: count }, (_, i) => ({
    routerId: `10.1.${i >> 8}.${(i & 255) + 1}`,
    tier: `region-${i % tiers}`,
  }));
}

function ratio(loads: Map<string, number>): number {
  const values = [...loads.values()];
  return Math.max(...values) / Math.min(...values);
}

describe('scale-out through the public desired-state API (simulated time, sessions and discovery)', () => {
  it('300 routers, max_peers 2, 6 → 8 upstreams: balanced within 1.25, moves within 10% of the minimum, never fewer Established', () => {
    const sim = new UpstreamSimulation({ routers: routers(300, 5), upstreams: upstreams(6), maxPeers: 2 });
    sim.runFor(60_000);
    expect(sim.settled).toBe(true);
    sim.resetCounters();
    sim.setUpstreams(upstreams(8));
    sim.runFor(300_000);
    expect(sim.settled).toBe(true);
    const loads = sim.loads();
    expect(loads.size).toBe(8);
    expect(ratio(loads)).toBeLessThanOrEqual(1.25);
    // k·R·(8−6)/8 = 150 sessions must move to the two new upstreams; k·R/7 + k·R/8 ≈ 161 for two single steps
    const minimum = (2 * 300 * 2) / 8;
    expect(sim.adds).toBeGreaterThanOrEqual(minimum * 0.9);
    expect(sim.adds).toBeLessThanOrEqual(minimum * 1.1);
    expect(sim.removes).toBe(sim.adds);
    expect(sim.drops).toEqual([]);
    for (const [router] of sim.configured()) expect(sim.establishedOf(router)).toHaveLength(2);
    // every move was a paced, make-before-break balance move
    expect(new Set(sim.decisions.map((d) => `${d.action} ${d.reason}`))).toEqual(
      new Set(['add rebalance', 'remove rebalanced']),
    );
  });

  it('moves spread over time (no burst): no second of the scale-out saw more than a fifth of the moves', () => {
    const sim = new UpstreamSimulation({ routers: routers(120, 4), upstreams: upstreams(3), maxPeers: 2 });
    sim.runFor(60_000);
    sim.resetCounters();
    sim.setUpstreams(upstreams(4));
    sim.runFor(300_000);
    const adds = sim.decisions.filter((d) => d.action === 'add');
    const perSecond = new Map<number, number>();
    for (const d of adds) perSecond.set(Math.floor(d.at / 1000), (perSecond.get(Math.floor(d.at / 1000)) ?? 0) + 1);
    expect(adds.length).toBeGreaterThan(40);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(adds.length / 5);
  });

  it('2 regions of 4, 3 → 4 core: every core carries clients, exactly balanced, about k·R/(N+1) = 4 moves', () => {
    const sim = new UpstreamSimulation({ routers: routers(8, 2), upstreams: upstreams(3), maxPeers: 2 });
    sim.runFor(60_000);
    sim.resetCounters();
    sim.setUpstreams(upstreams(4));
    sim.runFor(120_000);
    const loads = sim.loads();
    expect([...loads.values()].every((n) => n > 0)).toBe(true);
    expect(ratio(loads)).toBeLessThanOrEqual(2);
    expect([...loads.values()]).toEqual([4, 4, 4, 4]);
    // 4 is the minimum; in a region of 4 one correction may differ between the two targets
    expect(sim.adds).toBeGreaterThanOrEqual(4);
    expect(sim.adds).toBeLessThanOrEqual(6);
    expect(sim.drops).toEqual([]);
  });

  it('a discovered address with no BGP speaker never leaves a router below max_peers Established', () => {
    const sim = new UpstreamSimulation({ routers: routers(40, 4), upstreams: upstreams(4), maxPeers: 2 });
    sim.runFor(60_000);
    sim.setDead('10.0.0.9', true);
    sim.setUpstreams([...upstreams(4), '10.0.0.9']);
    for (let t = 0; t < 200; t += 1) {
      sim.runFor(500);
      for (const [router] of sim.configured()) expect(sim.establishedOf(router).length).toBe(2);
    }
    // it was tried (make before break), failed its health window, and is penalised: nobody keeps it
    expect(sim.decisions.some((d) => d.peer === '10.0.0.9' && d.action === 'add')).toBe(true);
    expect([...sim.configured().values()].filter((c) => c.includes('10.0.0.9'))).toEqual([]);
    expect(sim.drops).toEqual([]);
  });

  it('an upstream that dies is replaced within session_down_hold + set-up; the others never move', () => {
    const sim = new UpstreamSimulation({
      routers: routers(40, 4),
      upstreams: upstreams(5),
      maxPeers: 2,
      selection: { sessionDownHoldMs: 3_000 },
      establishMs: 300,
    });
    sim.runFor(60_000);
    const before = sim.configured();
    const victims = [...before].filter(([, c]) => c.includes('10.0.0.1')).map(([r]) => r);
    expect(victims.length).toBeGreaterThan(0);
    sim.resetCounters();
    sim.setDead('10.0.0.1', true);
    sim.runFor(3_000 + 300 + 1);
    for (const router of victims) expect(sim.establishedOf(router)).toHaveLength(2);
    const untouched = [...before].filter(([r]) => !victims.includes(r));
    for (const [router, configured] of untouched) expect(sim.configured().get(router)).toEqual(configured);
    expect(sim.drops).toEqual([]);
  });
});
