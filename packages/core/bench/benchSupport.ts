/** Small helpers shared by the core benchmarks: timing, seeded random data, table printing. */
import { performance } from 'node:perf_hooks';

/** Median of `xs` (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Warms `fn` up (at least 3 calls and ~200 ms, so the JIT has optimised it, as in a long-running
 * agent), then runs it `runs` times; returns the wall times in milliseconds.
 */
export function timeRuns(runs: number, fn: () => unknown): number[] {
  const warmUntil = performance.now() + 200;
  for (let i = 0; i < 3 || (performance.now() < warmUntil && i < 50); i += 1) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** A deterministic 32-bit PRNG (mulberry32), so every run benchmarks the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `n` distinct random IPv4 addresses (dotted quads). */
export function randomIpv4(n: number, random: () => number): string[] {
  const seen = new Set<number>();
  while (seen.size < n) seen.add(Math.floor(random() * 4_294_967_296));
  return [...seen].map((v) => `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`);
}

/** `n` distinct random IPv6 addresses (full, uncompressed form; the parser canonicalises). */
export function randomIpv6(n: number, random: () => number): string[] {
  const seen = new Set<string>();
  while (seen.size < n) seen.add(Array.from({ length: 8 }, () => Math.floor(random() * 65_536).toString(16)).join(':'));
  return [...seen];
}

/** Prints rows as an aligned text table under `title`. */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  leftColumns = 1,
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
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
