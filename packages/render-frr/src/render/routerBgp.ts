import { pushAll } from '@meshrr/core';
import { groupDescription, inboundRouteMapName } from '../conventions.js';
import { FRR_DEFAULT_LISTEN_LIMIT, type FrrAddressFamily, type ResolvedFrrOptions } from '../options.js';
import type { FrrGroupModel, FrrRouterModel } from './model.js';

const AF_HEADER: Readonly<Record<FrrAddressFamily, string>> = {
  'ipv4-unicast': 'address-family ipv4 unicast',
  'ipv4-vpn': 'address-family ipv4 vpn',
  'ipv6-unicast': 'address-family ipv6 unicast',
  'ipv6-vpn': 'address-family ipv6 vpn',
  'l2vpn-evpn': 'address-family l2vpn evpn',
};

/** FRR's BFD defaults: a profile is rendered only when a group asks for something else. */
const BFD_DEFAULT = { intervalMs: 300, multiplier: 3 };
/** FRR's own graceful-restart timers (lines equal to them are not printed). */
const FRR_GR_DEFAULT = { restartTimeS: 120, stalePathTimeS: 360 };

/** Operator lines for the inside of `router bgp`: the global part and one list per family. */
export interface RouterBgpExtras {
  readonly bgp: readonly string[];
  readonly addressFamily: Readonly<Partial<Record<FrrAddressFamily, readonly string[]>>>;
}

/** Name of the BFD profile of a group (`meshrr-<group>`). */
export function bfdProfileName(group: string): string {
  return `meshrr-${group}`;
}

function needsProfile(group: FrrGroupModel): boolean {
  return (
    group.bfd !== undefined &&
    (group.bfd.minimumIntervalMs !== BFD_DEFAULT.intervalMs || group.bfd.multiplier !== BFD_DEFAULT.multiplier)
  );
}

function groupLines(group: FrrGroupModel, options: ResolvedFrrOptions): string[] {
  const g = group.name;
  const lines = [
    ` neighbor ${g} peer-group`,
    ` neighbor ${g} remote-as ${group.remoteAs}`,
    ` neighbor ${g} description ${groupDescription(group.asRanges)}`,
  ];
  if (group.multihopTtl !== undefined) lines.push(` neighbor ${g} ebgp-multihop ${group.multihopTtl}`);
  // enforce-first-as (off by default in FRR 8.4) makes the first AS of a path the peer's own, which
  // the route-server AS filter relies on.
  if (group.peerType === 'external') lines.push(` neighbor ${g} enforce-first-as`);
  if (group.bfd !== undefined) lines.push(` neighbor ${g} bfd`);
  if (needsProfile(group)) lines.push(` neighbor ${g} bfd profile ${bfdProfileName(g)}`);
  if (group.password !== undefined) lines.push(` neighbor ${g} password ${group.password}`);
  if (group.timers !== undefined) lines.push(` neighbor ${g} timers ${group.timers.keepaliveS} ${group.timers.holdS}`);
  if (options.connectRetryS !== undefined) lines.push(` neighbor ${g} timers connect ${options.connectRetryS}`);
  return lines;
}

function familyGroupLines(group: FrrGroupModel, af: FrrAddressFamily): string[] {
  const g = group.name;
  if (!group.families.includes(af)) return [];
  const lines = [`  neighbor ${g} activate`];
  // meshrr: a client group is reflected to, each pod its own cluster. FRR's cluster-id defaults to
  // the router-id (the pod address): never set one cluster-id on every RR.
  if (group.reflectorClients) lines.push(`  neighbor ${g} route-reflector-client`);
  if (group.transparent) lines.push(`  neighbor ${g} route-server-client`);
  if (group.peerType === 'external' && group.asRanges.length > 0)
    lines.push(`  neighbor ${g} route-map ${inboundRouteMapName(g)} in`);
  // meshrr: multihop no-nexthop-change. FRR keeps the EVPN next hop towards eBGP peers by itself (it
  // accepts the line under l2vpn evpn but never shows it: not canonical there); route-server-client
  // implies it and FRR prints it then too.
  if (group.nextHopUnchanged && af !== 'l2vpn-evpn') lines.push(`  neighbor ${g} attribute-unchanged next-hop`);
  const limit = group.prefixLimit;
  if (limit !== undefined) {
    const action = limit.warningOnly
      ? ' warning-only'
      : limit.restartMinutes === undefined
        ? ''
        : ` restart ${limit.restartMinutes}`;
    lines.push(`  neighbor ${g} maximum-prefix ${limit.maximum}${action}`);
  }
  return lines;
}

