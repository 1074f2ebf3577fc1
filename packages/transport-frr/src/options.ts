import { dirname, isAbsolute, join } from 'node:path';
import { TerminalError } from '@meshrr/core';

/**
 * Where FRR is and how to reach it; the shape of a pod where the agent shares FRR's run
 * directory (`/var/run/frr`) and configuration directory (`/etc/frr`).
 */
export interface FrrTransportOptions {
  /** Directory of the daemons' vty sockets (`--vty_socket`), e.g. `/var/run/frr`. */
  readonly vtyDir: string;
  /**
   * The integrated configuration file FRR starts from, e.g. `/etc/frr/frr.conf`. Its directory is
   * frr-reload's `--confdir` and must hold `vtysh.conf` (not `no service integrated-vtysh-config`);
   * after every applied change FRR writes its running configuration there (`<dir>/frr.conf`).
   */
  readonly configFile: string;
  /** vtysh binary. Default `/usr/bin/vtysh`. frr-reload runs the `vtysh` of the same directory. */
  readonly vtysh?: string;
  /** frr-reload.py (run directly: its shebang names Debian's python3). Default `/usr/lib/frr/frr-reload.py`. */
  readonly frrReload?: string;
  /** Where the candidate, the rollback copy and frr-reload's temporary files go. Default `vtyDir`. */
  readonly workDir?: string;
  /** Timeout of one vtysh call. Default 15 000 ms. */
  readonly commandTimeoutMs?: number;
  /** Timeout of one frr-reload.py run. Default 60 000 ms. */
  readonly reloadTimeoutMs?: number;
}

/** {@link FrrTransportOptions} with defaults applied. */
export interface ResolvedFrrTransportOptions {
  readonly vtyDir: string;
  readonly configFile: string;
  readonly configDir: string;
  readonly vtysh: string;
  readonly binDir: string;
  readonly frrReload: string;
  readonly workDir: string;
  readonly candidateFile: string;
  readonly rollbackFile: string;
  readonly commandTimeoutMs: number;
  readonly reloadTimeoutMs: number;
}

function checkPath(field: string, value: string): string {
  if (!isAbsolute(value))
    throw new TerminalError(`FRR transport: ${field} must be an absolute path, got "${value}"`, {
      code: 'config-invalid',
    });
  return value;
}

function checkTimeout(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 100 || value > 3_600_000)
    throw new TerminalError(`FRR transport: ${field} must be an integer from 100 to 3600000 ms, got ${value}`, {
      code: 'config-invalid',
    });
  return value;
}

/**
 * Applies defaults and checks the options (absolute paths, sane timeouts).
 * @throws {TerminalError} (`config-invalid`) naming the option.
 */
export function resolveFrrTransportOptions(options: FrrTransportOptions): ResolvedFrrTransportOptions {
  const vtyDir = checkPath('vtyDir', options.vtyDir);
  const configFile = checkPath('configFile', options.configFile);
  const vtysh = checkPath('vtysh', options.vtysh ?? '/usr/bin/vtysh');
  const workDir = checkPath('workDir', options.workDir ?? vtyDir);
  return {
    vtyDir,
    configFile,
    configDir: dirname(configFile),
    vtysh,
    binDir: dirname(vtysh),
    frrReload: checkPath('frrReload', options.frrReload ?? '/usr/lib/frr/frr-reload.py'),
    workDir,
    candidateFile: join(workDir, 'meshrr-candidate.conf'),
    rollbackFile: join(workDir, 'meshrr-rollback.conf'),
    commandTimeoutMs: checkTimeout('commandTimeoutMs', options.commandTimeoutMs ?? 15_000),
    reloadTimeoutMs: checkTimeout('reloadTimeoutMs', options.reloadTimeoutMs ?? 60_000),
  };
}
