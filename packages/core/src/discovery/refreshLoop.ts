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
}

/**
 * Turns a polling lookup into a {@link PeerSource} run loop that keeps the discovery contract:
 * refresh at once, then after each result's `refreshAfterMs`; emit only when the set changed (the
 * first success always emits); on failure report it, keep the last good set, and retry with
 * exponential backoff (reset by the next success). Resolves when `signal` aborts; never rejects
 * because of a failed lookup.
 */
export async function runRefreshLoop(signal: AbortSignal, sink: PeerSink, options: RefreshLoopOptions): Promise<void> {
  const minRefreshMs = options.minRefreshMs ?? 1_000;
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  let last: readonly DiscoveredPeer[] | undefined;
  let failures = 0;
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
    } catch (error) {
      if (signal.aborted) break;
      failures += 1;
      sink.reportFailure(error instanceof Error ? error : new Error(String(error)));
      delay = backoffDelayMs(failures, { initialMs: initialBackoffMs, maxMs: options.maxRefreshMs }, () =>
        options.clock.random(),
      );
    }
    try {
      await options.clock.sleep(delay, signal);
    } catch {
      break;
    }
  }
}
