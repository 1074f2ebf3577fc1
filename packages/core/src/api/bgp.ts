import type { Secret } from './secret.js';

/**
 * The BGP vocabulary meshrr renders, independent of the daemon. Renderers map each word to their
 * own syntax (Junos `family inet unicast`, FRR `address-family ipv4 unicast`, BIRD `ipv4` channel).
 */

/**
 * An address family (AFI/SAFI) a group's sessions carry:
 * - `ipv4-unicast` (1/1), `ipv6-unicast` (2/1);
 * - `ipv4-vpn` (1/128, L3VPN, Junos `inet-vpn unicast`), `ipv6-vpn` (2/128, `inet6-vpn unicast`);
 * - `l2vpn-evpn` (25/70, Junos `evpn signaling`).
 */
export type AddressFamily = 'ipv4-unicast' | 'ipv6-unicast' | 'ipv4-vpn' | 'ipv6-vpn' | 'l2vpn-evpn';

/** Every {@link AddressFamily}, in the canonical order lists are kept in. */
export const ADDRESS_FAMILIES: readonly AddressFamily[] = [
  'ipv4-unicast',
  'ipv6-unicast',
  'ipv4-vpn',
  'ipv6-vpn',
  'l2vpn-evpn',
];

/** The IP version whose routes a family carries (`undefined` for EVPN: both). */
export function familyIpVersion(family: AddressFamily): 4 | 6 | undefined {
  if (family === 'ipv4-unicast' || family === 'ipv4-vpn') return 4;
  if (family === 'ipv6-unicast' || family === 'ipv6-vpn') return 6;
  return undefined;
}

/** `families` sorted in {@link ADDRESS_FAMILIES} order without repeats. */
export function sortFamilies(families: Iterable<AddressFamily>): AddressFamily[] {
  const set = new Set(families);
  return ADDRESS_FAMILIES.filter((f) => set.has(f));
}

/**
 * Which sessions of a group carry which of its families:
 * - `all`: every session carries every family of the group (RFC 4760 MP-BGP over any transport;
 *   e.g. IPv4 and IPv6 routes over the IPv6 sessions of an IPv6-only cluster);
 * - `matching`: a configured neighbor carries the families of its own IP version (`ipv4-*` over
 *   IPv4, `ipv6-*` over IPv6) and EVPN; for a dual-stack mesh, so that each route travels once.
 *   Dynamic (`allow`) sessions still offer every family: the client's configuration chooses.
 */
export type FamilyTransport = 'all' | 'matching';

/** The families one configured neighbor of a group carries under `transport`. */
export function neighborFamilies(
  address: string,
  families: readonly AddressFamily[],
  transport: FamilyTransport,
): AddressFamily[] {
  if (transport === 'all') return [...families];
  const version = address.includes(':') ? 6 : 4;
  return families.filter((f) => {
    const v = familyIpVersion(f);
    return v === undefined || v === version;
  });
}

/** TCP-AO MAC algorithms (RFC 5926). */
export type TcpAoAlgorithm = 'hmac-sha-1-96' | 'aes-128-cmac-96';

/** Session authentication of a group, with the key already read. */
export type SessionAuthentication =
  | { readonly method: 'md5'; readonly key: Secret }
  | {
      readonly method: 'tcp-ao';
      readonly key: Secret;
      /** KeyID sent (0–255). */
      readonly sendId: number;
      /** KeyID expected from the peer (0–255). */
      readonly recvId: number;
      readonly algorithm: TcpAoAlgorithm;
    };

/** BGP hold time and keepalive interval of a group's sessions. */
export interface SessionTimers {
  /** 0 (no keepalives) or 3–65535 seconds. */
  readonly holdTimeS: number;
  /** Keepalive interval; absent = hold time / 3 (the daemons' default). */
  readonly keepaliveS?: number;
}

/** BFD liveness detection of a group's sessions. */
export interface BfdOptions {
  /** Minimum transmit and receive interval, milliseconds. */
  readonly minimumIntervalMs: number;
  /** Missed packets before the session is declared down. */
  readonly multiplier: number;
}

/** Maximum prefixes accepted from each peer of a group, per address family. */
export interface PrefixLimit {
  readonly maximum: number;
  /** Only log when exceeded (otherwise the session is torn down). */
  readonly warningOnly: boolean;
  /** After a teardown, re-establish after this many minutes (absent: stay down until cleared). */
  readonly restartMinutes?: number;
}

/** RFC 4724 graceful restart and RFC 9494 long-lived graceful restart of the router. */
export interface GracefulRestart {
  /** Restart time advertised to peers, seconds. */
  readonly restartTimeS: number;
  /** How long routes of a restarting peer are kept as stale, seconds. */
  readonly staleRoutesTimeS: number;
  /** Long-lived graceful restart: stale time advertised per family, seconds (absent: LLGR off). */
  readonly longLivedStaleTimeS?: number;
}
