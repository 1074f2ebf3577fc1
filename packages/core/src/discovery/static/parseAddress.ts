import { classifyIpAddress } from '../../net/classify.js';
import { formatIpAddress, parseIpAddress } from '../../net/ipAddress.js';

/** A peer address check: the canonical unicast literal, or why the text is refused. */
export type AddressCheck =
  { readonly ok: true; readonly address: string } | { readonly ok: false; readonly reason: string };

/**
 * Accepts an IPv4 or IPv6 unicast literal (private ranges included) and returns its canonical
 * text; refuses anything else (names, CIDRs, zones, loopback, multicast, link-local...) with the
 * reason, quoting the text.
 */
export function checkPeerAddress(text: string): AddressCheck {
  const ip = parseIpAddress(text);
  if (ip === undefined) return { ok: false, reason: `${JSON.stringify(text)} is not an IP address literal` };
  const cls = classifyIpAddress(ip);
  if (cls !== 'unicast') return { ok: false, reason: `${text} is a ${cls} address, which cannot be a BGP peer` };
  return { ok: true, address: formatIpAddress(ip) };
}
