import { describe, expect, it } from 'vitest';
import { verdictOf, type BenchRow, type BenchTable } from './benchTable.js';
import { formatTableMarkdown, formatTableText } from './formatTable.js';
import { interleave } from './interleave.js';
import { summarize } from './summary.js';

const fig = (label: string, xs: number[]) => ({ label, summary: summarize(xs) });
const run = { loadStart: 1.5, loadEnd: 2.25, cpus: 2, seconds: 12 };

describe('verdictOf', () => {
  const row = (target: BenchRow['target'], ref: number[], cand: number[]): BenchRow => ({
    case: 'c',
    reference: fig('ref', ref),
    candidate: fig('meshrr', cand),
    ...(target === undefined ? {} : { target }),
  });

  it('judges a speed-up on medians', () => {
    expect(verdictOf(row({ kind: 'speedup', atLeast: 30 }, [300, 310, 320], [10, 10, 99]))).toBe('met');
    expect(verdictOf(row({ kind: 'speedup', atLeast: 30 }, [290, 290, 290], [10, 10, 10]))).toBe('MISSED');
  });

  it('judges a multiple of the reference and a ceiling on the named statistic', () => {
    expect(verdictOf(row({ kind: 'withinReference', atMost: 3 }, [50], [151]))).toBe('MISSED');
    expect(verdictOf(row({ kind: 'withinReference', atMost: 3 }, [50], [150]))).toBe('met');
    expect(verdictOf(row({ kind: 'ceiling', stat: 'p99', atMost: 20 }, [], [1, 2, 21]))).toBe('MISSED');
    expect(verdictOf(row({ kind: 'ceiling', stat: 'median', atMost: 20 }, [], [1, 2, 21]))).toBe('met');
  });

  it('reports wrong output before any target, and a target without figures as not measured', () => {
    expect(verdictOf({ ...row({ kind: 'speedup', atLeast: 1 }, [9], [1]), wrong: 'differs' })).toBe('WRONG');
    expect(verdictOf(row({ kind: 'speedup', atLeast: 1 }, [], [1]))).toBe('not measured');
    expect(verdictOf(row(undefined, [1], [1]))).toBe('');
  });
});

describe('table forms', () => {
  const table: BenchTable = {
    area: 'Area',
    title: 'what',
    unit: 'ms',
    ratio: 'speedup',
    spans: ['from A to B'],
    settings: 'defaults',
    rows: [
      {
        case: 'first call',
        reference: fig('netaddr', [400, 500, 600]),
        candidate: fig('meshrr', [10, 20, 30]),
        target: { kind: 'speedup', atLeast: 30 },
      },
      {
        case: 'pipe | case',
        candidate: fig('meshrr', [5]),
        target: { kind: 'ceiling', stat: 'p99', atMost: 4 },
      },
    ],
  };

  it('prints reference, meshrr, ratio, target and MISSED per row with the load and the span', () => {
    const text = formatTableText(table, run);
    expect(text).toContain('## Area: what');
    expect(text).toMatch(
      /first call\s+netaddr\s+3\/3\s+500 ms \[400–600\]\s+20\.0 ms \[10\.0–30\.0\]\s+25\.0×\s+≥ 30× faster\s+MISSED/,
    );
    expect(text).toMatch(/pipe \| case .* p99 ≤ 4\.00 ms\s+MISSED/);
    expect(text).toContain('load average 1.50 → 2.25 on 2 CPUs');
    expect(text).toContain('span: from A to B');
  });

  it('escapes pipes in Markdown cells', () => {
    const md = formatTableMarkdown(table, run);
    expect(md).toContain('| pipe \\| case |');
    expect(md).toContain('- span: from A to B');
  });
});

describe('interleave', () => {
  it('rotates the order every round and discards warm-up rounds', async () => {
    const order: string[] = [];
    const samples = await interleave(
      3,
      { a: () => (order.push('a'), 1), b: () => (order.push('b'), 2), c: () => (order.push('c'), 3) },
      { warmupRounds: 1 },
    );
    expect(order.join('')).toBe('abcbcacababc');
    expect(samples).toEqual({ a: [1, 1, 1], b: [2, 2, 2], c: [3, 3, 3] });
  });
});
