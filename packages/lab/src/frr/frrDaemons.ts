import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { FILE_LIMITS, readBoundedTextSync } from '@meshrr/core';
import { join } from 'node:path';
import { LabError } from '../errors.js';
import { inNetns } from '../system/netns.js';
import { killProcess, startProcess, stopProcess, waitFor, type ProcessRecord } from '../system/processes.js';
import { PROGRAMS } from '../system/prerequisites.js';
import { runChecked } from '../system/run.js';
import { vtyshConfigure } from './vtysh.js';
import { READY_TIMEOUT_MS } from '../system/timeouts.js';

/** The two FRR daemons of one router. */
export interface FrrProcesses {
  readonly zebra: ProcessRecord;
  readonly bgpd: ProcessRecord;
}

/**
 * Prepares an FRR run directory: `vtysh.conf` (integrated config), `empty.conf` (what the daemons
 * read at start) and `frr.conf` (the base config applied after start), owned by user `frr`
 * (the daemons drop to it and need to write there).
 */
export async function prepareFrrDir(dir: string, frrConf: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'vtysh.conf'), 'service integrated-vtysh-config\n');
  writeFileSync(join(dir, 'empty.conf'), '');
  writeFileSync(join(dir, 'frr.conf'), frrConf);
  await runChecked('chown', ['-R', 'frr:frr', dir]);
}

function daemonArgv(netns: string, dir: string, daemon: 'zebra' | 'bgpd'): string[] {
  const args = [
    '-P',
    '0',
    '-i',
    join(dir, `${daemon}.pid`),
    '--vty_socket',
    dir,
    '-z',
    join(dir, 'zserv.api'),
    '-f',
    join(dir, 'empty.conf'),
    '--log',
    `file:${join(dir, `${daemon}.log`)}`,
  ];
  if (daemon === 'zebra') args.push('-s', '90000000');
  return inNetns(netns, [daemon === 'zebra' ? PROGRAMS.zebra : PROGRAMS.bgpd, ...args]);
}

/**
 * Starts zebra then bgpd in the foreground inside `netns` (detached from the caller), waits for
 * their vty sockets, then applies `<dir>/frr.conf` with `vtysh -b` (what frrinit does).
 * @throws {LabError} when a daemon does not come up within 10 s or the config is rejected; daemons
 * already started are stopped first.
 */
export async function startFrr(netns: string, dir: string, label: string): Promise<FrrProcesses> {
  const zebra = await startProcess(daemonArgv(netns, dir, 'zebra'), join(dir, 'zebra.out'), `zebra ${label}`);
  let bgpd: ProcessRecord | undefined;
  try {
    await waitFor(
      `zebra of ${label}`,
      () => existsSync(join(dir, 'zebra.vty')) && existsSync(join(dir, 'zserv.api')),
      READY_TIMEOUT_MS,
      20,
    );
    bgpd = await startProcess(daemonArgv(netns, dir, 'bgpd'), join(dir, 'bgpd.out'), `bgpd ${label}`);
    await waitFor(`bgpd of ${label}`, () => existsSync(join(dir, 'bgpd.vty')), READY_TIMEOUT_MS, 20);
    await applyIntegratedConfig(dir, label);
    return { zebra, bgpd };
  } catch (error) {
    if (bgpd !== undefined) await stopProcess(bgpd);
    await stopProcess(zebra);
    throw error;
  }
}

/**
 * Applies `<dir>/frr.conf` line by line in one `configure terminal` vtysh session. (`vtysh -b`/`-f`
 * wrap the file in start/end-of-configuration markers, after which bgpd holds every peer for a
 * further ~4 s "config-pending" delay; plain lines start sessions at once.)
 */
async function applyIntegratedConfig(dir: string, label: string): Promise<void> {
  const lines = readBoundedTextSync(join(dir, 'frr.conf'), {
    maxBytes: FILE_LIMITS.template,
    what: 'FRR configuration',
  })
    .split('\n')
    .map((line) => line.trimEnd())
    .filter(
      (line) =>
        line.trim() !== '' &&
        !line.trimStart().startsWith('!') &&
        !/^(frr version|frr defaults|service integrated-vtysh-config)/.test(line.trim()),
    );
  try {
    await vtyshConfigure(dir, lines);
  } catch (error) {
    throw new LabError(`FRR of ${label} rejected its base config ${join(dir, 'frr.conf')}`, { cause: error });
  }
}

/** Stops bgpd then zebra (SIGTERM, then SIGKILL after 5 s). Idempotent. */
export async function stopFrr(processes: Partial<FrrProcesses>): Promise<void> {
  if (processes.bgpd !== undefined) await stopProcess(processes.bgpd);
  if (processes.zebra !== undefined) await stopProcess(processes.zebra);
}

/**
 * Kills bgpd and zebra at once (SIGKILL: no NOTIFICATION to peers, like a crashed or OOM-killed
 * container) and removes their sockets and PID files, so that a restart waits for the new ones.
 * The run directory and its `frr.conf` stay (the pod's volume). Idempotent.
 */
export async function killFrr(dir: string, processes: Partial<FrrProcesses>): Promise<void> {
  await Promise.all([processes.bgpd, processes.zebra].filter((p) => p !== undefined).map(killProcess));
  for (const file of ['bgpd.vty', 'zebra.vty', 'zserv.api', 'bgpd.pid', 'zebra.pid'])
    rmSync(join(dir, file), { force: true });
}
