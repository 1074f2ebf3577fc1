import { writeFile } from 'node:fs/promises';
import { systemClock, type EngineStatus, type MeshrrConfig, type PlatformOverrides } from '@meshrr/core';
import type { CommandIo } from '../cli/io.js';
import type { AgentRoot } from '../container.js';
import { ConfigReloader, type ReloadTrigger } from '../live/configReloader.js';
import { ConfigWatcher } from '../live/configWatcher.js';
import { followedPaths } from '../live/followedPaths.js';
import { liveness, readiness, type HealthVerdict } from '../runtime/health.js';
import { startHttpServer, type RunningHttpServer } from '../runtime/httpServer.js';
import { PromMetrics } from '../runtime/promMetrics.js';
import { waitForDevice } from '../runtime/waitForDevice.js';
import {
  buildAgentRoot,
  loadAgentConfiguration,
  setUpAgent,
  type AgentConfiguration,
  type EngineCommandOptions,
} from './agentSetup.js';

/** Options of `meshrr run` / `meshrr sidecar`. */
export interface RunOptions extends EngineCommandOptions {
  /** Serve /healthz, /readyz and /metrics on this port (absent: no HTTP server, as meshrr). */
  readonly httpPort?: number;
  /** Listen address; absent: every address, IPv6 and IPv4 (dual-stack `::`, else `0.0.0.0`). */
  readonly httpHost?: string;
  /** Graceful-shutdown budget: how long to wait for re-convergence after SIGTERM. */
  readonly drainSeconds: number;
  /** meshrr's startupProbe file, written once the device answers. */
  readonly connectedFile: string;
  /** Share of intended sessions that must be Established for /readyz. */
  readonly readyQuorum: number;
}

/** Quiet time after a file event before the followed files are compared (ConfigMap swaps come in bursts). */
export const RELOAD_DEBOUNCE_MS = 1_000;
/** The followed files are compared this often even without a file event. */
export const RELOAD_POLL_MS = 30_000;

/**
 * A new AS number resets every BGP session of the router (FRR re-creates `router bgp`): it is not
 * applied live but refused, so that it happens at a restart the operator chose.
 */
function refuseLiveAsChange(running: MeshrrConfig, next: MeshrrConfig): void {
  if (running.asn.value !== next.asn.value)
    throw new Error(
      `asn changed (${running.asn.text} → ${next.asn.text}): a new AS number resets every BGP session, so it is applied only at a restart (restart the pod)`,
    );
}

/** One configuration in force: its container and the engine run it drives. */
interface Generation {
  readonly configuration: AgentConfiguration;
  readonly root: AgentRoot;
  readonly stop: AbortController;
  readonly startedAt: number;
  running?: Promise<void>;
  retired?: boolean;
}

/**
 * The sidecar: waits for the daemon's management interface (with backoff), writes meshrr's
 * startupProbe file, then runs the engine until SIGTERM/SIGINT. On the first signal it stops taking
 * changes, applies BGP graceful shutdown (RFC 8326), waits up to `drainSeconds` for the network to
 * re-converge, closes sessions and returns (exit 0); a second signal stops at once.
 *
 * Live configuration: on SIGHUP, and when a followed file changes ({@link followedPaths}, watched
 * by {@link ConfigWatcher}), the configuration is loaded and validated again. An invalid one is
 * refused (log, `meshrr_config_reloads_total{result="refused"}`, a note on `/readyz`) and the
 * running one kept. A valid, different one gets a new container; the running engine stops
 * between passes (nothing is sent to the device, no session is touched), the new engine takes
 * over its peer memory and reconciles the device to the new configuration through the same
 * engine and guards — a minimal change, so sessions the change does not concern stay as they are.
 * `/readyz` answers from the previous engine until the new one has completed a pass.
 */
