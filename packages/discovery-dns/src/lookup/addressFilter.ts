import { classifyIpAddress, formatIpAddress, parseIpAddress } from '@meshrr/core';
import type { Answer } from 'dns-packet';

/** A record whose address was not accepted as a peer, and why (for the warning log line). */
export interface DroppedRecord {
  /** The record as `owner TYPE data`, e.g. `svc.ns.svc.cluster.local. A 224.0.0.1`. */
  readonly record: string;
  /** `not-an-ip-literal`, `wrong-family`, `ipv4-mapped`, `multicast`, `loopback`, ... */
  readonly reason: string;
}

/** The verdict on one A/AAAA record. */
export type AddressVerdict = { ok: true; address: string } | { ok: false; dropped: DroppedRecord };

function describe(record: Answer): string {
  return `${record.name.replace(/\.$/, '')}. ${record.type} ${String((record as { data?: unknown }).data)}`;
}

function reasonFor(record: Answer, allowLoopback: boolean): string | undefined {
  const data = (record as { data?: unknown }).data;
  const ip = typeof data === 'string' ? parseIpAddress(data) : undefined;
  if (ip === undefined) return 'not-an-ip-literal';
  if ((record.type === 'A') !== (ip.family === 4)) return 'wrong-family';
  if (ip.family === 6 && ip.value >> 32n === 0xffffn) return 'ipv4-mapped';
  const kind = classifyIpAddress(ip);
  if (kind === 'unicast' || (kind === 'loopback' && allowLoopback)) return undefined;
  return kind;
}

/**
 * Accepts an A or AAAA record as a peer address only when its data is a unicast IP literal of the
 * record's family: multicast, unspecified, broadcast, link-local (IPv4 and IPv6), IPv4-mapped IPv6
 * and loopback (unless `allowLoopback`) are dropped with the reason. The accepted address is
 * canonical (RFC 5952 for IPv6). Pure.
 */
export function acceptAddress(record: Answer, allowLoopback: boolean): AddressVerdict {
  const reason = reasonFor(record, allowLoopback);
  if (reason !== undefined) return { ok: false, dropped: { record: describe(record), reason } };
  const ip = parseIpAddress((record as { data: string }).data)!;
  return { ok: true, address: formatIpAddress(ip) };
}
