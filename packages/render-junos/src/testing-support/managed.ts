import {
  diffManagedState,
  groupStatements,
  neighborFamilyOverrides,
  routerStatements,
  toManagedState,
  formatCidr,
  hostCidr,
  parseCidr,
  sortIpAddressTexts,
  compareCidr,
  type Cidr,
  type DesiredGroup,
  type DesiredRouterConfig,
  type ManagedChange,
  type ManagedGroup,
  type ManagedState,
  type MeshrrConfig,
} from '@meshrr/core';

const bits = (c: Cidr): number => (c.family === 4 ? 32 : 128);

/** `prefix` minus `host` as a minimal CIDR list (test helper). */
function minusHost(prefix: Cidr, host: Cidr): Cidr[] {
  if (prefix.family !== host.family) return [prefix];
  const span = BigInt(bits(prefix) - prefix.length);
  if (host.network >> span !== prefix.network >> span) return [prefix];
  if (prefix.length === bits(prefix)) return [];
  const len = prefix.length + 1;
  const half = 1n << BigInt(bits(prefix) - len);
  const lo: Cidr = { family: prefix.family, network: prefix.network, length: len };
  const hi: Cidr = { family: prefix.family, network: prefix.network + half, length: len };
  return [...minusHost(lo, host), ...minusHost(hi, host)];
}

/** `prefixes` minus every address of `hosts`, sorted (test helper standing in for core's prefix math). */
export function subtractHosts(prefixes: readonly string[], hosts: readonly string[]): string[] {
  let set = prefixes.map((p) => {
    const r = parseCidr(p);
    if (!r.ok) throw new Error(p);
    return r.cidr;
  });
  for (const h of hosts) set = set.flatMap((c) => minusHost(c, hostCidr(h) as Cidr));
  return set.sort(compareCidr).map(formatCidr);
}

/**
 * The managed state right after `meshrr init` with the default templates: no neighbors,
 * allow = prefixes, and the statements the templates write in each group (type, `cluster` of
 * client groups, `multihop` of route-server groups).
 */
export function initialManaged(config: MeshrrConfig, routerId = '10.0.0.1'): ManagedState {
  const groups: ManagedGroup[] = config.groups.map((g) => {
    if (g.kind === 'mesh') return { name: g.name, peerType: 'internal', neighbors: [], allow: [], peerAsRanges: [] };
    const routeServer = g.asRanges.length > 0;
    return {
      name: g.name,
      peerType: routeServer ? 'external' : 'internal',
      ...(routeServer ? { multihop: { ttl: 10, nextHopUnchanged: true } } : { clusterId: routerId }),
      neighbors: [],
      allow: subtractHosts(g.prefixes, []),
      peerAsRanges: g.asRanges,
    };
  });
  return { groups: groups.sort((a, b) => (a.name < b.name ? -1 : 1)), gracefulShutdown: false };
}

/** Desired state for `config` with the given mesh neighbors; subtractive allow = prefixes − all mesh neighbors. */
export function desiredFor(
  config: MeshrrConfig,
  routerId: string,
  neighbors: Readonly<Record<string, readonly string[]>>,
  gracefulShutdown = false,
): DesiredRouterConfig {
  const meshed = Object.values(neighbors).flat();
  const groups: DesiredGroup[] = config.groups.map((g) => {
    const statements = groupStatements(g, config, routerId);
    if (g.kind === 'mesh') {
      const own = sortIpAddressTexts(neighbors[g.name] ?? []);
      const overrides = neighborFamilyOverrides(own, statements.families, statements.familyTransport);
      return {
        ...statements,
        ...(overrides === undefined ? {} : { neighborFamilies: overrides }),
        name: g.name,
        kind: 'mesh',
        neighbors: own,
        allow: [],
        peerAsRanges: [],
      };
    }
    return {
      ...statements,
      name: g.name,
      kind: 'subtractive',
      neighbors: [],
      allow: subtractHosts(g.prefixes, meshed),
      peerAsRanges: g.asRanges,
    };
  });
  return {
    routerId,
    asn: config.asn,
    mode: config.mode,
    groups: groups.sort((a, b) => (a.name < b.name ? -1 : 1)),
    gracefulShutdown,
    ...routerStatements(config),
    decisions: [],
  };
}

/** The change from `actual` to `desired` (core's diff). */
export function diffManaged(actual: ManagedState, desired: DesiredRouterConfig): ManagedChange {
  return diffManagedState(actual, toManagedState(desired));
}

/** The managed state a device has after applying `desired`. */
export function managedOf(desired: DesiredRouterConfig): ManagedState {
  return toManagedState(desired);
}
