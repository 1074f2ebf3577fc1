/**
 * Benchmark: prefix subtraction (the `allow` list of a subtractive group) against Python netaddr's
 * `IPSet`, which meshrr uses: N random /32s removed from 0.0.0.0/0 and N random /128s from ::/0.
 * Every sample is a fresh process (node on the built core, python3 with netaddr), started in
 * interleaved rounds (the order rotates each round): its FIRST call is timed (what an agent pays on
 * its first reconcile: nothing compiled, no warm heap), then warm calls in the same process. Two
 * output forms of meshrr (node with the agent's V8 flags), each in its own processes: the text (one string, entries joined by
 * newlines) and `string[]`; netaddr's span is timed to the same two checkpoints in the same call.
 * Every output's SHA-256 is compared with netaddr's: a difference fails the run.
 * Targets (issue 14): ≥ 30× netaddr at N = 10,000, first call and warm, IPv4 and IPv6.
 * Env: BENCH_SIZES (default 1000,10000), BENCH_ROUNDS (default 5), BENCH_NETADDR=0 to skip Python.
 */
import { fileURLToPath } from 'node:url';
import {
  AGENT_NODE_FLAGS,
  benchReporter,
  interleave,
  summarize,
  type BenchRow,
  type Measurement,
} from '../src/bench/index.js';
import { randomIpv4, randomIpv6, seededRandom } from './benchSupport.js';
import { netaddrRun, netaddrUnavailable, runChild, type NetaddrRun } from './netaddrReference.js';

const TARGET = 30;
const sizes = (process.env['BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 5);
const CHILD = fileURLToPath(new URL('./subtractChild.ts', import.meta.url));
const report = benchReporter(process.env);

interface NodeRun {
  readonly firstMs: number;
  readonly warmMs: readonly number[];
  readonly count: number;
  readonly sha256: string;
}

async function nodeRun(
  prefixes: string[],
  addresses: string[],
  form: 'text' | 'array',
  warm: number,
): Promise<NodeRun> {
  const job = JSON.stringify({ prefixes, addresses, form, warm });
  const out = await runChild(process.execPath, [...AGENT_NODE_FLAGS, CHILD], job);
  return JSON.parse(out) as NodeRun;
}

const unavailable = process.env['BENCH_NETADDR'] === '0' ? 'disabled by BENCH_NETADDR=0' : netaddrUnavailable();
if (unavailable !== undefined) report.say(`prefix subtraction: skipping netaddr (the reference): ${unavailable}`);

const rows: BenchRow[] = [];
let version = '?';
for (const family of [4, 6] as const) {
  for (const n of sizes) {
    const random = seededRandom(n * family);
    const addresses = family === 4 ? randomIpv4(n, random) : randomIpv6(n, random);
    const prefixes = [family === 4 ? '0.0.0.0/0' : '::/0'];
    const big = n >= 10_000;
    const warmNode = big ? 5 : 10;
    const warmPython = big ? 1 : 3;
    const runs: { text: NodeRun[]; array: NodeRun[]; netaddr: NetaddrRun[] } = { text: [], array: [], netaddr: [] };
    const runners: Record<string, Measurement> = {
      text: async () => (runs.text.push(await nodeRun(prefixes, addresses, 'text', warmNode)), 0),
      array: async () => (runs.array.push(await nodeRun(prefixes, addresses, 'array', warmNode)), 0),
    };
    if (unavailable === undefined)
      runners['netaddr'] = async () => (runs.netaddr.push(await netaddrRun(prefixes, addresses, warmPython)), 0);
    await interleave(big ? rounds : rounds + 2, runners);
    version = runs.netaddr[0]?.version ?? version;
    const truth = runs.netaddr[0];
    const what = `IPv${family}, ${n.toLocaleString('en')} /${family === 4 ? 32 : 128}s`;
    for (const form of ['text', 'array'] as const) {
      const mine = runs[form];
      const bad = mine.find((r) => truth !== undefined && (r.sha256 !== truth.sha256 || r.count !== truth.count));
      const wrong = bad === undefined ? {} : { wrong: `${bad.count} CIDRs, not netaddr's ${truth!.count}` };
      const formName = form === 'text' ? 'text' : 'string[]';
      for (const phase of ['first call', 'warm'] as const) {
        const cand = phase === 'first call' ? mine.map((r) => r.firstMs) : mine.flatMap((r) => r.warmMs);
        const ref =
          phase === 'first call' ? runs.netaddr.map((r) => r.first[form]) : runs.netaddr.flatMap((r) => r.warm[form]);
        rows.push({
          case: `${what}, ${phase} → ${formName} (${mine[0]?.count ?? '?'} CIDRs)`,
          ...(ref.length > 0 ? { reference: { label: `netaddr ${version}`, summary: summarize(ref) } } : {}),
          candidate: { label: 'meshrr', summary: summarize(cand) },
          ...(big ? { target: { kind: 'speedup' as const, atLeast: TARGET } } : {}),
          ...wrong,
        });
      }
    }
  }
}

report.table({
  area: 'Prefix subtraction',
  title: 'subtractive-group allow list = prefix − N host addresses, vs Python netaddr IPSet (meshrr)',
  unit: 'ms',
  ratio: 'speedup',
  spans: [
    'first call = the first subtraction in a fresh process (module already imported, input already parsed from JSON); one sample per process',
    'meshrr text: parse + sort + subtract + the minimal CIDR list as one newline-joined string; string[]: the same as an array of strings',
    'netaddr: IPSet(prefixes) − IPSet(addresses), then [str(c) for c in iter_cidrs()] (string[]) and "\\n".join of it (text), in the same call',
  ],
  settings: `node ${AGENT_NODE_FLAGS.join(' ')} (the agent's V8 flags) on the built core; rounds of fresh processes interleaved (order rotating), ${rounds} rounds at N = 10,000 and ${rounds + 2} below; warm = later calls in the same processes`,
  notes: ['outputs compared by SHA-256 of the joined text and by count against netaddr: any difference is WRONG'],
  rows,
});
process.exitCode = report.exitCode;
