import type { AsRange, DesiredGroup, DesiredRouterConfig, MeshrrMode } from '@meshrr/core';

/** A mesh (iBGP, non-client) group with explicit neighbors. */
export function meshGroup(name: string, neighbors: readonly string[]): DesiredGroup {
  return { name, kind: 'mesh', peerType: 'internal', neighbors, allow: [], peerAsRanges: [] };
}

/** A subtractive route-reflector client group (iBGP, dynamic neighbors). */
export function clientGroup(name: string, allow: readonly string[]): DesiredGroup {
  return { name, kind: 'subtractive', peerType: 'internal', neighbors: [], allow, peerAsRanges: [] };
}

/** A route-server group (eBGP, dynamic neighbors, AS ranges). */
export function routeServerGroup(
  name: string,
  allow: readonly string[],
  peerAsRanges: readonly AsRange[],
): DesiredGroup {
  return { name, kind: 'subtractive', peerType: 'external', neighbors: [], allow, peerAsRanges };
}

/** A desired router configuration for tests (AS 65000, no decisions). */
export function desiredRouter(
  routerId: string,
  groups: readonly DesiredGroup[],
  extra: { mode?: MeshrrMode; gracefulShutdown?: boolean; asn?: number } = {},
): DesiredRouterConfig {
  const asn = extra.asn ?? 65000;
  return {
    routerId,
    asn: { value: asn, text: String(asn) },
    mode: extra.mode ?? 'ipv4rr',
    groups,
    gracefulShutdown: extra.gracefulShutdown ?? false,
    decisions: [],
  };
}
