import type { Clock } from '../api/ambient.js';
import type { BgpSessionState } from '../api/state.js';

/** Settings of {@link waitForSettledSessions}. */
export interface SettleOptions {
  readonly read: (signal: AbortSignal) => Promise<readonly BgpSessionState[]>;
  readonly clock: Clock;
  /** Sessions must be identical across this interval. */
  readonly settleMs: number;
  /** Absolute time (clock ms) after which waiting stops. */
  readonly deadline: number;
  readonly signal: AbortSignal;
}

function fingerprint(sessions: readonly BgpSessionState[]): string {
  return sessions
    .map((s) => `${s.peer}|${s.state}|${s.connectionsEstablished ?? ''}`)
    .sort()
    .join(',');
}

/**
 * Reads the BGP sessions every `settleMs` until two consecutive reads are identical (peer, state,
 * connection count) — meshrr cannot see its peers' route selection, so "re-converged" means the
 * sessions stopped changing for one interval — or until `deadline`/abort. Read errors count as
 * "not settled". Resolves true when settled, false otherwise; never rejects.
 */
export async function waitForSettledSessions(options: SettleOptions): Promise<boolean> {
  const { clock, signal } = options;
  let previous: string | undefined;
  while (!signal.aborted) {
    let current: string | undefined;
    try {
      current = fingerprint(await options.read(signal));
    } catch {
      current = undefined;
    }
    if (current !== undefined && current === previous) return true;
    previous = current;
    const wait = Math.min(options.settleMs, options.deadline - clock.now());
    if (wait <= 0) return false;
    try {
      await clock.sleep(wait, signal);
    } catch {
      return false;
    }
    if (wait < options.settleMs) return false;
  }
  return false;
}
