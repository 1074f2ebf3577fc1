import type { BgpSessionState } from '../api/state.js';
import type { SessionMemory } from './peerMemory.js';

/**
 * When a session seen Established before (`before`) is now down: when the device says it left
 * Established (`downForMs` before `now`), never before it was last seen coming up; else `now`.
 */
function wentDownAt(before: SessionMemory, session: BgpSessionState | undefined, now: number): number {
  const downForMs = session?.downForMs;
  if (downForMs === undefined || !Number.isFinite(downForMs) || downForMs < 0) return now;
  return Math.min(now, Math.max(before.since, now - downForMs));
}

/**
 * Brings the session memory of the `configured` peers up to date with what the device reports
 * now: a peer whose condition (Established or not) changed starts a new `since` — for a session
 * that went down, the time the device says it went down (`downForMs`), so the session-down hold
 * does not also wait for the next reconcile; `seenUp` sticks once a peer was Established while
 * configured. A configured peer the device does not report is not Established. Entries of peers
 * no longer configured are dropped. Pure.
 */
export function trackSessions(
  previous: Readonly<Record<string, SessionMemory>>,
  configured: Iterable<string>,
  sessions: ReadonlyMap<string, BgpSessionState>,
  now: number,
): Record<string, SessionMemory> {
  const out: Record<string, SessionMemory> = {};
  for (const peer of configured) {
    const up = sessions.get(peer)?.state === 'Established';
    const before = previous[peer];
    if (before === undefined) out[peer] = { up, since: now, seenUp: up };
    else if (before.up !== up)
      out[peer] = {
        up,
        since: before.up ? wentDownAt(before, sessions.get(peer), now) : now,
        seenUp: before.seenUp || up,
      };
    else out[peer] = before;
  }
  return out;
}
