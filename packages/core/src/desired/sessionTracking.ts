import type { BgpSessionState } from '../api/state.js';
import type { SessionMemory } from './peerMemory.js';

/**
 * Brings the session memory of the `configured` peers up to date with what the device reports
 * now: a peer whose condition (Established or not) changed starts a new `since`; `seenUp` sticks
 * once a peer was Established while configured. A configured peer the device does not report is
 * not Established. Entries of peers no longer configured are dropped. Pure.
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
    else if (before.up !== up) out[peer] = { up, since: now, seenUp: before.seenUp || up };
    else out[peer] = before;
  }
  return out;
}
