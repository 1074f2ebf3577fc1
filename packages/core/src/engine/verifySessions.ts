import type { BgpSessionState, ManagedChange, ManagedState } from '../api/state.js';

/** What the verify step compares and what it knows about intent. */
export interface VerifyInput {
  /** Sessions read before the commit. */
  readonly before: readonly BgpSessionState[];
  /** Sessions read after the verify wait. */
  readonly after: readonly BgpSessionState[];
  readonly change: ManagedChange;
  /** The managed state the change was computed from. */
  readonly actual: ManagedState;
  /**
   * Peers that are leaving whatever this change does: in their vanished hold-down, held or
   * removed by a decision, or no longer discovered when the verify ends. Their sessions may drop.
   */
  readonly departing?: ReadonlySet<string>;
}

/** One session the change disturbed (the rollback names it), or one whose drop was not its doing. */
export interface SessionFinding {
  readonly peer: string;
  readonly group?: string;
  /** What happened, e.g. `went from Established to Active (reset: Peer closed the session)`. */
  readonly what: string;
}

/** The verdict: `disturbed` non-empty ⇒ roll back; `excused` are drops the change did not cause. */
export interface VerifyVerdict {
  readonly disturbed: readonly SessionFinding[];
  readonly excused: readonly SessionFinding[];
}

interface Touched {
  /** Neighbors added or removed, and every neighbor of a removed group: intended. */
  readonly peers: ReadonlySet<string>;
  /** Groups whose own settings changed (created, removed, allow or AS ranges): their sessions may reset. */
  readonly groups: ReadonlySet<string>;
  readonly anyGroup: boolean;
}

function touched(change: ManagedChange, actual: ManagedState): Touched {
  const peers = new Set<string>();
  const groups = new Set<string>();
  for (const gc of change.groups) {
    for (const p of [...gc.addNeighbors, ...gc.removeNeighbors]) peers.add(p);
    if (gc.remove) for (const p of actual.groups.find((g) => g.name === gc.name)?.neighbors ?? []) peers.add(p);
    if (gc.create || gc.remove || gc.addAllow.length > 0 || gc.removeAllow.length > 0 || gc.peerAsRanges !== undefined)
      groups.add(gc.name);
  }
  return { peers, groups, anyGroup: groups.size > 0 };
}

/**
 * Slack for uptimes: a device may derive `establishedForMs` from two clocks (BIRD prints the
 * wall-clock time of a monotonic event), so two readings of one unbroken session can disagree by a
 * fraction of a second. A session counts as re-established only when its uptime fell by more.
 */
export const UPTIME_SLACK_MS = 1_000;

function describe(before: BgpSessionState, later: BgpSessionState | undefined): string | undefined {
  const reason = later?.lastResetReason === undefined ? '' : ` (reset: ${later.lastResetReason})`;
  if (later === undefined) return 'disappeared';
  if (later.state !== 'Established') return `went from Established to ${later.state}${reason}`;
  if (
    before.connectionsEstablished !== undefined &&
    later.connectionsEstablished !== undefined &&
    later.connectionsEstablished !== before.connectionsEstablished
  )
    return `flapped (connections ${before.connectionsEstablished} → ${later.connectionsEstablished})${reason}`;
  if (
    before.establishedForMs !== undefined &&
    later.establishedForMs !== undefined &&
    later.establishedForMs + UPTIME_SLACK_MS < before.establishedForMs
  )
    return `flapped (re-established: up ${Math.round(later.establishedForMs / 1000)} s, before ${Math.round(before.establishedForMs / 1000)} s)${reason}`;
  return undefined;
}

/**
 * The verify step before `confirm`: every session that was Established before the commit and
 * that the change did not intend to touch must still be Established, with an unchanged
 * `connectionsEstablished` and — for devices without that counter (BIRD) — an uptime that did not
 * start over (`establishedForMs` fell by more than {@link UPTIME_SLACK_MS}): no flap in between. What the change intends is exempt:
 * - neighbors it adds or removes, every neighbor of a group it removes, dynamic (`allow`) sessions
 *   of a group whose `allow` or AS ranges change (any group's, when the device does not say the
 *   session's group);
 * - `departing` peers (vanished, held or removed: they are leaving anyway);
 * - everything, when the change switches graceful shutdown on (a drain is never rolled back:
 *   sessions dropping then is the point).
 * A disturbed session whose reset the device attributes to the peer (`resetByPeer`) is `excused`
 * — a change cannot make the other side close a session it did not touch — unless the change
 * touched its group's own settings. Everything else is `disturbed`, one finding per session.
 */
export function verifySessions(input: VerifyInput): VerifyVerdict {
  if (input.change.gracefulShutdown === true) return { disturbed: [], excused: [] };
  const t = touched(input.change, input.actual);
  const now = new Map(input.after.map((s) => [s.peer, s]));
  const disturbed: SessionFinding[] = [];
  const excused: SessionFinding[] = [];
  for (const s of input.before) {
    if (s.state !== 'Established' || t.peers.has(s.peer) || input.departing?.has(s.peer) === true) continue;
    const groupTouched = s.group === undefined ? t.anyGroup : t.groups.has(s.group);
    if (s.dynamic === true && groupTouched) continue;
    const later = now.get(s.peer);
    const what = describe(s, later);
    if (what === undefined) continue;
    const finding = { peer: s.peer, ...(s.group === undefined ? {} : { group: s.group }), what };
    if (later?.resetByPeer === true && !groupTouched) excused.push(finding);
    else disturbed.push(finding);
  }
  return { disturbed, excused };
}

/** `session <peer> [(group G)] <what>` — how findings are written in errors and logs. */
export function formatFinding(f: SessionFinding): string {
  return `session ${f.peer}${f.group === undefined ? '' : ` (group ${f.group})`} ${f.what}`;
}
