import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabUpOptions } from '../lab/labUp.js';
import { labUp } from '../lab/labUp.js';
import { labDown, type LabDownOptions } from '../lab/labDown.js';
import { labCrash, labRestartAgent, type CrashOptions } from '../lab/labRestart.js';
import { labScale } from '../lab/labScale.js';
import { labReplace } from '../lab/labReplace.js';
import { labStatus } from '../lab/labStatus.js';
import { allEstablished, waitForStatus } from '../lab/waitForStatus.js';
import { formatLabStatus } from './formatStatus.js';

/** Where CLI output goes (the agent passes its own streams). */
export interface LabCliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Default state directory of `meshrr lab` (`<tmpdir>/meshrr-lab`). */
export function defaultLabStateDir(): string {
  return join(tmpdir(), 'meshrr-lab');
}

/** Options of {@link labUpCommand}: {@link LabUpOptions} plus how long to wait for convergence. */
export interface LabUpCommandOptions extends LabUpOptions {
  /** Wait up to this long for every session to be Established before printing status (0 = don't). Default 60. */
  readonly waitSeconds?: number;
}

/**
 * `meshrr lab up <topology>`: starts the lab, waits (≤ `waitSeconds`) for every session to be
 * Established, prints the status table. Resolves with the exit code: 0 up and converged, 1 up but
 * not converged in time (the lab keeps running). Errors (prerequisites, topology, start failure)
 * propagate as {@link LabError} subclasses; the lab is then already removed.
 */
export async function labUpCommand(topologyFile: string, options: LabUpCommandOptions, io: LabCliIo): Promise<number> {
  const started = performance.now();
  const handle = await labUp(topologyFile, options);
  io.stderr(`lab ${handle.name} up in ${Math.round(performance.now() - started)} ms (state ${handle.stateDir})\n`);
  const waitMs = (options.waitSeconds ?? 60) * 1000;
  if (waitMs <= 0) return 0;
  try {
    const { status, elapsedMs } = await waitForStatus(handle, allEstablished, waitMs, 200);
    io.stderr(`all sessions Established ${Math.round(elapsedMs)} ms later\n`);
    io.stdout(formatLabStatus(status));
    return 0;
  } catch {
    io.stderr(`not every session is Established after ${waitMs / 1000} s; the lab keeps running\n`);
    io.stdout(formatLabStatus(await labStatus(handle)));
    return 1;
  }
}

/**
 * `meshrr lab down [--keep-logs]`: removes the lab in `stateDir` (idempotent); with `keepLogs` the
 * routers' run directories (logs, configurations) stay. Resolves with exit code 0.
 */
export async function labDownCommand(stateDir: string, io: LabCliIo, options: LabDownOptions = {}): Promise<number> {
  const result = await labDown(stateDir, options);
  io.stderr(
    result.found
      ? `lab removed: ${result.processesStopped} processes stopped, ${result.namespacesDeleted} namespaces deleted${result.logsKeptIn === undefined ? '' : `; logs kept in ${result.logsKeptIn}/routers and ${result.logsKeptIn}/dns`}\n`
      : `no lab in ${stateDir}: nothing to do\n`,
  );
  return 0;
}

/** `meshrr lab scale <group> <count>`: scales a route-reflector group like a Deployment. Exit code 0. */
export async function labScaleCommand(stateDir: string, group: string, count: number, io: LabCliIo): Promise<number> {
  const result = await labScale(stateDir, group, count);
  const changes = [
    ...(result.added.length > 0 ? [`added ${result.added.join(', ')}`] : []),
    ...(result.removed.length > 0 ? [`removed ${result.removed.join(', ')}`] : []),
  ];
  io.stdout(`${group}: ${result.before} -> ${result.after}${changes.length > 0 ? ` (${changes.join('; ')})` : ''}\n`);
  return 0;
}

/** `meshrr lab restart-agent <router>`: restarts a route reflector's agent (FRR keeps running). Exit code 0. */
export async function labRestartAgentCommand(stateDir: string, router: string, io: LabCliIo): Promise<number> {
  const { elapsedMs } = await labRestartAgent(stateDir, router);
  io.stdout(`${router}: agent restarted, answering /healthz after ${Math.round(elapsedMs)} ms\n`);
  return 0;
}

/** `meshrr lab crash <router>`: kills a route reflector's FRR; the lab restarts it like a kubelet. Exit code 0. */
export async function labCrashCommand(
  stateDir: string,
  router: string,
  io: LabCliIo,
  options: CrashOptions = {},
): Promise<number> {
  const { downMs } = await labCrash(stateDir, router, options);
  io.stdout(`${router}: FRR killed and restarted, back after ${Math.round(downMs)} ms\n`);
  return 0;
}

/** `meshrr lab replace <router>`: deletes and recreates the router's pod with a new address. Exit code 0. */
export async function labReplaceCommand(stateDir: string, router: string, io: LabCliIo): Promise<number> {
  const result = await labReplace(stateDir, router);
  io.stdout(
    `${result.router}: ${result.oldAddress} -> ${result.newAddress} (back in DNS after ${Math.round(result.elapsedMs)} ms)\n`,
  );
  return 0;
}
