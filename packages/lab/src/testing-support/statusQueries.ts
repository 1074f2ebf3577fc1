import { balancedAssignment } from '@meshrr/core';
import type { LabStatus, RouterStatus, SessionStatus } from '../lab/labStatus.js';

/** The router called `name` (throws when absent, so tests fail with a clear message). */
export function router(status: LabStatus, name: string): RouterStatus {
  const found = status.routers.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no router ${name} in status`);
  return found;
}

/** Route reflectors of `group`. */
export function groupRouters(status: LabStatus, group: string): RouterStatus[] {
  return status.routers.filter((r) => r.kind === 'rr' && r.group === group);
}

/**
 * Every route reflector of `tier` has Established sessions to exactly the routers of `upstream`
 * that the engine's balanced assignment gives it (`max_peers` = `perMember`, the default balance
 * tolerance, members = the tier's routers, which is the default `balance_across`: the tier's mesh
 * group), so no balance move is pending anywhere in the tier. Only then is "nothing changes" a
 * guarantee: before it, a make-before-break balance move may still replace an upstream session.
 */
export function onBalancedTarget(
  status: LabStatus,
  tier: string,
  upstream: { readonly group: string; readonly perMember: number; readonly tolerance: number },
): boolean {
  const { perMember, tolerance } = upstream;
  const members = groupRouters(status, tier);
  const targets = balancedAssignment({
    members: members.map((r) => r.address),
    candidates: groupRouters(status, upstream.group).map((r) => ({ address: r.address, zone: '' })),
    perMember,
    tolerance,
  });
  return members.every((r) => {
    const want = [...(targets.get(r.address) ?? [])].sort();
    const have = establishedTo(status, r, upstream.group)
      .map((s) => s.peer)
      .sort();
    return want.length === perMember && JSON.stringify(have) === JSON.stringify(want);
  });
}

/** Established sessions of `r` to routers of `group` (route reflectors only). */
export function establishedTo(status: LabStatus, r: RouterStatus, group: string): SessionStatus[] {
  const members = new Set(groupRouters(status, group).map((m) => m.name));
  return r.sessions.filter((s) => s.state === 'Established' && s.peerName !== undefined && members.has(s.peerName));
}

/**
 * examples/lab/3clientgroups is up: each route reflector of `rr` has its one mesh session and every
 * client tier's router (full-1, partial-1, default-1) has both of its sessions Established.
 */
export function threeClientGroupsEstablished(status: LabStatus): boolean {
  return (
    groupRouters(status, 'rr').every((r) => establishedTo(status, r, 'rr').length === 1) &&
    ['full-1', 'partial-1', 'default-1'].every(
      (c) =>
        router(status, c).sessions.length === 2 && router(status, c).sessions.every((x) => x.state === 'Established'),
    )
  );
}

/** Routers holding a best path to `prefix`. */
export function seenAt(status: LabStatus, prefix: string): string[] {
  return status.prefixes.find((p) => p.prefix === prefix)?.seenAt.map((s) => s.router) ?? [];
}

/** Local preference of the best path to `prefix` at `routerName`. */
export function localPrefAt(status: LabStatus, prefix: string, routerName: string): number | undefined {
  return status.prefixes.find((p) => p.prefix === prefix)?.seenAt.find((s) => s.router === routerName)?.localPref;
}

/**
 * Connection counters of every session between two routers that are both not in `exclude`,
 * keyed `router>peer` (for "never flapped" checks).
 */
export function untouchedCounters(status: LabStatus, exclude: ReadonlySet<string>): Map<string, number> {
  const counters = new Map<string, number>();
  for (const r of status.routers) {
    if (exclude.has(r.name)) continue;
    for (const s of r.sessions) {
      if (s.peerName !== undefined && !exclude.has(s.peerName) && s.state === 'Established')
        counters.set(`${r.name}>${s.peerName}`, s.connectionsEstablished);
    }
  }
  return counters;
}

/** Every client named in `sessions` has exactly that many sessions, all Established. */
export function clientsEstablished(status: LabStatus, sessions: Readonly<Record<string, number>>): boolean {
  return Object.entries(sessions).every(([name, count]) => {
    const c = router(status, name);
    return c.sessions.length === count && c.sessions.every((x) => x.state === 'Established');
  });
}

/** Every prefix of `expected` is held (best path) by exactly the routers listed for it, sorted by name. */
export function prefixesSeenExactlyAt(
  status: LabStatus,
  expected: Readonly<Record<string, readonly string[]>>,
): boolean {
  return Object.entries(expected).every(([prefix, at]) => [...seenAt(status, prefix)].sort().join() === at.join());
}
