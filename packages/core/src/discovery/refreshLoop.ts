import type { Clock } from '../api/ambient.js';
import type { PeerSink } from '../api/discovery.js';
import type { DiscoveredPeer } from '../api/peer.js';
import { samePeerSet } from './peerSet.js';
import { backoffDelayMs } from '../retry/backoff.js';

/** What one successful refresh found. */
export interface RefreshResult {
  /** The complete current set (authoritative; `[]` only when the source says the set is empty). */
  readonly peers: readonly DiscoveredPeer[];
  /** When to refresh next, e.g. from a DNS TTL; clamped to [`minRefreshMs`, `maxRefreshMs`]. */
  readonly refreshAfterMs: number;
}

/** Settings of {@link runRefreshLoop}. */
export interface RefreshLoopOptions {
  /** One lookup. Throwing (or rejecting) is a failure: the last good set stays in force. */
  readonly refresh: (signal: AbortSignal) => Promise<RefreshResult>;
  readonly clock: Clock;
  /** Lower bound of the refresh period. Default 1 000 ms. */
  readonly minRefreshMs?: number;
  /** Upper bound of the refresh period and of the failure backoff (meshrr `UPDATE_SECONDS`). */
  readonly maxRefreshMs: number;
  /** First retry delay after a failure, doubled per consecutive failure. Default 500 ms. */
  readonly initialBackoffMs?: number;
  /**
   * Upper bound of the failure backoff (never above `maxRefreshMs`). Default: twice the refresh
   * period of the last success (the TTL, clamped) plus 1 s — `minRefreshMs` before the first
   * success — so that once the server answers again the set is fresh within about 2 × TTL + 1 s,
   * and a source never retries a failing server more often than it polls a healthy one.
   */
  readonly maxBackoffMs?: number;
}

/** The default failure backoff cap after a success whose refresh period was `periodMs`. */
function defaultBackoffCapMs(periodMs: number): number {
  return 2 * periodMs + 1_000;
}

/**
 * Turns a polling lookup into a {@link PeerSource} run loop that keeps the discovery contract:
 * refresh at once, then after each result's `refreshAfterMs`; emit only when the set changed (the
 * first success always emits); on failure report it, keep the last good set, and retry with
 * jittered exponential backoff (core's `backoffDelayMs`, reset by the next success) capped low
 * (see `RefreshLoopOptions.maxBackoffMs`: about 2 × TTL + 1 s), so discovery is back within that
 * much once the server answers after an outage. Resolves when `signal` aborts; never rejects
 * because of a failed lookup.
 */
export async function runRefreshLoop(signal: AbortSignal, sink: PeerSink, options: RefreshLoopOptions): Promise<void> {
  const minRefreshMs = options.minRefreshMs ?? 1_000;
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  let last: readonly DiscoveredPeer[] | undefined;
  let failures = 0;
  let periodMs = minRefreshMs;
  while (!signal.aborted) {
    let delay: number;
    try {
      const result = await options.refresh(signal);
      if (signal.aborted) break;
      failures = 0;
      if (last === undefined || !samePeerSet(last, result.peers)) {
        last = result.peers;
        sink.emit(result.peers);
      } else {
        sink.reportSuccess();
      }
      delay = Math.min(options.maxRefreshMs, Math.max(minRefreshMs, result.refreshAfterMs));
      periodMs = delay;
    } catch (error) {
      if (signal.aborted) break;
      failures += 1;
      sink.reportFailure(error instanceof Error ? error : new Error(String(error)));
      const maxMs = Math.min(options.maxRefreshMs, options.maxBackoffMs ?? defaultBackoffCapMs(periodMs));
      delay = backoffDelayMs(failures, { initialMs: initialBackoffMs, maxMs }, () => options.clock.random());
    }
    try {
      await options.clock.sleep(delay, signal);
    } catch {
      break;
    }
  }
}
