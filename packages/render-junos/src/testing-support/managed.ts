import {
  formatCidr,
  hostCidr,
  parseCidr,
  sortIpAddressTexts,
  compareCidr,
  type Cidr,
  type DesiredGroup,
  type DesiredRouterConfig,
  type GroupChange,
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

/** The managed state right after `meshrr init` with the default templates: no neighbors, allow = prefixes. */
export function initialManaged(config: MeshrrConfig): ManagedState {
  const groups: ManagedGroup[] = config.groups.map((g) =>
    g.kind === 'mesh'
      ? { name: g.name, neighbors: [], allow: [], peerAsRanges: [] }
      : { name: g.name, neighbors: [], allow: subtractHosts(g.prefixes, []), peerAsRanges: g.asRanges },
  );
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
  const groups: DesiredGroup[] = config.groups.map((g) =>
    g.kind === 'mesh'
      ? {
          name: g.name,
          kind: 'mesh',
          peerType: 'internal',
          neighbors: sortIpAddressTexts(neighbors[g.name] ?? []),
          allow: [],
          peerAsRanges: [],
        }
      : {
          name: g.name,
          kind: 'subtractive',
          peerType: g.asRanges.length > 0 ? 'external' : 'internal',
          neighbors: [],
          allow: subtractHosts(g.prefixes, meshed),
          peerAsRanges: g.asRanges,
        },
  );
  return {
    routerId,
    asn: config.asn,
    mode: config.mode,
    groups: groups.sort((a, b) => (a.name < b.name ? -1 : 1)),
    gracefulShutdown,
    decisions: [],
  };
}

/** The change from `actual` to `desired` (test helper standing in for core's diff). */
export function diffManaged(actual: ManagedState, desired: DesiredRouterConfig): ManagedChange {
  const changes: GroupChange[] = [];
  const minus = (a: readonly string[], b: readonly string[]): string[] => a.filter((x) => !b.includes(x));
  for (const d of desired.groups) {
    const a = actual.groups.find((g) => g.name === d.name);
    const sameAs = JSON.stringify(a?.peerAsRanges ?? []) === JSON.stringify(d.peerAsRanges);
    const change: GroupChange = {
      name: d.name,
      create: a === undefined,
      remove: false,
      addNeighbors: minus(d.neighbors, a?.neighbors ?? []),
      removeNeighbors: minus(a?.neighbors ?? [], d.neighbors),
      addAllow: minus(d.allow, a?.allow ?? []),
      removeAllow: minus(a?.allow ?? [], d.allow),
      ...(sameAs ? {} : { peerAsRanges: d.peerAsRanges }),
    };
    const empty =
      !change.create &&
      [change.addNeighbors, change.removeNeighbors, change.addAllow, change.removeAllow].every((l) => l.length === 0) &&
      sameAs;
    if (!empty) changes.push(change);
  }
  for (const a of actual.groups) {
    if (!desired.groups.some((d) => d.name === a.name))
      changes.push({
        name: a.name,
        create: false,
        remove: true,
        addNeighbors: [],
        removeNeighbors: [],
        addAllow: [],
        removeAllow: [],
      });
  }
  return {
    groups: changes,
    ...(actual.gracefulShutdown === desired.gracefulShutdown ? {} : { gracefulShutdown: desired.gracefulShutdown }),
  };
}

/** The managed state a device has after applying `desired`. */
export function managedOf(desired: DesiredRouterConfig): ManagedState {
  return {
    groups: desired.groups.map(({ name, neighbors, allow, peerAsRanges }) => ({
      name,
      neighbors,
      allow,
      peerAsRanges,
    })),
    gracefulShutdown: desired.gracefulShutdown,
  };
}
