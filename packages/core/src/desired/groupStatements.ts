import { neighborFamilies, type AddressFamily, type FamilyTransport, type SessionAuthentication } from '../api/bgp.js';
import type { AuthenticationConfig, BgpGroupConfig, MeshrrConfig, MeshrrMode } from '../api/config.js';
import { MeshrrError } from '../api/errors.js';
import type { DesiredGroup, GroupStatementKind, ManagedGroup, Multihop } from '../api/state.js';

/** The address family a mode carries when the configuration names none (meshrr's templates). */
export function defaultFamilies(mode: MeshrrMode): readonly AddressFamily[] {
  return mode === 'evpnrs' ? ['l2vpn-evpn'] : ['ipv4-unicast'];
}

/** eBGP multihop TTL of route-server groups when `multihop_ttl` is not set (meshrr: `ttl 10`). */
export const DEFAULT_MULTIHOP_TTL = 10;

/** A key file named in the configuration was not read before the desired state was computed. */
export class SecretNotLoadedError extends MeshrrError {
  constructor(group: string, keyFile: string) {
    super('secret-not-loaded', `group ${group}: the key in ${keyFile} has not been read`);
  }
}

function authentication(group: string, config: AuthenticationConfig): SessionAuthentication {
  if (config.key === undefined) throw new SecretNotLoadedError(group, config.keyFile);
  return config.method === 'md5'
    ? { method: 'md5', key: config.key }
    : {
        method: 'tcp-ao',
        key: config.key,
        sendId: config.sendId,
        recvId: config.recvId,
        algorithm: config.algorithm,
      };
}

/** The statements of a group other than neighbors, `allow` and AS ranges. */
export type GroupStatements = Omit<DesiredGroup, 'name' | 'kind' | 'neighbors' | 'allow' | 'peerAsRanges'>;

/**
 * The statements a configured group must have on a router with `routerId` (platform-neutral):
 * - `type` (always owned): `external` for route-server groups (subtractive with AS ranges),
 *   `internal` otherwise;
 * - `cluster` = the router-id when the group's peers are route-reflector clients
 *   (`route_reflector_clients`, default true for subtractive groups without AS ranges); owned for
 *   those groups and for mesh groups that set the key; meshrr's per-pod cluster;
 * - `multihop` (route servers, always owned): `multihop_ttl` (default 10) and next hop unchanged;
 * - `transparent`, `authentication`, `timers`, `bfd`, `prefix-limit`: as configured, owned when set;
 * - `families`: the configured ones (owned) or the mode's default (not owned);
 * @throws {SecretNotLoadedError} when an authentication key was not read.
 */
export function groupStatements(group: BgpGroupConfig, config: MeshrrConfig, routerId: string): GroupStatements {
  const bgp = group.bgp ?? {};
  const routeServer = group.kind === 'subtractive' && group.asRanges.length > 0;
  const owned: GroupStatementKind[] = ['type'];
  const out: { -readonly [K in keyof GroupStatements]: GroupStatements[K] } = {
    peerType: routeServer ? 'external' : 'internal',
    families: bgp.families ?? defaultFamilies(config.mode),
    familyTransport: bgp.familyTransport ?? 'all',
    owned,
  };
  const clients = bgp.routeReflectorClients ?? (group.kind === 'subtractive' && !routeServer ? true : undefined);
  if (clients !== undefined) owned.push('cluster');
  if (clients === true) out.clusterId = routerId;
  if (routeServer) {
    owned.push('multihop');
    const multihop: Multihop = { ttl: bgp.multihopTtl ?? DEFAULT_MULTIHOP_TTL, nextHopUnchanged: true };
    out.multihop = multihop;
    if (bgp.transparent !== undefined) owned.push('transparent');
    if (bgp.transparent === true) out.transparent = true;
  }
  if (bgp.families !== undefined) owned.push('families');
  if (bgp.authentication !== undefined) owned.push('authentication');
  if (bgp.authentication !== undefined && bgp.authentication !== false)
    out.authentication = authentication(group.name, bgp.authentication);
  if (bgp.timers !== undefined) owned.push('timers');
  if (bgp.timers !== undefined && bgp.timers !== false) out.timers = bgp.timers;
  if (bgp.bfd !== undefined) owned.push('bfd');
  if (bgp.bfd !== undefined && bgp.bfd !== false) out.bfd = bgp.bfd;
  if (bgp.prefixLimit !== undefined) owned.push('prefix-limit');
  if (bgp.prefixLimit !== undefined && bgp.prefixLimit !== false) out.prefixLimit = bgp.prefixLimit;
  return out;
}

/**
 * The per-neighbor family lists of a group under family transport `matching` (only neighbors
 * whose families differ from the group's). Empty under `all`.
 */
export function neighborFamilyOverrides(
  neighbors: readonly string[],
  families: readonly AddressFamily[],
  transport: FamilyTransport,
): Readonly<Record<string, readonly AddressFamily[]>> | undefined {
  if (transport === 'all') return undefined;
  const out: Record<string, readonly AddressFamily[]> = {};
  for (const address of neighbors) {
    const own = neighborFamilies(address, families, transport);
    if (own.length !== families.length) out[address] = own;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The statements of a group the configuration no longer has but whose removal the guards hold. */
export function retiredGroupStatements(actual: ManagedGroup, mode: MeshrrMode): GroupStatements {
  const { name: _name, neighbors: _n, allow: _a, peerAsRanges: _p, inactive: _i, authentication, ...rest } = actual;
  const key = authentication?.key;
  return {
    ...rest,
    ...(authentication === undefined || key === undefined ? {} : { authentication: { ...authentication, key } }),
    peerType: actual.peerType ?? 'internal',
    families: actual.families ?? defaultFamilies(mode),
    familyTransport: 'all',
    owned: [],
  };
}
