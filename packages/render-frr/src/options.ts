import type { MeshrrMode } from '@meshrr/core';
import { FrrRenderError } from './errors.js';

/** Address families meshrr can activate its peer-groups in. */
export type FrrAddressFamily = 'ipv4-unicast' | 'ipv6-unicast' | 'l2vpn-evpn';

/** Every {@link FrrAddressFamily}, in rendering order. */
export const FRR_ADDRESS_FAMILIES: readonly FrrAddressFamily[] = ['ipv4-unicast', 'ipv6-unicast', 'l2vpn-evpn'];

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
  /** Default: `ipv4-unicast` in mode ipv4rr, `l2vpn-evpn` in mode evpnrs. */
  readonly addressFamilies?: readonly FrrAddressFamily[];
  /** `timers bgp K H` (default: FRR's own 60/180, no line). */
  readonly timers?: FrrBgpTimers;
  /** `neighbor <G> timers connect N` on every managed group (FRR's default is 120 s). */
  readonly connectRetryS?: number;
  /** `bgp listen limit N` when any listen range is rendered (default: FRR's 100, no line). */
  readonly listenLimit?: number;
  /** `neighbor <G> ebgp-multihop N` on route-server groups (meshrr: `multihop ttl 10`). Default 10. */
  readonly ebgpMultihop?: number;
  readonly templates?: FrrTemplates;
}

/** {@link FrrRendererOptions} with defaults applied and every value checked. */
export interface ResolvedFrrOptions {
  readonly frrVersion: string;
  readonly addressFamilies: readonly FrrAddressFamily[] | undefined;
  readonly timers: FrrBgpTimers | undefined;
  readonly connectRetryS: number | undefined;
  readonly listenLimit: number | undefined;
  readonly ebgpMultihop: number;
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
  checkInt('ebgpMultihop', options.ebgpMultihop, 1, 255);
  const families = options.addressFamilies;
  if (families !== undefined) {
    if (families.length === 0)
      throw new FrrRenderError('options.addressFamilies', 'must name at least one address family');
    for (const af of families)
      if (!FRR_ADDRESS_FAMILIES.includes(af))
        throw new FrrRenderError(
          'options.addressFamilies',
          `"${String(af)}" is not one of ${FRR_ADDRESS_FAMILIES.join(', ')}`,
        );
  }
  return {
    frrVersion,
    addressFamilies: families === undefined ? undefined : FRR_ADDRESS_FAMILIES.filter((af) => families.includes(af)),
    timers: options.timers,
    connectRetryS: options.connectRetryS,
    listenLimit: options.listenLimit,
    ebgpMultihop: options.ebgpMultihop ?? 10,
    templates: options.templates ?? {},
  };
}

/** The address families of a router: the option, else by mode. */
export function addressFamiliesFor(options: ResolvedFrrOptions, mode: MeshrrMode): readonly FrrAddressFamily[] {
  return options.addressFamilies ?? (mode === 'evpnrs' ? ['l2vpn-evpn'] : ['ipv4-unicast']);
}
