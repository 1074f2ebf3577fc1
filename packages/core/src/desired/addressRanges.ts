import { parseCidr } from '../net/cidr.js';
import { parseIpAddress } from '../net/ipAddress.js';

/** An inclusive range of IPv4 addresses as unsigned 32-bit numbers. */
export interface V4Range {
  start: number;
  end: number;
}

/** An inclusive range of IPv6 addresses as 128-bit bigints. */
export interface V6Range {
  start: bigint;
  end: bigint;
}

/**
 * Address lists split by family: single addresses (the bulk: thousands of peers) kept as plain
 * sortable values — IPv4 as numbers, IPv6 as 32-digit hex keys, whose text order is numeric order —
 * and CIDRs as ranges.
 */
export interface AddressRanges {
  readonly v4Points: number[];
  readonly v4: V4Range[];
  readonly v6Keys: string[];
  readonly v6: V6Range[];
}

const V4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const V6_PLAIN = /^[0-9a-fA-F:]{2,39}$/;
const GROUP = /^[0-9a-fA-F]{1,4}$/;

/** A dotted quad without a length, as a number; `undefined` when `text` is anything else. */
function parseV4(text: string): number | undefined {
  const m = V4.exec(text);
  if (m === null) return undefined;
  const [a, b, c, d] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (a > 255 || b > 255 || c > 255 || d > 255) return undefined;
  return a * 16_777_216 + b * 65_536 + c * 256 + d;
}

/** Groups of one side of `::` (empty side: none); `undefined` when a group is malformed. */
function sideGroups(side: string): string[] | undefined {
  if (side === '') return [];
  const groups = side.split(':');
  return groups.every((g) => GROUP.test(g)) ? groups : undefined;
}

/**
 * The hex key (32 digits, lower case) of an IPv6 literal made only of hex groups (at most one `::`, no embedded IPv4, no
 * zone) — the form every canonical address has. `undefined` for anything else; the caller then
 * falls back to the complete parser, so this only ever accepts what `parseIpAddress` accepts.
 */
export function plainV6Key(text: string): string | undefined {
  if (!V6_PLAIN.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = sideGroups(halves[0]!);
  const tail = halves.length === 2 ? sideGroups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const present = head.length + tail.length;
  if (halves.length === 2 ? present > 7 : present !== 8) return undefined;
  const groups = [...head, ...Array<string>(8 - present).fill('0'), ...tail];
  return groups
    .map((g) => g.padStart(4, '0'))
    .join('')
    .toLowerCase();
}

/** Adds one IP literal or CIDR to `into`; throws a TypeError naming `what` and the bad text. */
function addOne(text: string, what: string, allowBareAddress: boolean, into: AddressRanges): void {
  if (allowBareAddress && !text.includes('/')) {
    const v4 = parseV4(text);
    if (v4 !== undefined) return void into.v4Points.push(v4);
    const key = plainV6Key(text);
    if (key !== undefined) return void into.v6Keys.push(key);
    const ip = parseIpAddress(text);
    if (ip === undefined) throw new TypeError(`${what} ${JSON.stringify(text)} is not an IP address or prefix`);
    if (ip.family === 4) into.v4Points.push(Number(ip.value));
    else into.v6Keys.push(ip.value.toString(16).padStart(32, '0'));
    return;
  }
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new TypeError(`${what} ${JSON.stringify(text)} is not a valid prefix: ${parsed.reason}`);
  const { family, network, length } = parsed.cidr;
  const last = network | ((1n << BigInt((family === 4 ? 32 : 128) - length)) - 1n);
  if (family === 4) into.v4.push({ start: Number(network), end: Number(last) });
  else into.v6.push({ start: network, end: last });
}

/**
 * Parses `texts` (CIDRs, and bare IP literals when `allowBareAddress`) into per-family lists.
 * Throws a `TypeError` naming `what` (e.g. `prefix`, `address`) and the first invalid entry.
 */
export function parseAddressRanges(texts: readonly string[], what: string, allowBareAddress: boolean): AddressRanges {
  const into: AddressRanges = { v4Points: [], v4: [], v6Keys: [], v6: [] };
  for (const text of texts) addOne(text, what, allowBareAddress, into);
  return into;
}
