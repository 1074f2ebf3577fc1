import {
  canonicalGroup,
  canonicalIpAddress,
  cidrsOverlap,
  MAX_AS_NUMBER,
  parseCidr,
  parseIpAddress,
  type AddressFamily,
  type BfdOptions,
  type CanonicalGroup,
  type Cidr,
  type GracefulRestart,
  type PrefixLimit,
  type DesiredGroup,
  type DesiredRouterConfig,
  type MeshrrMode,
} from '@meshrr/core';
import { FrrRenderError } from '../errors.js';
import { FRR_ADDRESS_FAMILIES } from '../options.js';

/** One peer-group as rendered: every value checked and canonical, lists sorted. */
export interface FrrGroupModel extends CanonicalGroup {
  /**
   * `remote-as`: `internal`, `external`, or the one AS a route-server group accepts (its ranges
   * are a single AS): then FRR refuses any other AS at the session's OPEN.
   */
  readonly remoteAs: 'internal' | 'external' | number;
  /** Families the peer-group is activated in, in FRR's order. */
  readonly families: readonly AddressFamily[];
  /** Neighbors that do not carry every family of the group: address → its families. */
  readonly neighborFamilies: Readonly<Record<string, readonly AddressFamily[]>>;
  /** `route-reflector-client` in every family. */
  readonly reflectorClients: boolean;
  /** `ebgp-multihop <ttl>` (route servers). */
  readonly multihopTtl?: number;
  /** `attribute-unchanged next-hop` (route servers; FRR keeps the EVPN next hop by itself). */
  readonly nextHopUnchanged: boolean;
  /** `route-server-client` (RFC 7947 transparency). */
  readonly transparent: boolean;
  /** `password <key>` (TCP-MD5). */
  readonly password?: string;
  readonly timers?: { readonly keepaliveS: number; readonly holdS: number };
  readonly bfd?: BfdOptions;
  readonly prefixLimit?: PrefixLimit;
}

/** The router as rendered; the template context is built from it. */
export interface FrrRouterModel {
  readonly asn: number;
  readonly routerId: string;
  readonly mode: MeshrrMode;
  readonly gracefulShutdown: boolean;
  readonly gracefulRestart?: GracefulRestart;
  readonly groups: readonly FrrGroupModel[];
}

/** FRR's BFD profile names are at most 64 characters. */
const BFD_PROFILE_NAME_MAX = 64;

function checkKey(field: string, key: string): string {
  if (!/^[\x21-\x7e]{1,80}$/.test(key))
    throw new FrrRenderError(field, 'must be 1-80 printable ASCII characters without space (TCP-MD5 key)');
  return key;
}

function statementsOf(
  group: DesiredGroup,
  field: string,
  name: string,
): Omit<FrrGroupModel, 'name' | 'kind' | 'peerType' | 'remoteAs' | 'neighbors' | 'allow' | 'asRanges'> {
  const families = FRR_ADDRESS_FAMILIES.filter((f) => group.families.includes(f));
  if (families.length === 0) throw new FrrRenderError(`${field}.families`, 'must name at least one address family');
  const auth = group.authentication;
  if (auth?.method === 'tcp-ao')
    throw new FrrRenderError(
      `${field}.authentication`,
      'TCP-AO is not supported by FRR (FRR has no TCP-AO; use method md5, or a Junos daemon)',
    );
  const neighborFamilies: Record<string, readonly AddressFamily[]> = {};
  for (const [address, own] of Object.entries(group.neighborFamilies ?? {})) {
    const ip = canonicalIpAddress(address);
    if (ip === undefined)
      throw new FrrRenderError(`${field}.neighborFamilies`, `"${address}" is not an IP address literal`);
    neighborFamilies[ip] = FRR_ADDRESS_FAMILIES.filter((f) => own.includes(f));
  }
  const multihop = group.multihop;
  if (multihop !== undefined && (!Number.isInteger(multihop.ttl) || multihop.ttl < 1 || multihop.ttl > 255))
    throw new FrrRenderError(`${field}.multihop.ttl`, `${String(multihop.ttl)} is not a TTL (1 to 255)`);
  const t = group.timers;
  if (t !== undefined && (!Number.isInteger(t.holdTimeS) || t.holdTimeS < 3 || t.holdTimeS > 65_535))
    throw new FrrRenderError(`${field}.timers.holdTimeS`, `${String(t.holdTimeS)} is not a hold time (3 to 65535)`);
  if (group.bfd !== undefined && `meshrr-${name}`.length > BFD_PROFILE_NAME_MAX)
    throw new FrrRenderError(
      `${field}.name`,
      `is too long for a BFD profile name (meshrr-<group> must be at most ${BFD_PROFILE_NAME_MAX} characters)`,
    );
  const evpnOnly = families.every((f) => f === 'l2vpn-evpn');
  return {
    families,
    neighborFamilies,
    reflectorClients: group.clusterId !== undefined,
    ...(multihop === undefined ? {} : { multihopTtl: multihop.ttl }),
    nextHopUnchanged: (multihop?.nextHopUnchanged === true || group.transparent === true) && !evpnOnly,
    transparent: group.transparent === true,
    ...(auth === undefined ? {} : { password: checkKey(`${field}.authentication.key`, auth.key.reveal()) }),
    ...(t === undefined
      ? {}
      : { timers: { keepaliveS: t.keepaliveS ?? Math.floor(t.holdTimeS / 3), holdS: t.holdTimeS } }),
    ...(group.bfd === undefined ? {} : { bfd: group.bfd }),
    ...(group.prefixLimit === undefined ? {} : { prefixLimit: group.prefixLimit }),
  };
}

