import { parseCidr } from '../net/cidr.js';
import { parseIpAddress } from '../net/ipAddress.js';
import { pushBigWords } from './u128.js';

/**
 * Address lists split by family, as flat number arrays (no object per entry): single addresses (the
 * bulk: thousands of peers) as points, CIDRs as inclusive ranges. IPv4 values are unsigned 32-bit
 * numbers; IPv6 values are four 32-bit words each (see `u128.ts`).
 */
export interface AddressRanges {
  /** IPv4 addresses. */
  readonly v4Points: number[];
  /** IPv4 ranges as [start, end, start, end, …]. */
  readonly v4: number[];
  /** IPv6 addresses, four words each. */
  readonly v6Points: number[];
  /** IPv6 ranges, eight words each (start, then end). */
  readonly v6: number[];
}

const COLON = 58;

/**
 * A dotted quad without a length (decimal octets 0–255, no leading zeros), as a number;
 * `undefined` when `text` is anything else. Reads character codes: no regex, no allocation.
 */
function parseV4(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined;
      octet = octet * 10 + (c - 48);
      digits += 1;
      if (octet > 255) return undefined;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots += 1;
    } else return undefined;
  }
  return dots === 3 && digits > 0 ? value * 256 + octet : undefined;
}

/** The value of a hex digit's character code, or −1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const groups = new Array<number>(8).fill(0);

/**
 * Pushes the four words of an IPv6 literal made only of hex groups (at most one `::`, no embedded
 * IPv4, no zone) — the form every canonical address has — and returns true; returns false (pushing
 * nothing) for anything else, and the caller falls back to the complete parser, so this only ever
 * accepts what `parseIpAddress` accepts. Reads character codes: no regex, no allocation.
 */
export function pushPlainV6Words(text: string, into: number[]): boolean {
  const n = text.length;
  if (n < 2 || n > 39) return false;
  let count = 0;
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return false;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    let value = 0;
    let digits = 0;
    for (let d = hexDigit(text.charCodeAt(i)); d >= 0 && i < n; d = hexDigit(text.charCodeAt(i))) {
      value = value * 16 + d;
      digits += 1;
      i += 1;
    }
    if (digits === 0 || digits > 4 || count === 8) return false;
    groups[count++] = value;
    if (i === n) break;
    if (text.charCodeAt(i) !== COLON) return false;
    i += 1;
    if (i < n && text.charCodeAt(i) === COLON) {
      if (gap >= 0) return false;
      gap = count;
      i += 1;
    } else if (i === n) return false;
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  const zeros = 8 - count;
  const group = (k: number): number => (gap < 0 || k < gap ? groups[k]! : k < gap + zeros ? 0 : groups[k - zeros]!);
  for (let k = 0; k < 8; k += 2) into.push(group(k) * 65_536 + group(k + 1));
  return true;
}

const keyWords: number[] = [];

/**
 * The hex key (32 digits, lower case) of an IPv6 literal accepted by {@link pushPlainV6Words};
 * `undefined` for anything else. Keys sort in numeric order.
 */
export function plainV6Key(text: string): string | undefined {
  keyWords.length = 0;
  if (!pushPlainV6Words(text, keyWords)) return undefined;
  return keyWords.map((w) => w.toString(16).padStart(8, '0')).join('');
}

/** Adds one IP literal or CIDR to `into`; throws a TypeError naming `what` and the bad text. */
function addOne(text: string, what: string, allowBareAddress: boolean, into: AddressRanges): void {
  if (allowBareAddress) {
    const v4 = parseV4(text);
    if (v4 !== undefined) return void into.v4Points.push(v4);
  }
  if (allowBareAddress && !text.includes('/')) {
    if (pushPlainV6Words(text, into.v6Points)) return;
    const ip = parseIpAddress(text);
    if (ip === undefined) throw new TypeError(`${what} ${JSON.stringify(text)} is not an IP address or prefix`);
    if (ip.family === 4) into.v4Points.push(Number(ip.value));
    else pushBigWords(ip.value, into.v6Points);
    return;
  }
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new TypeError(`${what} ${JSON.stringify(text)} is not a valid prefix: ${parsed.reason}`);
  const { family, network, length } = parsed.cidr;
  const last = network | ((1n << BigInt((family === 4 ? 32 : 128) - length)) - 1n);
  if (family === 4) into.v4.push(Number(network), Number(last));
  else {
    pushBigWords(network, into.v6);
    pushBigWords(last, into.v6);
  }
}

/**
 * Parses `texts` (CIDRs, and bare IP literals when `allowBareAddress`) into per-family lists.
 * Throws a `TypeError` naming `what` (e.g. `prefix`, `address`) and the first invalid entry.
 */
export function parseAddressRanges(texts: readonly string[], what: string, allowBareAddress: boolean): AddressRanges {
  const into: AddressRanges = { v4Points: [], v4: [], v6Points: [], v6: [] };
  for (const text of texts) addOne(text, what, allowBareAddress, into);
  return into;
}
