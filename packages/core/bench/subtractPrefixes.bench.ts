/**
 * Benchmark: `subtractPrefixes` (the `allow` list of a subtractive group) against Python netaddr's
 * `IPSet`, which meshrr uses. Subtracts N random /32 from 0.0.0.0/0 and N random /128 from ::/0,
 * checks that both produce the identical CIDR list, and prints medians and the speed-up.
 * Target: at least 20x faster than netaddr at N = 10,000.
 * Run: npm run bench -w @meshrr/core   (env BENCH_SIZES=100,1000,10000, BENCH_NETADDR=0 to skip Python)
 */
import { subtractPrefixes } from '../src/desired/index.js';
import { median, ms, printTable, randomIpv4, randomIpv6, seededRandom, timeRuns } from './benchSupport.js';
import { netaddrSubtract, netaddrUnavailable } from './netaddrReference.js';

const TARGET_RATIO = 20;
const sizes = (process.env['BENCH_SIZES'] ?? '100,1000,10000').split(',').map(Number);
const unavailable = process.env['BENCH_NETADDR'] === '0' ? 'disabled by BENCH_NETADDR=0' : netaddrUnavailable();
if (unavailable !== undefined) console.log(`NOTE: skipping the netaddr comparison: ${unavailable}`);

const rows: string[][] = [];
let mismatches = 0;
let belowTarget = 0;
for (const family of [4, 6] as const) {
  for (const n of sizes) {
    const random = seededRandom(n * family);
    const addresses = family === 4 ? randomIpv4(n, random) : randomIpv6(n, random);
    const prefixes = [family === 4 ? '0.0.0.0/0' : '::/0'];
    let ours: string[] = [];
    const times = timeRuns(n >= 10_000 ? 7 : 15, () => (ours = subtractPrefixes(prefixes, addresses)));
    const oursMs = median(times);
    if (unavailable !== undefined) {
      rows.push([`IPv${family}`, String(n), String(ours.length), ms(oursMs), '-', '-', 'skipped']);
      continue;
    }
    const ref = netaddrSubtract(prefixes, addresses, n >= 10_000 ? 3 : 7);
    const same = ref.cidrs.length === ours.length && ref.cidrs.every((c, i) => c === ours[i]);
    if (!same) mismatches += 1;
    const ratio = median(ref.timesMs) / oursMs;
    if (n >= 10_000 && ratio < TARGET_RATIO) belowTarget += 1;
    rows.push([
      `IPv${family}`,
      String(n),
      String(ours.length),
      ms(oursMs),
      `${ms(median(ref.timesMs))} (${ref.timesMs.length})`,
      `${ratio.toFixed(1)}x`,
      same ? 'identical' : 'DIFFERENT',
    ]);
  }
}
printTable(
  'subtractPrefixes(0.0.0.0/0 or ::/0, N random host addresses) vs netaddr IPSet',
  ['family', 'N', 'CIDRs', 'meshrr ms', 'netaddr ms (runs)', 'speed-up', 'CIDR sets'],
  rows,
);
console.log(`target: >= ${TARGET_RATIO}x faster than netaddr at N = 10,000`);
if (mismatches > 0) {
  console.log(`FAIL: ${mismatches} result(s) differ from netaddr`);
  process.exitCode = 1;
} else if (belowTarget > 0) {
  console.log(`BELOW TARGET: ${belowTarget} row(s) at N = 10,000 under ${TARGET_RATIO}x`);
}
