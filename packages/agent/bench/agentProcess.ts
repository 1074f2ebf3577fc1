/** Helpers of the agent benchmarks that run the built agent as a process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A TCP port free on 127.0.0.1 now (for the agent's HTTP server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A kB field of /proc/<pid>/status, in MiB: VmRSS resident now; VmHWM peak resident; RssAnon the
 * resident private (anonymous) part — VmRSS less the pages mapped from files (mostly the node binary).
 */
export function procStatusMiB(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** Stops `child`: SIGTERM, then SIGKILL when it has not exited after 5 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A started `meshrr run --dry-run <dir>` and the tail of its stderr. */
export interface DryRunAgent {
  readonly child: ChildProcess;
  stderr(): string;
}

/**
 * Starts `node <nodeArgs> run --config <config> --dry-run <dir>` with its HTTP server on a free
 * loopback port, no drain wait and a connected-file in `dir`. The caller stops it ({@link stopProcess}).
 */
export async function startDryRunAgent(
  nodeArgs: readonly string[],
  config: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<DryRunAgent> {
  const args = [
    ...nodeArgs,
    'run',
    '--config',
    config,
    '--dry-run',
    dir,
    '--http-port',
    String(await freePort()),
    '--http-host',
    '127.0.0.1',
    '--drain-seconds',
    '0',
    '--connected-file',
    join(dir, 'connected'),
  ];
  let stderr = '';
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  return { child, stderr: () => stderr };
}
