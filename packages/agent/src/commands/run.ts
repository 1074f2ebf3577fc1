import { writeFile } from 'node:fs/promises';
import { systemClock, type PlatformOverrides } from '@meshrr/core';
import type { CommandIo } from '../cli/io.js';
import { liveness, readiness } from '../runtime/health.js';
import { startHttpServer, type RunningHttpServer } from '../runtime/httpServer.js';
import { PromMetrics } from '../runtime/promMetrics.js';
import { waitForDevice } from '../runtime/waitForDevice.js';
import { setUpAgent, type EngineCommandOptions } from './agentSetup.js';

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

/**
 * The sidecar: waits for the daemon's management interface (with backoff), writes meshrr's
 * startupProbe file, then runs the engine until SIGTERM/SIGINT. On the first signal it stops taking
 * changes, applies BGP graceful shutdown (RFC 8326), waits up to `drainSeconds` for the network to
 * re-converge, closes sessions and returns (exit 0); a second signal stops at once.
 */
export async function runAgent(options: RunOptions, platform: PlatformOverrides, io: CommandIo): Promise<void> {
  const setup = await setUpAgent(options, platform, { mode: 'apply' }, io, new PromMetrics());
  const { root, logger, metrics } = setup;
  const stop = new AbortController();
  const hardStop = new AbortController();
  let draining: Promise<void> | undefined;
  let connected = false;
  const onSignal = (signal: string): void => {
    if (draining !== undefined || !connected) {
      logger.warn({ signal }, draining ? 'second signal: stopping now' : 'signal before the device answered: stopping');
      hardStop.abort();
      stop.abort();
      return;
    }
    logger.info({ signal, budgetSeconds: options.drainSeconds }, 'stopping: graceful shutdown');
    draining = root.engine
      .drain({ signal: hardStop.signal, budgetMs: options.drainSeconds * 1000 })
      .catch((error: unknown) => logger.error({ err: error }, 'drain failed'))
      .finally(() => stop.abort());
  };
  const unsubscribe = io.onTerminate?.(onSignal) ?? (() => undefined);
  const startedAt = systemClock.now();
  let http: RunningHttpServer | undefined;
  try {
    if (options.httpPort !== undefined) {
      http = await startHttpServer(
        {
          healthz: () =>
            liveness(root.status.current(), systemClock.now(), {
              staleAfterMs: Math.max(60_000, setup.config.updateSeconds * 3000),
              startedAt,
            }),
          readyz: () => readiness(root.status.current(), { sessionQuorum: options.readyQuorum }),
          metrics: () => metrics.expose(),
        },
        { port: options.httpPort, ...(options.httpHost === undefined ? {} : { host: options.httpHost }) },
      );
      logger.info({ port: http.port, address: http.address }, 'serving /healthz, /readyz and /metrics');
    }
    try {
      await waitForDevice(root.transport, stop.signal, { clock: systemClock, logger });
    } catch (error) {
      if (stop.signal.aborted) return;
      throw error;
    }
    connected = true;
    await writeFile(options.connectedFile, `${new Date(systemClock.now()).toISOString()}\n`).catch((error: unknown) =>
      logger.warn({ file: options.connectedFile, err: error }, 'could not write the startup-probe file'),
    );
    await root.engine.start(stop.signal);
    await draining;
  } finally {
    unsubscribe();
    await http?.close();
    logger.info('meshrr stopped');
  }
}
