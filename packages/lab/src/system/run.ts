import { execFile } from 'node:child_process';
import { LabError } from '../errors.js';
import { COMMAND_TIMEOUT_MS } from './timeouts.js';

/** Result of {@link run}: the exit code and both output streams. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Text written to stdin. */
  readonly input?: string;
  /** Kill the command after this long. Default 20 000 ms. */
  readonly timeoutMs?: number;
  /** Environment (default: inherited). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs `file args` without a shell and resolves with its exit code and output; never rejects for
 * a non-zero exit (see {@link runChecked}). Rejects with {@link LabError} when the program cannot
 * be started or times out.
 */
export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      {
        timeout: options.timeoutMs ?? COMMAND_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        env: options.env ?? process.env,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          const what = error.killed ? `timed out after ${options.timeoutMs ?? COMMAND_TIMEOUT_MS} ms` : error.message;
          reject(new LabError(`${file} ${args.join(' ')}: ${what}`, { cause: error }));
          return;
        }
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/**
 * {@link run}, rejecting with {@link LabError} (naming the command and its stderr) when the exit
 * code is not 0. Resolves with stdout.
 */
export async function runChecked(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run(file, args, options);
  if (result.code !== 0) {
    const detail = (result.stderr.trim() || result.stdout.trim()).slice(0, 2000);
    throw new LabError(`${file} ${args.join(' ')} exited with ${result.code}: ${detail}`);
  }
  return result.stdout;
}
