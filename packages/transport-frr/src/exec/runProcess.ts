import { execFile } from 'node:child_process';
import { TransportError } from '@meshrr/core';

/** What a finished child process left: exit code (`null` when killed by a signal) and output. */
export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run one child process. */
export interface RunOptions {
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** Largest accepted stdout/stderr in bytes. Default 64 MiB (a full table of JSON can be large). */
  readonly maxBuffer?: number;
}

interface ExecFailure {
  readonly code?: unknown;
  readonly killed?: boolean;
  readonly signal?: NodeJS.Signals | null;
}

/**
 * Runs `file` with `args` (an argument array: no shell, nothing is interpreted) and resolves with
 * its exit code and output, whatever the exit code. The caller decides what a non-zero code means.
 * @throws the signal's reason when `signal` aborts (the child is killed);
 * {@link TransportError} when the program cannot be started (`ENOENT`, `EACCES`), runs past
 * `timeoutMs` (killed with SIGKILL) or floods its output.
 */
export function runProcess(file: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  if (options.signal.aborted) return Promise.reject(options.signal.reason as Error);
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        encoding: 'utf8',
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        signal: options.signal,
        maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ code: 0, stdout, stderr });
        const failure = error as ExecFailure & Error;
        if (options.signal.aborted) return reject(options.signal.reason);
        if (typeof failure.code === 'number') return resolve({ code: failure.code, stdout, stderr });
        if (failure.killed === true)
          return reject(
            new TransportError(`${file} ran longer than ${options.timeoutMs} ms and was killed`, { cause: error }),
          );
        if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
          return reject(new TransportError(`${file} wrote more output than accepted`, { cause: error }));
        if (failure.signal !== null && failure.signal !== undefined) return resolve({ code: null, stdout, stderr });
        reject(new TransportError(`cannot run ${file}: ${failure.message}`, { cause: error }));
      },
    );
  });
}
