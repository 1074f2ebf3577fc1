import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNetns } from '../system/netns.js';
import { PROGRAMS } from '../system/prerequisites.js';
import { isAlive, killProcess, startProcess, stopProcess, waitFor, type ProcessRecord } from '../system/processes.js';
import { run } from '../system/run.js';
import { COMMAND_TIMEOUT_MS, READY_TIMEOUT_MS } from '../system/timeouts.js';
import { LabError } from '../errors.js';

/** Files of a BIRD route reflector in its run directory (shared with its agent, as a pod's volumes). */
export interface BirdFiles {
  /** The file BIRD runs from (`bird -c`); the agent's BIRD plugin owns and rewrites it. */
  readonly config: string;
  /** The control socket (`bird -s`). */
  readonly socket: string;
  /** The lab's own BIRD configuration, included by the agent's file (platform option `include`). */
  readonly include: string;
}

/** Paths of {@link BirdFiles} in `dir`. */
export function birdFiles(dir: string): BirdFiles {
  return { config: join(dir, 'bird.conf'), socket: join(dir, 'bird.ctl'), include: join(dir, 'lab.bird.conf') };
}

/**
 * The lab's include: a direct protocol for `eth0`, so that BIRD resolves the next hops of iBGP
 * routes (recursive by default) over the lab network, as FRR does through zebra's connected routes.
 * It originates nothing towards BGP (the plugin's export filter passes BGP routes only).
 */
export const LAB_BIRD_INCLUDE = 'protocol direct meshrr_lab_direct {\n  ipv4;\n  ipv6;\n  interface "eth0";\n}\n';

/**
 * The configuration BIRD starts with before its agent's first commit (what `meshrr init` gives a
 * pod): the router id, a device protocol and the lab include. The agent replaces the whole file.
 */
export function birdBaseConfig(routerId: string, include: string): string {
  return `router id ${routerId};\nprotocol device {\n}\ninclude "${include}";\n`;
}

/** Writes the lab include and the base configuration into `dir` (created when missing). */
export function prepareBirdDir(dir: string, routerId: string): BirdFiles {
  mkdirSync(dir, { recursive: true });
  const files = birdFiles(dir);
  writeFileSync(files.include, LAB_BIRD_INCLUDE);
  writeFileSync(files.config, birdBaseConfig(routerId, files.include));
  return files;
}

/** True when BIRD answers `show status` on its control socket. */
async function answers(socket: string): Promise<boolean> {
  const out = await run(PROGRAMS.birdc, ['-s', socket, 'show status'], { timeoutMs: COMMAND_TIMEOUT_MS });
  return out.code === 0 && out.stdout.includes('Daemon is up and running');
}

/**
 * Starts BIRD in the foreground inside `netns` (`bird -f -c <dir>/bird.conf -s <dir>/bird.ctl`,
 * output to `<dir>/bird.log`) with the configuration already in `<dir>/bird.conf` and resolves once
 * it answers on its control socket.
 * @throws {LabError} when BIRD exits (a configuration error: the message quotes its log) or does
 * not answer in time; it is stopped first.
 */
export async function startBird(netns: string, dir: string, label: string): Promise<ProcessRecord> {
  const files = birdFiles(dir);
  rmSync(files.socket, { force: true });
  const log = join(dir, 'bird.log');
  const bird = await startProcess(
    inNetns(netns, [PROGRAMS.bird, '-f', '-c', files.config, '-s', files.socket, '-P', join(dir, 'bird.pid')]),
    log,
    `bird ${label}`,
  );
  try {
    await waitFor(
      `BIRD of ${label} to answer on ${files.socket}`,
      async () => {
        if (!isAlive(bird)) throw new LabError(`BIRD of ${label} exited at start; see ${log}`);
        return answers(files.socket);
      },
      READY_TIMEOUT_MS,
      20,
    );
  } catch (error) {
    await stopProcess(bird);
    throw error;
  }
  return bird;
}

/** Stops BIRD (SIGTERM, then SIGKILL after 5 s). Idempotent. */
export async function stopBird(bird: ProcessRecord | undefined): Promise<void> {
  if (bird !== undefined) await stopProcess(bird);
}

/**
 * Kills BIRD at once (SIGKILL: no NOTIFICATION, like a crashed container) and removes its socket
 * and PID file; `bird.conf` stays (the pod's volume). Idempotent.
 */
export async function killBird(dir: string, bird: ProcessRecord | undefined): Promise<void> {
  if (bird !== undefined) await killProcess(bird);
  for (const file of ['bird.ctl', 'bird.pid']) rmSync(join(dir, file), { force: true });
}
