import { compareIpAddress, familyBits, formatIpAddress, parseIpAddress, type IpFamily } from './ipAddress.js';

/** A network prefix: family, network address (host bits zero) and prefix length. */
export interface Cidr {
  readonly family: IpFamily;
  readonly network: bigint;
  readonly length: number;
}

/** Result of {@link parseCidr}: the prefix, or why the text is not a canonical-able prefix. */
export type CidrParseResult =
  { readonly ok: true; readonly cidr: Cidr } | { readonly ok: false; readonly reason: string };

function hostMask(family: IpFamily, length: number): bigint {
  return (1n << BigInt(familyBits(family) - length)) - 1n;
}

/**
 * Parses `address/length`. A bare address is rejected (say `/32` or `/128`). Host bits must be
 * zero: `10.0.0.1/16` is refused with a reason that suggests `10.0.0.0/16`, because a silently
 * widened prefix could accept peers the operator did not mean.
 */
export function parseCidr(text: string): CidrParseResult {
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, reason: 'missing prefix length (write address/length, e.g. 10.0.0.0/8)' };
  const ip = parseIpAddress(text.slice(0, slash));
  if (ip === undefined) return { ok: false, reason: `"${text.slice(0, slash)}" is not an IP address` };
  const lengthText = text.slice(slash + 1);
  const max = familyBits(ip.family);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(lengthText) || Number(lengthText) > max) {
    return { ok: false, reason: `prefix length must be an integer from 0 to ${max}` };
  }
  const length = Number(lengthText);
  const mask = hostMask(ip.family, length);
  if ((ip.value & mask) !== 0n) {
    const network = formatIpAddress({ family: ip.family, value: ip.value & ~mask });
    return { ok: false, reason: `host bits are set (did you mean ${network}/${length}?)` };
  }
  return { ok: true, cidr: { family: ip.family, network: ip.value, length } };
}

/** Canonical `network/length` text. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIpAddress({ family: cidr.family, value: cidr.network })}/${cidr.length}`;
}

/** The prefix that holds exactly one address (`/32` or `/128`). */
export function hostCidr(text: string): Cidr | undefined {
  const ip = parseIpAddress(text);
  return ip === undefined ? undefined : { family: ip.family, network: ip.value, length: familyBits(ip.family) };
}

/** Last address of the prefix. */
export function cidrLast(cidr: Cidr): bigint {
  return cidr.network | hostMask(cidr.family, cidr.length);
}

/** Do the two prefixes share at least one address? Different families never overlap. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.network <= cidrLast(b) && b.network <= cidrLast(a);
}

/** Does `outer` contain every address of `inner`? */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    outer.length <= inner.length &&
    outer.network <= inner.network &&
    cidrLast(inner) <= cidrLast(outer)
  );
}

/** Orders prefixes IPv4 before IPv6, then by network address, then shorter first. */
export function compareCidr(a: Cidr, b: Cidr): number {
  const byAddress = compareIpAddress({ family: a.family, value: a.network }, { family: b.family, value: b.network });
  return byAddress !== 0 ? byAddress : a.length - b.length;
}
