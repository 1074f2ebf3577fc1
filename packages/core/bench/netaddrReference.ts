/**
 * The reference of the prefix-subtraction benchmark: Python netaddr's `IPSet`, which meshrr itself
 * uses (`IPSet(prefixes) - IPSet(peers)`), run in a fresh `/usr/bin/python3` per job (Debian's, with
 * python3-netaddr), so its first call is a first call too (module imported before timing).
 */
import { spawn } from 'node:child_process';
import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';

// One job: the first call and `warm` further calls, each timed with two checkpoints — the CIDR
// strings as a list (`[str(c) for c in result.iter_cidrs()]`, what meshrr renders from) and that
// list joined by newlines (one text, what the `text` form of meshrr (TS) returns). Prints JSON.
const SCRIPT = `
import hashlib, json, sys, time
import netaddr
job = json.load(sys.stdin)
def once():
    start = time.perf_counter()
    result = netaddr.IPSet(job["prefixes"]) - netaddr.IPSet(job["addresses"])
    listed = [str(c) for c in result.iter_cidrs()]
    as_list = time.perf_counter()
    text = "\\n".join(listed)
    as_text = time.perf_counter()
    return (as_list - start) * 1000.0, (as_text - start) * 1000.0, text, len(listed)
first_list, first_text, text, count = once()
warm_list, warm_text = [], []
for _ in range(job["warm"]):
    l, t, _text, _count = once()
    warm_list.append(l)
    warm_text.append(t)
json.dump({"first": {"array": first_list, "text": first_text}, "warm": {"array": warm_list, "text": warm_text},
           "count": count, "sha256": hashlib.sha256(text.encode()).hexdigest(), "version": netaddr.__version__}, sys.stdout)
`;

/** One netaddr job: first-call and warm times (ms) per output form, the CIDR count and the text's SHA-256. */
export interface NetaddrRun {
  readonly first: { readonly array: number; readonly text: number };
  readonly warm: { readonly array: readonly number[]; readonly text: readonly number[] };
  readonly count: number;
  readonly sha256: string;
  readonly version: string;
}

/** Why the reference cannot run (python3 or netaddr missing), or undefined when it can. */
export function netaddrUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import netaddr'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} not runnable (${probe.error.message})`;
  if (probe.status !== 0) return `Python netaddr not importable; install python3-netaddr`;
  return undefined;
}

/** Runs a fresh Python with `input` on stdin; resolves with its stdout. Rejects when it fails. */
export function runChild(command: string, args: readonly string[], input: string, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(cwd === undefined ? {} : { cwd }) });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4_000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}: ${err}`)),
    );
    child.stdin.end(input);
  });
}

/** One netaddr job in a fresh Python process. */
export async function netaddrRun(
  prefixes: readonly string[],
  addresses: readonly string[],
  warm: number,
): Promise<NetaddrRun> {
  return JSON.parse(
    await runChild(PYTHON, ['-c', SCRIPT], JSON.stringify({ prefixes, addresses, warm })),
  ) as NetaddrRun;
}