/** `no neighbor <ip> activate` of the members that do not carry `af` (family transport `matching`). */
function deactivatedMembers(group: FrrGroupModel, af: FrrAddressFamily): string[] {
  if (!group.families.includes(af)) return [];
  return group.neighbors
    .filter((ip) => {
      const own = group.neighborFamilies[ip];
      return own !== undefined && !own.includes(af);
    })
    .map((ip) => `  no neighbor ${ip} activate`);
}

function gracefulRestartLines(model: FrrRouterModel): string[] {
  const gr = model.gracefulRestart;
  if (gr === undefined) return [];
  const lines: string[] = [];
  if (gr.longLivedStaleTimeS !== undefined)
    lines.push(` bgp long-lived-graceful-restart stale-time ${gr.longLivedStaleTimeS}`);
  if (gr.staleRoutesTimeS !== FRR_GR_DEFAULT.stalePathTimeS)
    lines.push(` bgp graceful-restart stalepath-time ${gr.staleRoutesTimeS}`);
  if (gr.restartTimeS !== FRR_GR_DEFAULT.restartTimeS)
    lines.push(` bgp graceful-restart restart-time ${gr.restartTimeS}`);
  lines.push(' bgp graceful-restart');
  return lines;
}

function globalLines(model: FrrRouterModel, options: ResolvedFrrOptions): string[] {
  const lines = [` bgp router-id ${model.routerId}`, ' no bgp ebgp-requires-policy', ' no bgp default ipv4-unicast'];
  pushAll(lines, gracefulRestartLines(model));
  if (model.gracefulShutdown) lines.push(' bgp graceful-shutdown');
  if (options.timers !== undefined) lines.push(` timers bgp ${options.timers.keepaliveS} ${options.timers.holdS}`);
  for (const group of model.groups) pushAll(lines, groupLines(group, options));
  for (const group of model.groups)
    pushAll(
      lines,
      group.neighbors.map((ip) => ` neighbor ${ip} peer-group ${group.name}`),
    );
  if (options.listenLimit !== FRR_DEFAULT_LISTEN_LIMIT) lines.push(` bgp listen limit ${options.listenLimit}`);
  for (const group of model.groups)
    pushAll(
      lines,
      group.allow.map((cidr) => ` bgp listen range ${cidr} peer-group ${group.name}`),
    );
  return lines;
}

/**
 * The `router bgp <asn>` block: router-id, `no bgp default ipv4-unicast` with explicit
 * `activate` (canonical: FRR shows it that way), graceful restart and shutdown, timers, one
 * peer-group per managed group (marked `description meshrr`) with its session options
 * (multihop, BFD, password, timers), its neighbors and listen ranges (with the listen limit), then
 * each address family (in FRR's order) with its activations, route-reflector and route-server
 * clients, route-server policy, prefix limits and per-member deactivations, then the operator's
 * lines. Ends with `exit` and `!`.
 */
export function routerBgpLines(
  model: FrrRouterModel,
  options: ResolvedFrrOptions,
  families: readonly FrrAddressFamily[],
  extras: RouterBgpExtras,
): string[] {
  const lines = [`router bgp ${model.asn}`, ...globalLines(model, options), ...extras.bgp.map((line) => ` ${line}`)];
  for (const af of families) {
    lines.push(' !', ` ${AF_HEADER[af]}`);
    for (const group of model.groups) pushAll(lines, familyGroupLines(group, af));
    for (const group of model.groups) pushAll(lines, deactivatedMembers(group, af));
    pushAll(
      lines,
      (extras.addressFamily[af] ?? []).map((line) => `  ${line}`),
    );
    lines.push(' exit-address-family');
  }
  lines.push('exit', '!');
  return lines;
}

/** The `bfd` block with one profile per group whose BFD timers are not FRR's defaults (needs bfdd). */
export function bfdLines(model: FrrRouterModel): string[] {
  const profiles = model.groups.filter(needsProfile);
  if (profiles.length === 0) return [];
  const lines = ['bfd'];
  for (const group of profiles) {
    const bfd = group.bfd!;
    lines.push(` profile ${bfdProfileName(group.name)}`);
    if (bfd.multiplier !== BFD_DEFAULT.multiplier) lines.push(`  detect-multiplier ${bfd.multiplier}`);
    if (bfd.minimumIntervalMs !== BFD_DEFAULT.intervalMs)
      lines.push(`  transmit-interval ${bfd.minimumIntervalMs}`, `  receive-interval ${bfd.minimumIntervalMs}`);
    lines.push(' exit', ' !');
  }
  lines.push('exit', '!');
  return lines;
}
