import { LabError } from '../errors.js';
import { PROGRAMS } from '../system/prerequisites.js';
import { runChecked } from '../system/run.js';

/**
 * Runs one vtysh `show ... json` command against the FRR whose vty sockets are in `dir` and parses
 * the JSON. @throws {LabError} when vtysh fails or prints something that is not JSON.
 */
export async function vtyshJson(dir: string, command: string): Promise<unknown> {
  const out = await runChecked(PROGRAMS.vtysh, ['--vty_socket', dir, '-c', command], { timeoutMs: 10_000 });
  try {
    return JSON.parse(out) as unknown;
  } catch (error) {
    throw new LabError(`vtysh ${command} (${dir}) did not print JSON: ${out.slice(0, 200)}`, { cause: error });
  }
}

/**
 * Applies configuration lines (`conf t` context) through vtysh.
 * @throws {LabError} when FRR rejects a line.
 */
export async function vtyshConfigure(dir: string, lines: readonly string[]): Promise<void> {
  const args = ['--vty_socket', dir, '-c', 'configure terminal', ...lines.flatMap((line) => ['-c', line])];
  await runChecked(PROGRAMS.vtysh, args, { timeoutMs: 10_000 });
}
