import {
  defaultFamilies,
  type AsRange,
  type DesiredGroup,
  type DesiredRouterConfig,
  type MeshrrMode,
} from '@meshrr/core';
import { desiredGroup } from '@meshrr/core/testing';

/** A mesh (iBGP, non-client) group with explicit neighbors. */
export function meshGroup(name: string, neighbors: readonly string[], over: Partial<DesiredGroup> = {}): DesiredGroup {
  return desiredGroup(name, { neighbors, ...over });
}

/** A subtractive route-reflector client group (iBGP, dynamic neighbors, cluster = the router-id). */
export function clientGroup(name: string, allow: readonly string[], over: Partial<DesiredGroup> = {}): DesiredGroup {
  return desiredGroup(name, { kind: 'subtractive', allow, clusterId: '10.0.0.1', owned: ['type', 'cluster'], ...over });
}

/** A route-server group (eBGP, dynamic neighbors, AS ranges, multihop 10 with the next hop unchanged). */
export function routeServerGroup(
  name: string,
  allow: readonly string[],
  peerAsRanges: readonly AsRange[],
  over: Partial<DesiredGroup> = {},
): DesiredGroup {
  return desiredGroup(name, {
    kind: 'subtractive',
    peerType: 'external',
    allow,
    peerAsRanges,
    multihop: { ttl: 10, nextHopUnchanged: true },
    owned: ['type', 'multihop'],
    ...over,
  });
}

/**
 * A desired router configuration for tests (AS 65000, no decisions). Groups still on the default
 * family (`ipv4-unicast`) get the mode's default family, as core's desired state gives them.
 */
export function desiredRouter(
  routerId: string,
  groups: readonly DesiredGroup[],
  extra: { mode?: MeshrrMode; gracefulShutdown?: boolean; asn?: number } & Partial<
    Omit<DesiredRouterConfig, 'asn' | 'mode' | 'gracefulShutdown'>
  > = {},
): DesiredRouterConfig {
  const { mode = 'ipv4rr', gracefulShutdown = false, asn = 65000, ...rest } = extra;
  const byMode = defaultFamilies(mode);
  return {
    routerId,
    asn: { value: asn, text: String(asn) },
    mode,
    groups: groups.map((g) =>
      g.families.length === 1 && g.families[0] === 'ipv4-unicast' ? { ...g, families: byMode } : g,
    ),
    gracefulShutdown,
    decisions: [],
    ...rest,
  };
}
