import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { eventually, HANG_GUARD_MS } from '@meshrr/core/testing';

const run = promisify(execFile);

/** Where Debian's FRR 8.4 puts its programs. */
export const FRR_PROGRAMS = {
  zebra: '/usr/lib/frr/zebra',
  bgpd: '/usr/lib/frr/bgpd',
  bfdd: '/usr/lib/frr/bfdd',
  vtysh: '/usr/bin/vtysh',
  frrReload: '/usr/lib/frr/frr-reload.py',
} as const;

/**
 * Why real-FRR tests cannot run here (`undefined` when they can): root is needed for network
 * namespaces and port 179, the FRR programs must exist, and user `frr` (the daemons drop to it).
 */
export async function realFrrUnavailable(): Promise<string | undefined> {
  if (userInfo().uid !== 0) return 'not root (network namespaces and port 179 need root)';
  const missing = Object.values(FRR_PROGRAMS).filter((p) => !existsSync(p));
  if (missing.length > 0) return `FRR programs missing: ${missing.join(', ')} (apt-get install frr frr-pythontools)`;
  try {
    await run('id', ['frr'], { timeout: HANG_GUARD_MS });
    await run('ip', ['netns', 'list'], { timeout: HANG_GUARD_MS });
  } catch (error) {
    return `user frr or ip netns unavailable: ${(error as Error).message}`;
  }
  return undefined;
}

/** One FRR instance (zebra + bgpd in the foreground) in a network namespace. */
export interface FrrNode {
  readonly netns: string;
  /** Holds `frr.conf`, `vtysh.conf`, `empty.conf`, vty sockets, pid files and logs. */
  readonly dir: string;
  readonly zebra: ChildProcess;
  readonly bgpd: ChildProcess;
  /** Stops bgpd, then zebra (SIGTERM, SIGKILL after 5 s), by PID. Idempotent. */
  stop(): Promise<void>;
  /** Stops bgpd only (to test a dead daemon). Idempotent. */
  stopBgpd(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = sleep(5_000).then(() => 'timeout' as const);
  if ((await Promise.race([exited.then(() => 'exited' as const), timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '(no output)';
  }
}

async function waitForFiles(
  files: readonly string[],
  label: string,
  child: ChildProcess,
  outFile: string,
): Promise<void> {
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  await eventually(() => exited() || files.every((f) => existsSync(f)), {
    what: `${label} ready (waiting for ${files.join(', ')})`,
    intervalMs: 20,
    describe: () => tail(outFile),
  });
  if (exited())
    throw new Error(
      `${label} exited (${String(child.exitCode ?? child.signalCode)}) before it was ready: ${tail(outFile)}`,
    );
}

function startDaemon(netns: string, dir: string, daemon: 'zebra' | 'bgpd' | 'bfdd'): ChildProcess {
  const args = [
    'netns',
    'exec',
    netns,
    FRR_PROGRAMS[daemon],
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
  if (daemon === 'bfdd') args.push('--bfdctl', join(dir, 'bfdd.sock'));
  // `ip netns exec` execs the daemon in place: the child's PID is the daemon's
  const out = openSync(join(dir, `${daemon}.out`), 'a');
  try {
    return spawn('ip', args, { stdio: ['ignore', out, out] });
  } finally {
    closeSync(out);
  }
}

/**
 * Starts zebra then bgpd (and bfdd with `options.bfdd`) in the foreground (children of this process, so they are reaped at once)
 * inside `netns`, with every file in `dir` (created, owned by user `frr`): the layout of
 * real-peers.md §2a — `-P 0` (no TCP vty), `--vty_socket dir`, `-f empty.conf`, no watchfrr.
 * Every parent directory of `dir` must be traversable by user `frr` (`mkdtemp` makes 0700 dirs:
 * chmod them 0755). Daemon output goes to `<dir>/<daemon>.out`.
 * The node starts with an empty configuration; apply one with vtysh or frr-reload. On failure the
 * started daemons are stopped before the error is rethrown.
 */
export async function startFrrNode(netns: string, dir: string, options: { bfdd?: boolean } = {}): Promise<FrrNode> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'vtysh.conf'), 'service integrated-vtysh-config\n');
  await writeFile(join(dir, 'empty.conf'), '');
  const { stdout } = await run('id', ['-u', 'frr']);
  const { stdout: gid } = await run('id', ['-g', 'frr']);
  await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  for (const f of ['vtysh.conf', 'empty.conf']) await chown(join(dir, f), Number(stdout.trim()), Number(gid.trim()));
  const zebra = startDaemon(netns, dir, 'zebra');
  let bgpd: ChildProcess | undefined;
  let bfdd: ChildProcess | undefined;
  try {
    await waitForFiles(
      [join(dir, 'zebra.vty'), join(dir, 'zserv.api')],
      `zebra in ${netns}`,
      zebra,
      join(dir, 'zebra.out'),
    );
    bgpd = startDaemon(netns, dir, 'bgpd');
    await waitForFiles([join(dir, 'bgpd.vty')], `bgpd in ${netns}`, bgpd, join(dir, 'bgpd.out'));
    if (options.bfdd === true) {
      bfdd = startDaemon(netns, dir, 'bfdd');
      await waitForFiles([join(dir, 'bfdd.vty')], `bfdd in ${netns}`, bfdd, join(dir, 'bfdd.out'));
    }
  } catch (error) {
    if (bfdd !== undefined) await stopChild(bfdd);
    if (bgpd !== undefined) await stopChild(bgpd);
    await stopChild(zebra);
    throw error;
  }
  const started = bgpd;
  const extra = bfdd;
  return {
    netns,
    dir,
    zebra,
    bgpd: started,
    stopBgpd: () => stopChild(started),
    stop: async () => {
      if (extra !== undefined) await stopChild(extra);
      await stopChild(started);
      await stopChild(zebra);
    },
  };
}

/**
 * Applies configuration lines to a node in one `configure terminal` vtysh session (no
 * start/end-of-configuration markers, so bgpd starts sessions at once). Throws with vtysh's
 * output when a line is refused.
 */
export async function vtyshConfigure(dir: string, lines: readonly string[]): Promise<void> {
  await run(FRR_PROGRAMS.vtysh, ['--vty_socket', dir, '-c', 'configure terminal', ...lines.flatMap((l) => ['-c', l])], {
    timeout: HANG_GUARD_MS,
  });
}

/** Runs a JSON show command on a node. */
export async function vtyshJson(dir: string, command: string): Promise<unknown> {
  const { stdout } = await run(FRR_PROGRAMS.vtysh, ['--vty_socket', dir, '-c', command], {
    timeout: HANG_GUARD_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as unknown;
}
