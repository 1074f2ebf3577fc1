import { formatCidr, type Cidr } from './cidr.js';
import { classifyIpAddress, nonPeerRangeOf, type IpAddressClass } from './classify.js';
import { formatIpAddress, parseIpAddress, type IpAddress } from './ipAddress.js';

/** What the address policy allows, for error messages ("allowed: …"). */
export const PEER_ADDRESS_RULE =
  'a unicast IPv4 or IPv6 address literal (private ranges included), not unspecified, this-network (0/8), loopback, link-local, multicast, broadcast, reserved (240/4), IPv4-mapped or IPv4-compatible IPv6, site-local or discard-only';

/** A peer address check: the canonical unicast literal, or why the text is refused. */
export type AddressCheck =
  | { readonly ok: true; readonly address: string }
  | {
      readonly ok: false;
      /** `not-an-ip-literal` or the {@link IpAddressClass} of the address. */
      readonly class: 'not-an-ip-literal' | Exclude<IpAddressClass, 'unicast'>;
      readonly reason: string;
    };

/**
 * THE peer address policy, applied to every source (the discovery manager checks every set a
 * source or plugin emits) and to the router's own addresses: accepts an IPv4 or IPv6 unicast
 * literal and returns its canonical text (RFC 5952 for IPv6); refuses anything else — names,
 * CIDRs, zones, and every special-purpose range of `NON_PEER_RANGES` — with the class and the
 * reason, quoting the text.
 */
export function checkPeerAddress(text: string): AddressCheck {
  return checkParsedPeerAddress(text, parseIpAddress(text));
}

/** {@link checkPeerAddress} for a caller that already parsed `text` (`ip`, or `undefined` if it is no literal). */
export function checkParsedPeerAddress(text: string, ip: IpAddress | undefined): AddressCheck {
  if (ip === undefined)
    return { ok: false, class: 'not-an-ip-literal', reason: `${JSON.stringify(text)} is not an IP address literal` };
  const cls = classifyIpAddress(ip);
  if (cls !== 'unicast')
    return {
      ok: false,
      class: cls,
      reason: `${text} is ${/^[aeiou]/.test(cls) ? 'an' : 'a'} ${cls} address, which cannot be a BGP peer`,
    };
  return { ok: true, address: formatIpAddress(ip) };
}

/**
 * The same policy for a configured prefix: refused (with the reason) when the whole prefix lies
 * inside a special-purpose range (`::ffff:10.0.0.0/104`, `240.0.0.0/8`, `fe80::/64`), since no
 * peer could ever match it; accepted when it merely contains such space (`0.0.0.0/0`, `::/0`).
 */
export function prefixPolicyProblem(cidr: Cidr): string | undefined {
  const range = nonPeerRangeOf(cidr);
  if (range === undefined) return undefined;
  return `${formatCidr(cidr)} lies inside ${range.prefix}, ${range.class} space (${range.why}): no BGP peer can have such an address`;
}
