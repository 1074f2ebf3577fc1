import { LabError } from '../errors.js';
import { PROGRAMS } from '../system/prerequisites.js';
import { runChecked } from '../system/run.js';
import { parseJsonStream } from './jsonStream.js';
import { COMMAND_TIMEOUT_MS } from '../system/timeouts.js';

/**
 * Runs one vtysh `show ... json` command against the FRR whose vty sockets are in `dir` and parses
 * the JSON. @throws {LabError} when vtysh fails or prints something that is not JSON.
 */
export async function vtyshJson(dir: string, command: string): Promise<unknown> {
  const out = await runChecked(PROGRAMS.vtysh, ['--vty_socket', dir, '-c', command], { timeoutMs: COMMAND_TIMEOUT_MS });
  try {
    return JSON.parse(out) as unknown;
  } catch (error) {
    throw new LabError(`vtysh ${command} (${dir}) did not print JSON: ${out.slice(0, 200)}`, { cause: error });
  }
}

/**
 * Runs several `show ... json` commands in one vtysh call and returns their parsed outputs in order.
 * @throws {LabError} when vtysh fails or the output is not one JSON value per command.
 */
export async function vtyshJsonMany(dir: string, commands: readonly string[]): Promise<unknown[]> {
  const out = await runChecked(PROGRAMS.vtysh, ['--vty_socket', dir, ...commands.flatMap((c) => ['-c', c])], {
    timeoutMs: COMMAND_TIMEOUT_MS,
  });
  let values: unknown[];
  try {
    values = parseJsonStream(out);
  } catch (error) {
    throw new LabError(`vtysh (${dir}) did not print JSON: ${out.slice(0, 200)}`, { cause: error });
  }
  if (values.length !== commands.length)
    throw new LabError(`vtysh (${dir}) printed ${values.length} JSON values for ${commands.length} commands`);
  return values;
}

/**
 * Applies configuration lines (`conf t` context) through vtysh.
 * @throws {LabError} when FRR rejects a line.
 */
export async function vtyshConfigure(dir: string, lines: readonly string[]): Promise<void> {
  const args = ['--vty_socket', dir, '-c', 'configure terminal', ...lines.flatMap((line) => ['-c', line])];
  await runChecked(PROGRAMS.vtysh, args, { timeoutMs: COMMAND_TIMEOUT_MS });
}
