import type { Summary } from './summary.js';

/** The unit of a figure. Time in ms or s, memory in MiB, or a plain count. */
export type BenchUnit = 'ms' | 's' | 'MiB' | 'count';

/** A measured figure: what was measured (`label`) and the summary of its samples. */
export interface Figure {
  readonly label: string;
  readonly summary: Summary;
}

/**
 * A target a row must meet, evaluated on medians unless it names another statistic:
 * - `speedup`: reference median ÷ candidate median ≥ `atLeast` (candidate `atLeast`× faster);
 * - `withinReference`: candidate median ≤ `atMost` × reference median;
 * - `ceiling`: candidate `stat` ≤ `atMost` (in the row's unit).
 */
export type BenchTarget =
  | { readonly kind: 'speedup'; readonly atLeast: number }
  | { readonly kind: 'withinReference'; readonly atMost: number }
  | { readonly kind: 'ceiling'; readonly stat: 'median' | 'p99' | 'max'; readonly atMost: number };

/** One row: a case, its measured reference (if any), the candidate (meshrr), and its target (if any). */
export interface BenchRow {
  readonly case: string;
  readonly reference?: Figure;
  readonly candidate: Figure;
  /** The unit of this row's figures (default: the table's). */
  readonly unit?: BenchUnit;
  readonly target?: BenchTarget;
  /** Set when the candidate's output was wrong (e.g. differs from the reference): the row fails. */
  readonly wrong?: string;
}

/**
 * One table of one benchmark area. Every row comes from the same run of the same process.
 * `spans` states what each timed span contains (from which event to which); `settings` the
 * settings measured (the product's defaults in the headline row, tuned ones labelled).
 */
export interface BenchTable {
  readonly area: string;
  readonly title: string;
  readonly unit: BenchUnit;
  /** How the ratio column is formed: `speedup` = reference ÷ candidate, `multiple` = candidate ÷ reference. */
  readonly ratio: 'speedup' | 'multiple';
  readonly spans: readonly string[];
  readonly settings?: string;
  readonly notes?: readonly string[];
  readonly rows: readonly BenchRow[];
}

/** The outcome of one row: `met`, `MISSED`, `WRONG` (bad output), `not measured` (NaN), or none (no target). */
export type Verdict = 'met' | 'MISSED' | 'WRONG' | 'not measured' | '';

/** The ratio column of `row` in `table` (NaN without a reference). */
export function rowRatio(table: Pick<BenchTable, 'ratio'>, row: BenchRow): number {
  if (row.reference === undefined) return Number.NaN;
  const ref = row.reference.summary.median;
  const cand = row.candidate.summary.median;
  return table.ratio === 'speedup' ? ref / cand : cand / ref;
}

/** Whether `row` met its target. */
export function verdictOf(row: BenchRow): Verdict {
  if (row.wrong !== undefined) return 'WRONG';
  const target = row.target;
  if (target === undefined) return '';
  const cand = row.candidate.summary;
  let value: number;
  let met: boolean;
  switch (target.kind) {
    case 'speedup':
      value = (row.reference?.summary.median ?? Number.NaN) / cand.median;
      met = value >= target.atLeast;
      break;
    case 'withinReference':
      value = cand.median / (row.reference?.summary.median ?? Number.NaN);
      met = value <= target.atMost;
      break;
    case 'ceiling':
      value = cand[target.stat];
      met = value <= target.atMost;
      break;
  }
  if (Number.isNaN(value)) return 'not measured';
  return met ? 'met' : 'MISSED';
}

/** The target as text, e.g. `≥ 30× faster`, `≤ 3× ref`, `p99 ≤ 550 ms`. */
export function describeTarget(target: BenchTarget | undefined, unit: BenchUnit): string {
  if (target === undefined) return '-';
  switch (target.kind) {
    case 'speedup':
      return `≥ ${target.atLeast}× faster`;
    case 'withinReference':
      return `≤ ${target.atMost}× ref`;
    case 'ceiling':
      return `${target.stat} ≤ ${formatValue(target.atMost, unit)}`;
  }
}

/** A value in `unit` with a precision that suits its magnitude (`-` for NaN). */
export function formatValue(value: number, unit: BenchUnit): string {
  if (Number.isNaN(value)) return '-';
  switch (unit) {
    case 'count':
      return `${Math.round(value)}`;
    case 'MiB':
      return `${value.toFixed(1)} MiB`;
    case 's':
      return `${value.toFixed(value >= 100 ? 0 : 2)} s`;
    case 'ms':
      return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toFixed(3)} ms`;
  }
}
