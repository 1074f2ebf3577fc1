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

/** The memory of one configured peer's session after seeing `session` at `now` (`before` itself if unchanged). */
function nextSession(
  before: SessionMemory | undefined,
  session: BgpSessionState | undefined,
  now: number,
): SessionMemory {
  const up = session?.state === 'Established';
  if (before === undefined) return { up, since: now, seenUp: up };
  if (before.up === up) return before;
  return { up, since: before.up ? wentDownAt(before, session, now) : now, seenUp: before.seenUp || up };
}

/**
 * The session memory of the `configured` peers brought up to date, merged into `previous`: the
 * entries that changed (or are new) replaced, every other entry kept; `previous` itself when none
 * changed (so an unchanged memory costs no copy). Entries of peers no longer configured stay (the
 * caller prunes them). Pure.
 */
export function updateSessions(
  previous: Readonly<Record<string, SessionMemory>>,
  configured: Iterable<string>,
  sessions: ReadonlyMap<string, BgpSessionState>,
  now: number,
): Readonly<Record<string, SessionMemory>> {
  let changed: Record<string, SessionMemory> | undefined;
  for (const peer of configured) {
    const before = previous[peer];
    const next = nextSession(before, sessions.get(peer), now);
    if (next !== before) (changed ??= {})[peer] = next;
  }
  return changed === undefined ? previous : { ...previous, ...changed };
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
  for (const peer of configured) out[peer] = nextSession(previous[peer], sessions.get(peer), now);
  return out;
}
