import { cpus, loadavg, release, totalmem } from 'node:os';

/** The machine a benchmark ran on, as one line: CPU model and count, memory, OS release, Node version. */
export function describeMachine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  return `${list.length} × ${model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

/** The 1-minute load average and the CPU count now. */
export function currentLoad(): { readonly load: number; readonly cpus: number } {
  return { load: loadavg()[0]!, cpus: cpus().length };
}

/**
 * The V8 flags the agent runs with (the shebang of `packages/agent/src/main.ts` and the container
 * entrypoint): benchmarks that time agent code in a child process start it with these, so they
 * measure what the product runs (the agent's tests check the three agree).
 */
export const AGENT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
