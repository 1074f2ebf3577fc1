import { DeviceRejectedError, TransportError } from '@meshrr/core';
import { runProcess } from '../exec/runProcess.js';
import type { ResolvedFrrTransportOptions } from '../options.js';
import { daemonsUnreachable, frrComplaints } from './deviceMessages.js';

/** An FRR daemon vtysh can address alone (`-d`). */
export type FrrDaemon = 'bgpd' | 'zebra' | 'bfdd';

/** vtysh of one FRR instance, addressed by its vty socket directory. */
export class Vtysh {
  readonly #options: ResolvedFrrTransportOptions;

  constructor(options: ResolvedFrrTransportOptions) {
    this.#options = options;
  }

  /**
   * Runs show `command` (sent to `daemon` only when given) and returns its output.
   * @throws {TransportError} when vtysh cannot run or reach the daemon, or exits non-zero.
   */
  async show(command: string, signal: AbortSignal, daemon?: FrrDaemon): Promise<string> {
    const args = ['--vty_socket', this.#options.vtyDir, ...(daemon === undefined ? [] : ['-d', daemon]), '-c', command];
    const result = await runProcess(this.#options.vtysh, args, { timeoutMs: this.#options.commandTimeoutMs, signal });
    if (result.code !== 0) {
      const output = `${result.stdout}\n${result.stderr}`.trim();
      throw new TransportError(
        `vtysh "${command}" failed (exit ${String(result.code)}) on ${this.#options.vtyDir}: ${output || 'no output'}`,
      );
    }
    return result.stdout;
  }

  /**
   * Runs a JSON show command and parses it.
   * @throws {TransportError} as {@link show}, or when the answer is not JSON.
   */
  async showJson(command: string, signal: AbortSignal, daemon?: FrrDaemon): Promise<unknown> {
    const text = await this.show(command, signal, daemon);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new TransportError(`vtysh "${command}" did not answer JSON: ${text.slice(0, 200)}`, { cause: error });
    }
  }

  /**
   * The running configuration without vtysh's banner (`Building configuration...`,
   * `Current configuration:`) and without the final `end`.
   */
  async runningConfig(signal: AbortSignal, daemon?: FrrDaemon): Promise<string> {
    const text = await this.show('show running-config', signal, daemon);
    const lines = text.split('\n');
    const start = lines.findIndex((line) => line.startsWith('Current configuration:'));
    const body = lines
      .slice(start + 1)
      .filter((line, i, all) => !(line === 'end' && all.slice(i + 1).every((rest) => rest.trim() === '')));
    return `${body.join('\n').trim()}\n`;
  }

  /**
   * Saves the running configuration to the integrated `frr.conf` (`write memory`, with
   * `--config_dir` the configuration directory), as frr-reload does after a reload.
   * @throws {TransportError} when vtysh fails.
   */
  async writeMemory(signal: AbortSignal): Promise<void> {
    const o = this.#options;
    const args = ['--config_dir', o.configDir, '--vty_socket', o.vtyDir, '-c', 'write memory'];
    const result = await runProcess(o.vtysh, args, { timeoutMs: o.commandTimeoutMs, signal });
    if (result.code !== 0)
      throw new TransportError(
        `vtysh "write memory" failed (exit ${String(result.code)}) on ${o.vtyDir}: ${`${result.stdout}\n${result.stderr}`.trim() || 'no output'}`,
      );
  }

  /**
   * Runs configuration lines in one `configure terminal` session: the incremental change protocol
   * (and tests). vtysh stops at the first refused line; the lines before it stay applied, so a
   * caller restores on error.
   * @throws {DeviceRejectedError} with FRR's messages when a line is refused;
   * {@link TransportError} when the daemons cannot be reached.
   */
  async configure(lines: readonly string[], signal: AbortSignal): Promise<void> {
    const args = [
      '--vty_socket',
      this.#options.vtyDir,
      '-c',
      'configure terminal',
      ...lines.flatMap((line) => ['-c', line]),
    ];
    const result = await runProcess(this.#options.vtysh, args, { timeoutMs: this.#options.commandTimeoutMs, signal });
    if (result.code === 0) return;
    const output = `${result.stdout}\n${result.stderr}`;
    if (daemonsUnreachable(output))
      throw new TransportError(`vtysh cannot reach FRR on ${this.#options.vtyDir}: ${output.trim()}`);
    const messages = frrComplaints(output);
    throw new DeviceRejectedError(`FRR refused the configuration: ${messages.join('; ') || output.trim()}`, {
      deviceMessages: messages.length > 0 ? messages : [output.trim()],
    });
  }
}
