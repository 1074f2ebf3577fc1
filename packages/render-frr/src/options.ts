import type { AddressFamily } from '@meshrr/core';
import { FrrRenderError } from './errors.js';

/** Address families meshrr can activate its peer-groups in (core's families). */
export type FrrAddressFamily = AddressFamily;

/** Every {@link FrrAddressFamily}, in the order FRR prints its address-family blocks. */
export const FRR_ADDRESS_FAMILIES: readonly FrrAddressFamily[] = [
  'ipv4-unicast',
  'ipv4-vpn',
  'ipv6-unicast',
  'ipv6-vpn',
  'l2vpn-evpn',
];

/** FRR's own default of `bgp listen limit`. */
export const FRR_DEFAULT_LISTEN_LIMIT = 100;
/** meshrr's default `bgp listen limit`: FRR's 100 dynamic neighbors caps route-reflector clients. */
export const MESHRR_LISTEN_LIMIT = 10_000;

/**
 * Operator-written Eta templates (policy: route-maps, community lists, prefix lists, attachments)
 * placed into the rendered file. Each is rendered with `it` = {@link FrrTemplateContext}.
 * - `global`: top-level lines (route-maps, `bgp community-list`, `ip prefix-list`, ...);
 * - `bgp`: lines inside `router bgp` (indented for you), e.g. `timers bgp 3 9`;
 * - `addressFamily[af]`: lines inside that address family, e.g.
 *   `neighbor MESHRR-UPSTREAM route-map UPSTREAM-OUT out`.
 */
export interface FrrTemplates {
  readonly global?: string;
  readonly bgp?: string;
  readonly addressFamily?: Partial<Record<FrrAddressFamily, string>>;
}

/** BGP keepalive and hold time (`timers bgp K H`). */
export interface FrrBgpTimers {
  readonly keepaliveS: number;
  readonly holdS: number;
}

/** Options of {@link FrrRenderer}; all optional. */
export interface FrrRendererOptions {
  /** `frr version` line; must be what the daemon reports (default `8.4.4`). */
  readonly frrVersion?: string;
  /** `timers bgp K H` of the router (default: FRR's own 60/180, no line); groups set their own with `timers`. */
  readonly timers?: FrrBgpTimers;
  /** `neighbor <G> timers connect N` on every managed group (FRR's default is 120 s). */
  readonly connectRetryS?: number;
  /** `bgp listen limit N`: most dynamic (listen-range) neighbors. Default 10 000 (FRR's own is 100). */
  readonly listenLimit?: number;
  readonly templates?: FrrTemplates;
}

/** {@link FrrRendererOptions} with defaults applied and every value checked. */
export interface ResolvedFrrOptions {
  readonly frrVersion: string;
  readonly timers: FrrBgpTimers | undefined;
  readonly connectRetryS: number | undefined;
  readonly listenLimit: number;
  readonly templates: FrrTemplates;
}

function checkInt(field: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw new FrrRenderError(`options.${field}`, `must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

/**
 * Applies defaults and validates (FRR's own limits).
 * @throws {FrrRenderError} naming the option when a value is out of range.
 */
export function resolveFrrOptions(options: FrrRendererOptions): ResolvedFrrOptions {
  const frrVersion = options.frrVersion ?? '8.4.4';
  if (!/^[0-9]+(\.[0-9]+){1,3}[A-Za-z0-9.~+-]*$/.test(frrVersion))
    throw new FrrRenderError('options.frrVersion', `"${frrVersion}" is not a version like 8.4.4`);
  checkInt('timers.keepaliveS', options.timers?.keepaliveS, 0, 65535);
  checkInt('timers.holdS', options.timers?.holdS, 0, 65535);
  checkInt('connectRetryS', options.connectRetryS, 1, 65535);
  checkInt('listenLimit', options.listenLimit, 1, 65535);
  return {
    frrVersion,
    timers: options.timers,
    connectRetryS: options.connectRetryS,
    listenLimit: options.listenLimit ?? MESHRR_LISTEN_LIMIT,
    templates: options.templates ?? {},
  };
}
