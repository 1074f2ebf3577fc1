import type { BgpSessionState, ManagedChange, ManagedState } from '../api/state.js';

/** Peers and groups a change intends to touch (their sessions may legitimately reset). */
function touched(
  change: ManagedChange,
  actual: ManagedState,
): { peers: Set<string>; dynamicGroups: Set<string>; anyAllow: boolean } {
  const peers = new Set<string>();
  const dynamicGroups = new Set<string>();
  let anyAllow = false;
  for (const gc of change.groups) {
    for (const p of [...gc.addNeighbors, ...gc.removeNeighbors]) peers.add(p);
    const allowChanged =
      gc.remove || gc.addAllow.length > 0 || gc.removeAllow.length > 0 || gc.peerAsRanges !== undefined;
    if (gc.remove) for (const p of actual.groups.find((g) => g.name === gc.name)?.neighbors ?? []) peers.add(p);
    if (allowChanged) {
      dynamicGroups.add(gc.name);
      anyAllow = true;
    }
  }
  return { peers, dynamicGroups, anyAllow };
}

/**
 * The verify step before `confirm`: every session that was Established before the commit and
 * that the change did not intend to touch must still be Established, with an unchanged
 * `connectionsEstablished` (no flap in between). Touched: neighbors added or removed, every
 * neighbor of a removed group, and dynamic (`allow`) sessions of a group whose `allow` or peer AS
 * ranges changed (any group's, when the device does not say the session's group). Returns one
 * message per violation (empty when the commit is safe to confirm).
 */
export function verifySessions(
  before: readonly BgpSessionState[],
  after: readonly BgpSessionState[],
  change: ManagedChange,
  actual: ManagedState,
): string[] {
  const t = touched(change, actual);
  const now = new Map(after.map((s) => [s.peer, s]));
  const problems: string[] = [];
  for (const s of before) {
    if (s.state !== 'Established' || t.peers.has(s.peer)) continue;
    if (s.dynamic === true && (s.group === undefined ? t.anyAllow : t.dynamicGroups.has(s.group))) continue;
    const later = now.get(s.peer);
    if (later === undefined) problems.push(`session ${s.peer} disappeared`);
    else if (later.state !== 'Established') problems.push(`session ${s.peer} went from Established to ${later.state}`);
    else if (
      s.connectionsEstablished !== undefined &&
      later.connectionsEstablished !== undefined &&
      later.connectionsEstablished !== s.connectionsEstablished
    ) {
      problems.push(
        `session ${s.peer} flapped (connections ${s.connectionsEstablished} → ${later.connectionsEstablished})`,
      );
    }
  }
  return problems;
}
