/** Small helpers shared by the agent benchmarks: percentiles, table printing, keeping the loop alive. */

/** The `p`-th percentile (nearest rank, 0 < p ≤ 100) of `xs`. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Median of `xs` (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Prints rows as an aligned text table under `title` (first `leftColumns` columns left-aligned). */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  leftColumns = 1,
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Milliseconds with a precision that suits the magnitude. */
export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/**
 * Keeps the event loop alive while `fn` runs: meshrr's `systemClock` timers are `unref`'d (so a
 * stopping agent never waits for them), which would let a benchmark that only awaits them exit.
 */
export async function keepingAlive<T>(fn: () => Promise<T>): Promise<T> {
  const handle = setInterval(() => undefined, 1_000);
  try {
    return await fn();
  } finally {
    clearInterval(handle);
  }
}
