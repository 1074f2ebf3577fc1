import { DeviceRejectedError, TransportError } from '@meshrr/core';
import { runProcess, type ProcessResult } from '../exec/runProcess.js';
import type { ResolvedFrrTransportOptions } from '../options.js';
import { daemonsUnreachable, frrComplaints } from './deviceMessages.js';
import { parseReloadDiff, type ReloadDiff } from './reloadDiff.js';

/** `frr-reload.py` against one FRR instance (`--confdir`, `--vty_socket`, `--rundir`, `--bindir`). */
export class FrrReload {
  readonly #options: ResolvedFrrTransportOptions;

  constructor(options: ResolvedFrrTransportOptions) {
    this.#options = options;
  }

  #run(mode: '--test' | '--reload', file: string, signal: AbortSignal): Promise<ProcessResult> {
    const o = this.#options;
    const args = [
      mode,
      '--stdout',
      '--confdir',
      o.configDir,
      '--vty_socket',
      o.vtyDir,
      '--rundir',
      o.workDir,
      '--bindir',
      o.binDir,
      file,
    ];
    return runProcess(o.frrReload, args, { timeoutMs: o.reloadTimeoutMs, signal });
  }

  /** Turns a failed run into the right error: unreachable daemons are a channel fault. */
  #failure(what: string, result: ProcessResult): Error {
    const output = `${result.stdout}\n${result.stderr}`;
    const messages = frrComplaints(output);
    if (daemonsUnreachable(output) || messages.length === 0 || /Traceback/.test(output)) {
      return new TransportError(
        `frr-reload.py ${what} failed (exit ${String(result.code)}) on ${this.#options.vtyDir}: ${lastLines(output)}`,
      );
    }
    return new DeviceRejectedError(`FRR refused the configuration: ${messages.join('; ')}`, {
      deviceMessages: messages,
    });
  }

  /**
   * What applying `file` would change (`--test`); reads the running config, changes nothing.
   * @throws {DeviceRejectedError} with FRR's messages when `file` does not parse (vtysh `-m -f`);
   * {@link TransportError} when FRR cannot be reached.
   */
  async test(file: string, signal: AbortSignal): Promise<ReloadDiff> {
    const result = await this.#run('--test', file, signal);
    if (result.code !== 0) throw this.#failure('--test', result);
    return parseReloadDiff(result.stdout);
  }

  /**
   * Applies `file` (`--reload`: deletes what is not in it, adds what is new, then FRR writes its
   * running configuration to `<confdir>/frr.conf`).
   * @throws {DeviceRejectedError} when FRR refused a line (the change may be partly applied: the
   * caller restores); {@link TransportError} when FRR cannot be reached.
   */
  async reload(file: string, signal: AbortSignal): Promise<void> {
    const result = await this.#run('--reload', file, signal);
    if (result.code !== 0) throw this.#failure('--reload', result);
  }
}

function lastLines(output: string): string {
  return output.trim().split('\n').slice(-6).join(' | ') || 'no output';
}
