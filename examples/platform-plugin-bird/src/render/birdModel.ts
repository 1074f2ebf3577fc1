import {
  canonicalGroup,
  canonicalIpAddress,
  MAX_AS_NUMBER,
  parseIpAddress,
  type CanonicalGroup,
  type DesiredGroup,
  type DesiredRouterConfig,
} from '@meshrr/core';
import { BirdRenderError } from '../errors.js';

/** One managed group as rendered: every value checked and canonical, lists sorted. */
export type BirdGroupModel = CanonicalGroup;

/** The router as rendered. */
export interface BirdRouterModel {
  readonly asn: number;
  readonly routerId: string;
  readonly gracefulShutdown: boolean;
  readonly groups: readonly BirdGroupModel[];
}

function checkGroup(group: DesiredGroup, i: number): BirdGroupModel {
  const checked = canonicalGroup(group);
  if (!checked.ok) throw new BirdRenderError(`groups[${i}].${checked.field}`, checked.message);
  return checked.value;
}

/**
 * Checks every value of the desired state before it reaches the file (router-id an IPv4 literal,
 * AS a 32-bit number, group names of meshrr's grammar, neighbors IP literals, `allow` canonical
 * prefixes, AS ranges ordered) and refuses what BIRD 2 cannot do: mode `evpnrs` (BIRD 2.0 has no
 * l2vpn evpn address family). Returns canonical, sorted data (groups by name).
 * @throws {BirdRenderError} naming the first invalid field; nothing discovered can inject lines.
 */
export function birdRouterModel(desired: DesiredRouterConfig): BirdRouterModel {
  if (desired.mode !== 'ipv4rr')
    throw new BirdRenderError(
      'mode',
      `${desired.mode} needs the l2vpn evpn address family, which BIRD 2 does not have: run mode evpnrs on platform junos or frr`,
    );
  if (parseIpAddress(desired.routerId)?.family !== 4)
    throw new BirdRenderError('routerId', `"${desired.routerId}" is not an IPv4 address (BIRD's router id is 32 bits)`);
  const asn = desired.asn.value;
  if (!Number.isInteger(asn) || asn < 1 || asn > MAX_AS_NUMBER)
    throw new BirdRenderError('asn', `${String(asn)} is not an AS number (1 to ${MAX_AS_NUMBER})`);
  const groups = desired.groups.map(checkGroup).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  groups.forEach((g, i) => {
    if (i > 0 && groups[i - 1]!.name === g.name) throw new BirdRenderError('groups', `group "${g.name}" appears twice`);
  });
  return {
    asn,
    routerId: canonicalIpAddress(desired.routerId)!,
    gracefulShutdown: desired.gracefulShutdown === true,
    groups,
  };
}
