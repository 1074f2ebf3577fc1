import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from '../errors.js';
import { killFrr, startFrr } from '../frr/frrDaemons.js';
import { killBird, startBird } from '../bird/birdDaemon.js';
import { findRouter, requireState, saveState, type LabState, type RouterState } from '../state/labState.js';
import { stopProcess } from '../system/processes.js';
import { stateDirOf, type LabRef } from './handle.js';
import { startRouterAgent } from './routerLifecycle.js';

/** What {@link labCrash} did. */
export interface CrashResult {
  readonly router: string;
  /** From the kill until FRR answered again with its configuration applied (ms). */
  readonly downMs: number;
}

/** Options of {@link labCrash}. */
export interface CrashOptions {
  /** How long the crashed daemon stays down before the lab restarts it (ms; a kubelet's restart back-off). Default 0. */
  readonly restartAfterMs?: number;
}

function routeReflector(state: LabState, name: string): RouterState {
  const router = findRouter(state, name);
  if (router.kind !== 'rr')
    throw new LabError(`${name} is a client router; only route reflectors have an agent and a daemon to crash`);
  return router;
}

/**
 * Crashes the routing daemon of a route reflector and restarts it like a kubelet restarts a crashed
 * container: bgpd and zebra (or BIRD) are killed (SIGKILL: sessions drop without NOTIFICATION, peers
 * notice by hold timer or a refused reconnect), and after `restartAfterMs` the daemon starts again
 * in the same pod (same namespace, address and run directory) with the `frr.conf` (`bird.conf`)
 * there — the configuration the agent last saved. The agent keeps running and must notice on its own. Resolves once FRR
 * has applied that file.
 * @throws {LabError} for an unknown router, a client router, or when FRR does not come back.
 */
export async function labCrash(ref: LabRef, routerName: string, options: CrashOptions = {}): Promise<CrashResult> {
  const state = requireState(stateDirOf(ref));
  const router = routeReflector(state, routerName);
  const started = performance.now();
  const bird = router.daemon === 'bird';
  if (bird) await killBird(router.dir, router.processes.bird);
  else await killFrr(router.dir, router.processes);
  if ((options.restartAfterMs ?? 0) > 0) await sleep(options.restartAfterMs);
  const { agent } = router.processes;
  const daemon = bird
    ? { bird: await startBird(router.netns, router.dir, router.name) }
    : await startFrr(router.netns, router.dir, router.name);
  router.processes = { ...daemon, ...(agent === undefined ? {} : { agent }) };
  saveState(state);
  return { router: routerName, downMs: performance.now() - started };
}

/**
 * Restarts the agent of a route reflector like a container restart of the sidecar (an image
 * update, `kubectl delete`-free): SIGTERM (it drains, 15 s grace), then a new agent in the same
 * pod, same address and run directory; FRR keeps running. Resolves once the new agent answers
 * `/healthz`, with how long that took (ms).
 * @throws {LabError} for an unknown router, a client router, a lab without agents, or an agent
 * that does not come back.
 */
export async function labRestartAgent(ref: LabRef, routerName: string): Promise<{ readonly elapsedMs: number }> {
  const state = requireState(stateDirOf(ref));
  const router = routeReflector(state, routerName);
  if (state.agent === undefined) throw new LabError(`lab ${state.name} runs no agents`);
  const started = performance.now();
  if (router.processes.agent !== undefined) await stopProcess(router.processes.agent, 15_000);
  delete router.processes.agent;
  saveState(state);
  await startRouterAgent(state, router, { init: false });
  return { elapsedMs: performance.now() - started };
}
