import type { Clock, Logger } from '../api/ambient.js';
import type { DiscoveryContext, PeerSink } from '../api/discovery.js';
import { DiscoveryError } from '../api/errors.js';
import type { ResolvedSource } from './resolveSources.js';
import { backoffDelayMs } from '../retry/backoff.js';

/** Settings of {@link superviseSource}. */
export interface SuperviseOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** First restart delay after a crash, doubled per consecutive crash. Default 1 000 ms. */
  readonly restartBaseMs?: number;
  /** Longest restart delay. Default 60 000 ms. */
  readonly restartMaxMs?: number;
  /** Called on each restart (metrics). */
  readonly onRestart?: () => void;
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * Runs one source until `signal` aborts. A source whose `run` rejects (or resolves although not
 * asked to stop) has crashed: the crash is reported to the sink as a failure (the last good set
 * stays), and a fresh source is created and run after an exponential backoff, reset once a
 * restarted source reports anything. Resolves when `signal` aborts; never rejects.
 */
export async function superviseSource(
  source: ResolvedSource,
  context: DiscoveryContext,
  sink: PeerSink,
  signal: AbortSignal,
  options: SuperviseOptions,
): Promise<void> {
  const baseMs = options.restartBaseMs ?? 1_000;
  const maxMs = options.restartMaxMs ?? 60_000;
  let crashes = 0;
  while (!signal.aborted) {
    let reported = false;
    const watched: PeerSink = {
      emit: (peers) => ((reported = true), sink.emit(peers)),
      reportSuccess: () => ((reported = true), sink.reportSuccess()),
      reportFailure: (error) => ((reported = true), sink.reportFailure(error)),
    };
    let crash: Error;
    try {
      await source.provider.create(source.options, context).run(signal, watched);
      if (signal.aborted) return;
      crash = new DiscoveryError(
        'source-ended',
        `the ${source.sourcetype} source of group ${source.group} stopped on its own`,
      );
    } catch (error) {
      if (signal.aborted) return;
      crash = asError(error);
    }
    crashes = reported ? 1 : crashes + 1;
    const delayMs = backoffDelayMs(crashes, { initialMs: baseMs, maxMs }, () => context.clock.random());
    sink.reportFailure(crash);
    options.logger.error({ err: crash, restartInMs: delayMs }, 'discovery source crashed; restarting');
    options.onRestart?.();
    try {
      await options.clock.sleep(delayMs, signal);
    } catch {
      return;
    }
  }
}
