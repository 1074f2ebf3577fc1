/**
 * The reference implementation for the prefix-subtraction benchmark: Python netaddr's `IPSet`,
 * which meshrr itself uses (`IPSet(prefixes) - IPSet(peers)`), run in a child `python3`.
 */
import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';

// Times IPSet construction, subtraction and CIDR formatting (what meshrr does per cycle),
// repeating until `runs` or ~8 s of work, and prints {"times_ms": [...], "cidrs": [...]}.
const SCRIPT = `
import json, sys, time
import netaddr
job = json.load(sys.stdin)
times, cidrs, spent = [], None, 0.0
for _ in range(job["runs"]):
    start = time.perf_counter()
    result = netaddr.IPSet(job["prefixes"]) - netaddr.IPSet(job["addresses"])
    out = [str(c) for c in result.iter_cidrs()]
    elapsed = time.perf_counter() - start
    times.append(elapsed * 1000.0)
    cidrs = out
    spent += elapsed
    if spent > 8.0:
        break
json.dump({"times_ms": times, "cidrs": cidrs, "version": netaddr.__version__}, sys.stdout)
`;

/** What netaddr produced and how long it took (ms per run). */
export interface NetaddrResult {
  readonly timesMs: readonly number[];
  readonly cidrs: readonly string[];
  readonly version: string;
}

/** Why the reference could not run (python3 or netaddr missing, or it failed). */
export function netaddrUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import netaddr; print(netaddr.__version__)'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} not runnable (${probe.error.message})`;
  if (probe.status !== 0)
    return `Python netaddr not importable (${probe.stderr.trim().split('\n').pop() ?? 'unknown error'}); install python3-netaddr`;
  return undefined;
}

/** Runs `IPSet(prefixes) - IPSet(addresses)` in netaddr up to `runs` times. Throws when Python fails. */
export function netaddrSubtract(
  prefixes: readonly string[],
  addresses: readonly string[],
  runs: number,
): NetaddrResult {
  const child = spawnSync(PYTHON, ['-c', SCRIPT], {
    input: JSON.stringify({ prefixes, addresses, runs }),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (child.error !== undefined) throw child.error;
  if (child.status !== 0) throw new Error(`netaddr reference failed (exit ${child.status}): ${child.stderr}`);
  const parsed = JSON.parse(child.stdout) as { times_ms: number[]; cidrs: string[]; version: string };
  return { timesMs: parsed.times_ms, cidrs: parsed.cidrs, version: parsed.version };
}
