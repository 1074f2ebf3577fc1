import type { Announcement } from '../topology/schema.js';

/** Lines every lab FRR starts with. */
function header(): string[] {
  return ['frr defaults traditional', 'service integrated-vtysh-config', '!'];
}

/**
 * Base configuration of a route reflector, as a pod would start: `router bgp <asn>`, router-id =
 * the pod address, no eBGP policy requirement, fast timers (3/9 s). The meshrr agent manages
 * everything else (groups, neighbors, listen ranges). `policy` (route-maps, community lists,
 * attachments) follows verbatim.
 */
export function routeReflectorBaseConfig(asn: number, routerId: string, policy: string): string {
  const lines = [
    ...header(),
    `router bgp ${asn}`,
    ` bgp router-id ${routerId}`,
    ' no bgp ebgp-requires-policy',
    ' no bgp network import-check',
    ' timers bgp 3 9',
    'exit',
    '!',
  ];
  const extra = policy.trim();
  return `${lines.join('\n')}\n${extra === '' ? '' : `${extra}\n!\n`}`;
}

/** What a client FRR is: its AS, its address, its route reflectors and what it announces. */
export interface ClientConfigInput {
  readonly asn: number;
  readonly routerId: string;
  /** AS of the route reflectors it peers with; equal to `asn` for iBGP. */
  readonly peerAsn: number;
  readonly neighbors: readonly string[];
  readonly prefixes: readonly Announcement[];
  /** TCP MD5 key of its sessions. */
  readonly password?: string;
  /** false: accept eBGP routes whose first AS is not the peer's (transparent route servers). Default true. */
  readonly enforceFirstAs?: boolean;
  /** The IP version of its sessions (and its prefixes): default IPv4. */
  readonly transport?: 'ipv4' | 'ipv6';
}

/**
 * Full configuration of a client FRR: a peer group `RR` (iBGP `internal` or eBGP with the peer AS,
 * connect retry 1 s, optionally an MD5 password and no first-AS check), one neighbor per route reflector,
 * activated in the family of its `transport` only (IPv6: `no bgp default ipv4-unicast` and
 * `address-family ipv6 unicast`), and a `network` per prefix carrying its
 * communities through a route-map `ANNOUNCE-<n>` (defined first, so bgpd need not wait for its
 * route-map delay timer).
 */
export function clientConfig(input: ClientConfigInput): string {
  const ipv6 = input.transport === 'ipv6';
  const remote = input.peerAsn === input.asn ? 'internal' : String(input.peerAsn);
  const routeMaps = input.prefixes.flatMap((p, i) =>
    p.communities.length > 0
      ? [`route-map ANNOUNCE-${i} permit 10`, ` set community ${p.communities.join(' ')}`, 'exit', '!']
      : [],
  );
  const lines = [
    ...header(),
    ...routeMaps,
    `router bgp ${input.asn}`,
    ` bgp router-id ${input.routerId}`,
    ' no bgp ebgp-requires-policy',
    ' no bgp network import-check',
    ' timers bgp 3 9',
    ' neighbor RR peer-group',
    ` neighbor RR remote-as ${remote}`,
    ' neighbor RR timers connect 1',
    ...(input.password === undefined ? [] : [` neighbor RR password ${input.password}`]),
    ...(input.enforceFirstAs === false ? [' no neighbor RR enforce-first-as'] : []),
    ...(ipv6 ? [' no bgp default ipv4-unicast'] : []),
    ...input.neighbors.map((address) => ` neighbor ${address} peer-group RR`),
    ` address-family ${ipv6 ? 'ipv6' : 'ipv4'} unicast`,
    ...input.prefixes.map(
      (p, i) => `  network ${p.prefix}${p.communities.length > 0 ? ` route-map ANNOUNCE-${i}` : ''}`,
    ),
    '  neighbor RR activate',
    ' exit-address-family',
    'exit',
    '!',
  ];
  return `${lines.join('\n')}\n`;
}
