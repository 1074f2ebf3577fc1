import type { Clock } from '../api/ambient.js';
import type { BgpSessionState } from '../api/state.js';

/** Settings of {@link waitForDrained}. */
export interface DrainSettleOptions {
  readonly read: (signal: AbortSignal) => Promise<readonly BgpSessionState[]>;
  readonly clock: Clock;
  /** The sessions read before graceful shutdown was switched on (their update counters are the baseline). */
  readonly baseline?: readonly BgpSessionState[];
  /**
   * After the re-advertisement went out, this long is left for the peers to re-select and pass it
   * on; without update counters, sessions must be unchanged across this interval instead.
   */
  readonly settleMs: number;
  /** How often the sessions are read. */
  readonly pollMs: number;
  /** Absolute time (clock ms) after which waiting stops. */
  readonly deadline: number;
  readonly signal: AbortSignal;
}

/** How a drain wait ended. */
export interface DrainOutcome {
  readonly settled: boolean;
  /**
   * `updates-sent`: every peer got the graceful-shutdown re-advertisement (or had nothing to
   * receive) and `settleMs` passed; `sessions-stable`: no counters, sessions unchanged for
   * `settleMs`; `budget`: the deadline or the signal ended the wait first.
   */
  readonly how: 'updates-sent' | 'sessions-stable' | 'budget';
}

function fingerprint(sessions: readonly BgpSessionState[]): string {
  return sessions
    .map((s) => `${s.peer}|${s.state}|${s.connectionsEstablished ?? ''}`)
    .sort()
    .join(',');
}

/**
 * Has every session that was Established before the drain received the re-advertisement with the
 * graceful-shutdown community? Per peer: gone or no longer Established, or nothing advertised to
 * it (`prefixesSent` 0), or more UPDATEs sent than at the baseline with an empty output queue.
 * `undefined` when the device does not report update counters.
 */
function readvertised(baseline: readonly BgpSessionState[], now: readonly BgpSessionState[]): boolean | undefined {
  const current = new Map(now.map((s) => [s.peer, s]));
  for (const before of baseline) {
    if (before.state !== 'Established') continue;
    const later = current.get(before.peer);
    if (later === undefined || later.state !== 'Established') continue;
    if (before.updatesSent === undefined || later.updatesSent === undefined) return undefined;
    if (later.prefixesSent === 0) continue;
    if (later.updatesSent <= before.updatesSent || (later.outQueueDepth ?? 0) > 0) return false;
  }
  return true;
}

/** Sleeps `ms` but not past `deadline`; false when the wait was cut short (deadline or abort). */
async function nap(options: DrainSettleOptions, ms: number): Promise<boolean> {
  const wait = Math.min(ms, options.deadline - options.clock.now());
  if (wait <= 0) return false;
  try {
    await options.clock.sleep(wait, options.signal);
  } catch {
    return false;
  }
  return wait >= ms;
}

/**
 * Waits until a drain (RFC 8326 graceful shutdown) has done its work, or the deadline. meshrr
 * cannot see its peers' route selection, so "peers have lowered preference" is observed as: every
 * Established peer has been sent the re-advertisement carrying GRACEFUL_SHUTDOWN (its UPDATE
 * counter moved past the `baseline` and its output queue is empty), then `settleMs` for the peers
 * to re-select and propagate. Without counters (a device that does not report them), the sessions
 * must stay unchanged (peer, state, connection count) across `settleMs`. Reads every `pollMs`;
 * read errors count as "not yet". Never rejects.
 */
export async function waitForDrained(options: DrainSettleOptions): Promise<DrainOutcome> {
  let stableSince: string | undefined;
  let stableAt = 0;
  while (!options.signal.aborted) {
    let now: readonly BgpSessionState[] | undefined;
    try {
      now = await options.read(options.signal);
    } catch {
      now = undefined;
    }
    if (now !== undefined) {
      const sent = options.baseline === undefined ? undefined : readvertised(options.baseline, now);
      if (sent === true) return { settled: await nap(options, options.settleMs), how: 'updates-sent' };
      if (sent === undefined) {
        const print = fingerprint(now);
        if (print !== stableSince) {
          stableSince = print;
          stableAt = options.clock.now();
        } else if (options.clock.now() - stableAt >= options.settleMs) return { settled: true, how: 'sessions-stable' };
      }
    }
    if (!(await nap(options, options.pollMs))) break;
  }
  return { settled: false, how: 'budget' };
}
