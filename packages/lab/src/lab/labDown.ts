import { rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readState, type LabState } from '../state/labState.js';
import { deleteNetns, listNetns } from '../system/netns.js';
import { isAlive, stopProcess, type ProcessRecord } from '../system/processes.js';
import { containerName } from '../agent/agentProcess.js';
import { run } from '../system/run.js';
import { stateDirOf, type LabRef } from './handle.js';

/** What {@link labDown} removed. */
export interface LabDownResult {
  /** False when there was no lab state in the directory (nothing to do). */
  readonly found: boolean;
  readonly processesStopped: number;
  readonly namespacesDeleted: number;
  /** With `keepLogs`: the state directory, where the logs stayed (`routers/<router>.<generation>/`, `dns/`). */
  readonly logsKeptIn?: string;
}

/** Options of {@link labDown}. */
export interface LabDownOptions {
  /**
   * Keep every router's and the DNS server's run directory (agent.log, bgpd.log, zebra.log,
   * frr.conf, named's log …) under the state directory; only the lab's state file goes. Default false.
   */
  readonly keepLogs?: boolean;
}

function recordedProcesses(state: LabState): ProcessRecord[] {
  const agents = state.routers.flatMap((r) => (r.processes.agent === undefined ? [] : [r.processes.agent]));
  const frr = state.routers.flatMap((r) =>
    [r.processes.bgpd, r.processes.zebra, r.processes.bird].filter((p) => p !== undefined),
  );
  return [...agents, ...frr, ...(state.dns?.process === undefined ? [] : [state.dns.process])];
}

/** Kills (SIGKILL) whatever still runs inside a lab namespace: only lab processes can be there. */
async function killLeftovers(netns: string): Promise<number> {
  const out = await run('ip', ['netns', 'pids', netns]);
  const pids = out.stdout
    .split('\n')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 1);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids.length;
}

/**
 * Removes what the lab wrote into the state directory (with `keepLogs`, only its state file),
 * then the directory if it is empty.
 */
function removeStateFiles(stateDir: string, keepLogs: boolean): void {
  for (const entry of [...(keepLogs ? [] : ['routers', 'dns']), 'lab.json.tmp', 'lab.json'])
    rmSync(join(stateDir, entry), { recursive: true, force: true });
  try {
    rmdirSync(stateDir);
  } catch {
    // not empty (the user's own files) or already gone: keep it
  }
}

/** Removes the agent and init containers of a lab whose agents ran from an image (none left running). */
async function removeContainers(state: LabState): Promise<void> {
  const names = state.routers.flatMap((r) => [
    containerName(state.labId, r.name, 'agent'),
    containerName(state.labId, r.name, 'init'),
  ]);
  await run('podman', ['--runtime', 'runc', 'rm', '--force', '--ignore', '--time', '0', ...names]).catch(
    () => undefined,
  );
}

/**
 * Removes everything a lab made: stops its agents (SIGTERM, 15 s grace), FRR and BIRD daemons and DNS server
 * by recorded PID (start time checked, so a reused PID is never hit), kills anything left inside its
 * namespaces, removes its agent containers (when the agents ran from an image), deletes every
 * `mlab-<labId>-*` namespace (and with them veths and the bridge) and the
 * state directory. Idempotent: safe to call twice, after a crash half-way through `up`, or when
 * there is no lab (`found: false`). With `keepLogs` the run directories (logs, configurations)
 * stay under the state directory for post-mortems.
 */
export async function labDown(ref: LabRef, options: LabDownOptions = {}): Promise<LabDownResult> {
  const stateDir = stateDirOf(ref);
  const state = readState(stateDir);
  if (state === undefined) return { found: false, processesStopped: 0, namespacesDeleted: 0 };
  const processes = recordedProcesses(state);
  const alive = processes.filter(isAlive).length;
  const agents = processes.filter((p) => p.label.startsWith('agent '));
  await Promise.all(agents.map((p) => stopProcess(p, 15_000)));
  if (state.agent?.image !== undefined) await removeContainers(state);
  await Promise.all(processes.filter((p) => !p.label.startsWith('agent ')).map((p) => stopProcess(p)));
  const namespaces = new Set([...state.namespaces, ...(await listNetns(`mlab-${state.labId}-`))]);
  let leftovers = 0;
  for (const netns of namespaces) leftovers += await killLeftovers(netns);
  for (const netns of namespaces) await deleteNetns(netns);
  const keepLogs = options.keepLogs ?? false;
  removeStateFiles(stateDir, keepLogs);
  return {
    found: true,
    processesStopped: alive + leftovers,
    namespacesDeleted: namespaces.size,
    ...(keepLogs ? { logsKeptIn: stateDir } : {}),
  };
}
