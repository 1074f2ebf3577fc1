import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { FILE_LIMITS, readBoundedTextSync } from '@meshrr/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from '../errors.js';

/** A process the lab started: its PID and kernel start time (guards against PID reuse). */
export interface ProcessRecord {
  readonly pid: number;
  /** Field 22 of `/proc/<pid>/stat` (clock ticks since boot) when the process was started. */
  readonly startTime: string;
  /** What it is, for messages (`bgpd rr-core-0`). */
  readonly label: string;
}

/** Returns field 22 (start time) and field 3 (state) of `/proc/<pid>/stat`, or undefined. */
function readStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const text = readBoundedTextSync(`/proc/${pid}/stat`, { maxBytes: FILE_LIMITS.small, what: 'process status' });
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const startTime = fields[19];
    return state === undefined || startTime === undefined ? undefined : { state, startTime };
  } catch {
    return undefined;
  }
}

/**
 * True when the recorded process still runs: same PID, same start time, not a zombie (orphans are
 * reaped by PID 1 only every ~2 s here, so a zombie counts as gone).
 */
export function isAlive(record: ProcessRecord): boolean {
  const stat = readStat(record.pid);
  return stat !== undefined && stat.startTime === record.startTime && stat.state !== 'Z' && stat.state !== 'X';
}

/**
 * Starts `argv` in the foreground of its own session (detached, so it survives the caller exiting),
 * stdout and stderr appended to `logFile`. Resolves with its record once `/proc` shows it.
 * @throws {LabError} when it cannot be spawned or exits at once.
 */
export async function startProcess(
  argv: readonly string[],
  logFile: string,
  label: string,
  env?: NodeJS.ProcessEnv,
): Promise<ProcessRecord> {
  const [file, ...args] = argv;
  if (file === undefined) throw new LabError(`${label}: empty command`);
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(file, args, { detached: true, stdio: ['ignore', fd, fd], env: env ?? process.env });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', (error) =>
        reject(new LabError(`${label}: cannot start ${file}: ${error.message}`, { cause: error })),
      );
      child.once('spawn', () => resolve(child.pid ?? -1));
    });
    child.unref();
    const stat = readStat(pid);
    if (stat === undefined) throw new LabError(`${label}: ${file} exited at once; see ${logFile}`);
    return { pid, startTime: stat.startTime, label };
  } finally {
    closeSync(fd);
  }
}

/**
 * Stops a recorded process: SIGTERM, up to `graceMs` (default 5 000) for it to go, then SIGKILL.
 * Idempotent: a process already gone (or a reused PID) is left alone. Resolves once it is gone.
 */
export async function stopProcess(record: ProcessRecord, graceMs = 5_000): Promise<void> {
  if (!isAlive(record)) return;
  signal(record.pid, 'SIGTERM');
  for (let waited = 0; waited < graceMs; waited += 50) {
    if (!isAlive(record)) return;
    await sleep(50);
  }
  await killProcess(record);
}

/**
 * Kills a recorded process at once (SIGKILL: no clean-up, like a crash or an OOM kill) and resolves
 * once it is gone. Idempotent, like {@link stopProcess}.
 * @throws {LabError} when it is still there 5 s after SIGKILL.
 */
export async function killProcess(record: ProcessRecord): Promise<void> {
  if (!isAlive(record)) return;
  signal(record.pid, 'SIGKILL');
  for (let waited = 0; waited < 5_000; waited += 50) {
    if (!isAlive(record)) return;
    await sleep(50);
  }
  throw new LabError(`${record.label} (pid ${record.pid}) did not exit after SIGKILL`);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH')
      throw new LabError(`cannot signal pid ${pid}`, { cause: error });
  }
}

/**
 * Polls `probe` every `intervalMs` (default 100) until it returns true; rejects with a
 * {@link LabError} naming `what` after `timeoutMs`.
 */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (performance.now() >= deadline) throw new LabError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
