import ipaddr from 'ipaddr.js';

/** Address family: 4 or 6. */
export type IpFamily = 4 | 6;

/** A parsed IP address: its family and its value as an unsigned integer (32 or 128 bits). */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** Number of bits of an address of `family`. */
export function familyBits(family: IpFamily): 32 | 128 {
  return family === 4 ? 32 : 128;
}

/**
 * Parses a strict IP literal: IPv4 as four decimal parts without leading zeros, IPv6 in any RFC 4291
 * text form (compressed, embedded IPv4), without zone index or brackets. Returns `undefined` for
 * anything else, including host names, so callers decide how to report it.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  // IPv6 first when the text has a colon: ipaddr's IPv4 check throws internally on IPv6 text,
  // which made every IPv6 parse ~10× slower.
  if (!text.includes(':') && ipaddr.IPv4.isValidFourPartDecimal(text)) {
    const [a, b, c, d] = ipaddr.IPv4.parse(text).octets as [number, number, number, number];
    return { family: 4, value: BigInt(((a << 24) >>> 0) + (b << 16) + (c << 8) + d) };
  }
  if (text.includes('%') || !text.includes(':')) return undefined;
  const v6 = text.includes('.') ? embeddedIpv4AsHex(text) : text;
  if (v6 === undefined || !ipaddr.IPv6.isValid(v6)) return undefined;
  let value = 0n;
  for (const part of ipaddr.IPv6.parse(v6).parts) value = (value << 16n) | BigInt(part);
  return { family: 6, value };
}

/**
 * Rewrites IPv6 text with an embedded IPv4 tail (`::10.0.0.5`, `::ffff:10.0.0.5`) into pure hex
 * groups. ipaddr.js reads `::a.b.c.d` as IPv4-*mapped* (`::ffff:a.b.c.d`), which would turn an
 * IPv4-compatible address into another address; this keeps the text's own meaning (RFC 4291 §2.2).
 */
function embeddedIpv4AsHex(text: string): string | undefined {
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  if (!ipaddr.IPv4.isValidFourPartDecimal(tail)) return undefined;
  const [a, b, c, d] = ipaddr.IPv4.parse(tail).octets as [number, number, number, number];
  return `${text.slice(0, colon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * Canonical text of an address: dotted quad for IPv4, RFC 5952 for IPv6 (lower case, longest run
 * of zero groups compressed, no leading zeros).
 */
export function formatIpAddress(ip: IpAddress): string {
  if (ip.family === 4) {
    const v = Number(ip.value);
    return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const parts: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) parts.push(Number((ip.value >> shift) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** Canonical text of an IP literal, or `undefined` when `text` is not one (see {@link parseIpAddress}). */
export function canonicalIpAddress(text: string): string | undefined {
  const ip = parseIpAddress(text);
  return ip === undefined ? undefined : formatIpAddress(ip);
}

/** Orders addresses IPv4 before IPv6, then numerically. */
export function compareIpAddress(a: IpAddress, b: IpAddress): number {
  if (a.family !== b.family) return a.family - b.family;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Sorts address texts canonically (IPv4 first, numeric order); every entry must be an IP literal. */
export function sortIpAddressTexts(texts: Iterable<string>): string[] {
  const parsed = [...texts].map((text) => {
    const ip = parseIpAddress(text);
    if (ip === undefined) throw new TypeError(`not an IP address literal: ${JSON.stringify(text)}`);
    return ip;
  });
  return parsed.sort(compareIpAddress).map(formatIpAddress);
}
