import { checkParsedPeerAddress, parseIpAddress, type RejectedRecord } from '@meshrr/core';
import type { Answer } from 'dns-packet';

/** The verdict on one A/AAAA record. */
export type AddressVerdict = { ok: true; address: string } | { ok: false; dropped: RejectedRecord };

function describe(record: Answer): string {
  return `${record.name.replace(/\.$/, '')}. ${record.type} ${String((record as { data?: unknown }).data)}`;
}

/**
 * Accepts an A or AAAA record as a peer address only when its data is an IP literal of the
 * record's family that passes core's peer address policy (`checkPeerAddress`: no multicast,
 * unspecified, broadcast, reserved, loopback, link-local, IPv4-mapped/compatible, …); otherwise
 * the record is rejected with the policy's class (or `wrong-family`). The accepted address is
 * canonical (RFC 5952 for IPv6). Pure.
 */
export function acceptAddress(record: Answer): AddressVerdict {
  const data = (record as { data?: unknown }).data;
  const text = typeof data === 'string' ? data : String(data);
  const ip = typeof data === 'string' ? parseIpAddress(data) : undefined;
  const where = describe(record);
  if (ip !== undefined && (record.type === 'A') !== (ip.family === 4))
    return {
      ok: false,
      dropped: {
        record: where,
        reason: 'wrong-family',
        detail: `${where}: not an IPv${record.type === 'A' ? 4 : 6} address`,
      },
    };
  const check = checkParsedPeerAddress(text, ip);
  if (!check.ok)
    return { ok: false, dropped: { record: where, reason: check.class, detail: `${where}: ${check.reason}` } };
  return { ok: true, address: check.address };
}
