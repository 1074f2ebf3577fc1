/** What a benchmark reports of a set of samples: every figure comes from the same samples. */
export interface Summary {
  /** How many samples. */
  readonly n: number;
  readonly min: number;
  readonly median: number;
  /** Nearest-rank 99th percentile: with fewer than 100 samples it is the maximum. */
  readonly p99: number;
  readonly max: number;
}

/**
 * The `p`-th percentile (0 < p ≤ 100) of `sorted` (ascending) by the nearest-rank method: the
 * smallest sample with at least p % of the samples at or below it. Never interpolates, so it is
 * always a measured value.
 */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/**
 * Summarises `samples` (min, median, nearest-rank p99, max). The median of an even count is the
 * mean of the two middle samples. An empty list gives `n: 0` and NaN figures (printed as "-").
 */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n, min: Number.NaN, median: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n, min: sorted[0]!, median, p99: nearestRank(sorted, 99), max: sorted[n - 1]! };
}

/** A summary of exactly one sample (a figure measured once, e.g. a count). */
export function single(value: number): Summary {
  return summarize([value]);
}