export async function runAgent(options: RunOptions, platform: PlatformOverrides, io: CommandIo): Promise<void> {
  const setup = await setUpAgent(options, platform, { mode: 'apply' }, io, new PromMetrics());
  const { logger, metrics } = setup;
  if (options.stateDir === undefined)
    logger.warn(
      'no --state-dir: the removal budget window is kept in memory only, so a restarted agent starts a new window (mount an emptyDir and set --state-dir / MESHRR_STATE_DIR)',
    );
  const stop = new AbortController();
  const hardStop = new AbortController();
  let current: Generation = {
    configuration: setup.configuration,
    root: setup.root,
    stop: new AbortController(),
    startedAt: systemClock.now(),
  };
  let previousStatus: EngineStatus | undefined;
  let draining: Promise<void> | undefined;
  let connected = false;
  let pendingReload: ReloadTrigger | undefined;
  let engineFailed: (error: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (engineFailed = reject));
  failure.catch(() => undefined);

  const launch = (generation: Generation): void => {
    generation.running = generation.root.engine.start(generation.stop.signal).catch((error: unknown) => {
      if (generation.retired !== true) engineFailed(error);
    });
  };

  const reloader = new ConfigReloader(setup.config, {
    load: () => loadAgentConfiguration(options.config, io.env, platform, true),
    apply: async (configuration) => {
      if (draining !== undefined || stop.signal.aborted) throw new Error('the agent is stopping');
      refuseLiveAsChange(current.configuration.config, configuration.config);
      const root = await buildAgentRoot(configuration, setup.services);
      const old = current;
      old.retired = true;
      previousStatus = old.root.status.current();
      old.stop.abort();
      await old.running;
      root.engine.continueFrom(old.root.engine);
      current = { configuration, root, stop: new AbortController(), startedAt: systemClock.now() };
      launch(current);
      await watcher.follow(followedPaths(options.config, configuration));
    },
    logger,
    metrics,
  });
  const watcher = new ConfigWatcher({
    debounceMs: RELOAD_DEBOUNCE_MS,
    pollMs: RELOAD_POLL_MS,
    clock: systemClock,
    logger,
    onChange: async (changed) => {
      await reloader.reload('file-change', changed);
    },
  });

  const onSignal = (signal: string): void => {
    if (draining !== undefined || !connected) {
      logger.warn({ signal }, draining ? 'second signal: stopping now' : 'signal before the device answered: stopping');
      hardStop.abort();
      stop.abort();
      return;
    }
    logger.info({ signal, budgetSeconds: options.drainSeconds }, 'stopping: graceful shutdown');
    draining = current.root.engine
      .drain({ signal: hardStop.signal, budgetMs: options.drainSeconds * 1000 })
      .catch((error: unknown) => logger.error({ err: error }, 'drain failed'))
      .finally(() => stop.abort());
  };
  const onReload = (): void => {
    if (!connected) {
      pendingReload = 'sighup';
      logger.info('SIGHUP before the engine started: reloading once it runs');
      return;
    }
    void reloader.reload('sighup');
  };
  const unsubscribe = io.onTerminate?.(onSignal) ?? (() => undefined);
  const unsubscribeReload = io.onReload?.(onReload) ?? (() => undefined);
  const readyStatus = (): EngineStatus => {
    const now = current.root.status.current();
    return now.lastOutcome === undefined && previousStatus !== undefined ? previousStatus : now;
  };
  const withReloadNote = (verdict: HealthVerdict): HealthVerdict =>
    reloader.problem === undefined ? verdict : { ...verdict, notices: [...(verdict.notices ?? []), reloader.problem] };
  let http: RunningHttpServer | undefined;
  try {
    if (options.httpPort !== undefined) {
      http = await startHttpServer(
        {
          healthz: () =>
            liveness(current.root.status.current(), systemClock.now(), {
              staleAfterMs: Math.max(60_000, current.configuration.config.updateSeconds * 3000),
              startedAt: current.startedAt,
            }),
          readyz: () => withReloadNote(readiness(readyStatus(), { sessionQuorum: options.readyQuorum })),
          metrics: () => metrics.expose(),
        },
        { port: options.httpPort, ...(options.httpHost === undefined ? {} : { host: options.httpHost }) },
      );
      logger.info({ port: http.port, address: http.address }, 'serving /healthz, /readyz and /metrics');
    }
    try {
      await waitForDevice(current.root.transport, stop.signal, { clock: systemClock, logger });
    } catch (error) {
      if (stop.signal.aborted) return;
      throw error;
    }
    connected = true;
    await writeFile(options.connectedFile, `${new Date(systemClock.now()).toISOString()}\n`).catch((error: unknown) =>
      logger.warn({ file: options.connectedFile, err: error }, 'could not write the startup-probe file'),
    );
    const stopped = new Promise<void>((resolve) => {
      if (stop.signal.aborted) resolve();
      else stop.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    launch(current);
    await watcher.follow(followedPaths(options.config, current.configuration));
    if (pendingReload !== undefined) void reloader.reload(pendingReload);
    await Promise.race([stopped, failure]);
    watcher.close();
    await reloader.settled();
    current.stop.abort();
    await current.running;
    await draining;
  } finally {
    watcher.close();
    unsubscribe();
    unsubscribeReload();
    current.stop.abort();
    await http?.close();
    logger.info('meshrr stopped');
  }
}
