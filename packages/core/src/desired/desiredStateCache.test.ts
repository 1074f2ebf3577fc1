import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiscoveredPeer } from '../api/peer.js';
import { sortAddresses, usableCandidates } from './candidates.js';
import { DesiredStateCache } from './desiredStateCache.js';

const UNIVERSE = [
  ...Array.from({ length: 300 }, (_, i) => `10.${i % 3}.${(i * 7) % 256}.${(i * 13) % 250}`),
  ...Array.from({ length: 100 }, (_, i) => `fd00::${(i * 37).toString(16)}`),
];

/** A start set, then steps that toggle a few members (the patch path) or many (a fresh sort). */
const sequence = fc.record({
  start: fc.uniqueArray(fc.nat({ max: UNIVERSE.length - 1 }), { maxLength: UNIVERSE.length }),
  steps: fc.array(fc.uniqueArray(fc.nat({ max: UNIVERSE.length - 1 }), { maxLength: 40 }), { maxLength: 12 }),
});

describe('DesiredStateCache', () => {
  it('sorts exactly as sortAddresses does, whether it reuses, patches or sorts afresh', () => {
    fc.assert(
      fc.property(sequence, ({ start, steps }) => {
        const cache = new DesiredStateCache();
        const members = new Set(start.map((i) => UNIVERSE[i]!));
        expect(cache.sorted('G', new Set(members))).toEqual(sortAddresses(members));
        for (const toggles of steps) {
          for (const i of toggles) {
            const a = UNIVERSE[i]!;
            if (members.has(a)) members.delete(a);
            else members.add(a);
          }
          expect(cache.sorted('G', new Set(members))).toEqual(sortAddresses(members));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('patches a long list when one address joins and another leaves', () => {
    const cache = new DesiredStateCache();
    const first = new Set(UNIVERSE.slice(0, 200));
    const sorted = cache.sorted('G', first);
    const next = new Set(first);
    next.delete(UNIVERSE[5]!);
    next.add(UNIVERSE[250]!);
    const patched = cache.sorted('G', next);
    expect(patched).toEqual(sortAddresses(next));
    expect(patched).not.toBe(sorted);
    expect(cache.sorted('G', new Set(next))).toBe(patched);
  });

  it('reuses the candidates of an equal discovered set and recomputes a changed one', () => {
    const cache = new DesiredStateCache();
    const self = new Set(['10.0.0.1']);
    const peers: DiscoveredPeer[] = [
      { address: '10.0.0.1', labels: {} },
      { address: '10.0.0.2', labels: { zone: 'a' } },
      { address: 'FD00::0002', labels: { zone: 'b' } },
      { address: 'not-an-address', labels: {} },
    ];
    const first = cache.candidates('G', peers, self);
    expect([...first.values()]).toEqual([...usableCandidates(peers, self).values()]);
    expect(
      cache.candidates(
        'G',
        peers.map((p) => ({ ...p, labels: { ...p.labels } })),
        new Set(self),
      ),
    ).toBe(first);
    const rezoned = peers.map((p, i) => (i === 1 ? { ...p, labels: { zone: 'c' } } : p));
    expect([...cache.candidates('G', rezoned, self).values()]).toEqual([...usableCandidates(rezoned, self).values()]);
  });

  it('reuses an allow list only for the same exclusions and prefixes', () => {
    const cache = new DesiredStateCache();
    let computed = 0;
    const compute = (prefixes: readonly string[]): string[] => {
      computed += 1;
      return [...prefixes];
    };
    const groups = [{ name: 'C', prefixes: ['10.0.0.0/24'] }];
    const a = cache.allowLists(['10.0.0.1'], groups, compute).get('C');
    expect(cache.allowLists(['10.0.0.1'], [{ name: 'C', prefixes: ['10.0.0.0/24'] }], compute).get('C')).toBe(a);
    expect(computed).toBe(1);
    cache.allowLists(['10.0.0.2'], groups, compute);
    expect(computed).toBe(2);
    cache.allowLists(['10.0.0.2'], [{ name: 'C', prefixes: ['10.0.1.0/24'] }], compute);
    expect(computed).toBe(3);
  });
});
