import {
  canonicalGroup,
  canonicalIpAddress,
  cidrsOverlap,
  MAX_AS_NUMBER,
  parseCidr,
  parseIpAddress,
  type CanonicalGroup,
  type Cidr,
  type DesiredGroup,
  type DesiredRouterConfig,
  type MeshrrMode,
} from '@meshrr/core';
import { FrrRenderError } from '../errors.js';

/** One peer-group as rendered: every value checked and canonical, lists sorted. */
export type FrrGroupModel = CanonicalGroup;

/** The router as rendered; the template context is built from it. */
export interface FrrRouterModel {
  readonly asn: number;
  readonly routerId: string;
  readonly mode: MeshrrMode;
  readonly gracefulShutdown: boolean;
  readonly groups: readonly FrrGroupModel[];
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
  const checked = canonicalGroup(group);
  if (!checked.ok) throw new FrrRenderError(`groups[${i}].${checked.field}`, checked.message);
  // FRR reads an address where it expects "neighbor <address|peer-group>": such a name is ambiguous.
  if (parseIpAddress(group.name) !== undefined)
    throw new FrrRenderError(
      `groups[${i}].name`,
      `"${group.name}" is an IP address; FRR cannot tell such a peer-group from a neighbor`,
    );
  return checked.value;
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
    groups,
  };
}
