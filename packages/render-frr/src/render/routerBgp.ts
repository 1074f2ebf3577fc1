import { pushAll } from '@meshrr/core';
import { groupDescription, inboundRouteMapName } from '../conventions.js';
import type { FrrAddressFamily, ResolvedFrrOptions } from '../options.js';
import type { FrrGroupModel, FrrRouterModel } from './model.js';

const AF_HEADER: Readonly<Record<FrrAddressFamily, string>> = {
  'ipv4-unicast': 'address-family ipv4 unicast',
  'ipv6-unicast': 'address-family ipv6 unicast',
  'l2vpn-evpn': 'address-family l2vpn evpn',
};

/** Operator lines for the inside of `router bgp`: the global part and one list per family. */
export interface RouterBgpExtras {
  readonly bgp: readonly string[];
  readonly addressFamily: Readonly<Partial<Record<FrrAddressFamily, readonly string[]>>>;
}

function groupLines(group: FrrGroupModel, options: ResolvedFrrOptions): string[] {
  const g = group.name;
  const lines = [
    ` neighbor ${g} peer-group`,
    ` neighbor ${g} remote-as ${group.peerType}`,
    ` neighbor ${g} description ${groupDescription(group.asRanges)}`,
  ];
  // enforce-first-as (off by default in FRR 8.4) makes the first AS of a path the peer's own, which
  // the route-server AS filter relies on.
  if (group.peerType === 'external')
    lines.push(` neighbor ${g} ebgp-multihop ${options.ebgpMultihop}`, ` neighbor ${g} enforce-first-as`);
  if (options.connectRetryS !== undefined) lines.push(` neighbor ${g} timers connect ${options.connectRetryS}`);
  return lines;
}

function familyGroupLines(group: FrrGroupModel, af: FrrAddressFamily): string[] {
  const g = group.name;
  const lines = [`  neighbor ${g} activate`];
  // meshrr ipv4rr: a subtractive (client) group is reflected to, each pod its own cluster. FRR's
  // cluster-id defaults to the router-id (the pod address): never set one cluster-id on every RR.
  if (group.kind === 'subtractive' && group.peerType === 'internal')
    lines.push(`  neighbor ${g} route-reflector-client`);
  if (group.peerType === 'external') {
    if (group.asRanges.length > 0) lines.push(`  neighbor ${g} route-map ${inboundRouteMapName(g)} in`);
    // meshrr evpnrs: multihop no-nexthop-change. FRR keeps the EVPN next hop towards eBGP peers by
    // itself (it accepts the line under l2vpn evpn but never shows it: not canonical there).
    if (af !== 'l2vpn-evpn') lines.push(`  neighbor ${g} attribute-unchanged next-hop`);
  }
  return lines;
}

function globalLines(model: FrrRouterModel, options: ResolvedFrrOptions): string[] {
  const lines = [` bgp router-id ${model.routerId}`, ' no bgp ebgp-requires-policy', ' no bgp default ipv4-unicast'];
  if (model.gracefulShutdown) lines.push(' bgp graceful-shutdown');
  if (options.timers !== undefined) lines.push(` timers bgp ${options.timers.keepaliveS} ${options.timers.holdS}`);
  for (const group of model.groups) pushAll(lines, groupLines(group, options));
  for (const group of model.groups)
    pushAll(
      lines,
      group.neighbors.map((ip) => ` neighbor ${ip} peer-group ${group.name}`),
    );
  const ranges = model.groups.flatMap((group) =>
    group.allow.map((cidr) => ` bgp listen range ${cidr} peer-group ${group.name}`),
  );
  if (ranges.length > 0 && options.listenLimit !== undefined) lines.push(` bgp listen limit ${options.listenLimit}`);
  pushAll(lines, ranges);
  return lines;
}

/**
 * The `router bgp <asn>` block: router-id, `no bgp default ipv4-unicast` with explicit
 * `activate` (canonical: FRR shows it that way), graceful shutdown, timers, one peer-group per
 * managed group (marked `description meshrr`), its neighbors and listen ranges, then each address
 * family with its activations, route-reflector clients and route-server policy, then the
 * operator's lines. Ends with `exit` and `!`.
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
    pushAll(
      lines,
      (extras.addressFamily[af] ?? []).map((line) => `  ${line}`),
    );
    lines.push(' exit-address-family');
  }
  lines.push('exit', '!');
  return lines;
}