/** FRR refuses overlapping `bgp listen range`s (also across peer-groups): refuse them first. */
function checkDisjointRanges(groups: readonly FrrGroupModel[]): void {
  const all = groups.flatMap((g) =>
    g.allow.map((text) => ({ group: g.name, text, cidr: (parseCidr(text) as { ok: true; cidr: Cidr }).cidr })),
  );
  all.forEach((a, i) => {
    const b = all.slice(i + 1).find((other) => cidrsOverlap(a.cidr, other.cidr));
    if (b !== undefined)
      throw new FrrRenderError(
        'groups',
        `listen ranges ${a.text} (${a.group}) and ${b.text} (${b.group}) overlap; FRR refuses overlapping listen ranges`,
      );
  });
}

function checkGroup(group: DesiredGroup, i: number): FrrGroupModel {
  const field = `groups[${i}]`;
  const checked = canonicalGroup(group);
  if (!checked.ok) throw new FrrRenderError(`${field}.${checked.field}`, checked.message);
  // FRR reads an address where it expects "neighbor <address|peer-group>": such a name is ambiguous.
  if (parseIpAddress(group.name) !== undefined)
    throw new FrrRenderError(
      `${field}.name`,
      `"${group.name}" is an IP address; FRR cannot tell such a peer-group from a neighbor`,
    );
  const canonical = checked.value;
  const ranges = canonical.asRanges;
  const single = ranges.length === 1 && ranges[0]!.start === ranges[0]!.end ? ranges[0]!.start : undefined;
  return {
    ...canonical,
    remoteAs: canonical.peerType === 'internal' ? 'internal' : (single ?? 'external'),
    ...statementsOf(group, field, canonical.name),
  };
}

/**
 * Checks every value of the desired state before it reaches the file: router-id an IPv4 literal,
 * AS a 32-bit number, group names of the meshrr grammar (and not IP-shaped), neighbors IP literals,
 * `allow` canonical prefixes, AS ranges ordered. Returns canonical, sorted data (groups by name).
 * @throws {FrrRenderError} naming the first invalid field; nothing discovered can inject lines.
 */
export function frrRouterModel(desired: DesiredRouterConfig): FrrRouterModel {
  const routerId = parseIpAddress(desired.routerId);
  if (routerId?.family !== 4)
    throw new FrrRenderError(
      'routerId',
      `"${desired.routerId}" is not an IPv4 address (FRR's bgp router-id is 32 bits)`,
    );
  const asn = desired.asn.value;
  if (!Number.isInteger(asn) || asn < 1 || asn > MAX_AS_NUMBER)
    throw new FrrRenderError('asn', `${String(asn)} is not an AS number (1 to ${MAX_AS_NUMBER})`);
  const groups = desired.groups.map(checkGroup).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  groups.forEach((g, i) => {
    if (i > 0 && groups[i - 1]!.name === g.name) throw new FrrRenderError('groups', `group "${g.name}" appears twice`);
  });
  checkDisjointRanges(groups);
  const mode = desired.mode;
  if (mode !== 'ipv4rr' && mode !== 'evpnrs')
    throw new FrrRenderError('mode', `"${String(mode)}" is not ipv4rr or evpnrs`);
  return {
    asn,
    routerId: canonicalIpAddress(desired.routerId)!,
    mode,
    gracefulShutdown: desired.gracefulShutdown === true,
    ...(desired.gracefulRestart === undefined ? {} : { gracefulRestart: desired.gracefulRestart }),
    groups,
  };
}
