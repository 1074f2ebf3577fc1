import { isDnsName } from '@meshrr/core';
import { z } from 'zod';
import { parseNameserver, type NameserverEndpoint } from './nameserver.js';

const nameserverOption = z.string().transform((text, ctx): NameserverEndpoint => {
  const parsed = parseNameserver(text);
  if (parsed.ok) return parsed.endpoint;
  ctx.addIssue({
    code: 'custom',
    message: `invalid nameserver: ${parsed.reason}; allowed: IP, IP:port or [IPv6]:port`,
  });
  return z.NEVER;
});

const dnsName = z.string().refine(isDnsName, {
  message: 'must be a DNS name (labels of letters, digits, "_" and "-", 1-63 characters each, 253 in all)',
});

/**
 * zod schema of the `source` keys of `sourcetype: dns` (unknown keys are errors):
 * - `hostname` (required): the name to resolve; short names use resolv.conf `search`/`ndots`,
 *   a trailing `.` makes it absolute.
 * - `lookup`: `address` (A/AAAA of `hostname`, default) or `srv` (SRV `<srv_prefix>.<hostname>`,
 *   then A/AAAA of each target; the SRV port is carried as the peer's port).
 * - `srv_prefix`: default `_bgp._tcp`.
 * - `address_families`: `[ipv4, ipv6]` (default, dual stack) or one of them; `[ipv4]` is meshrr's
 *   behaviour (A records only).
 * - `nameservers`: list of `IP`, `IP:port` or `[IPv6]:port`, replacing resolv.conf's.
 * - `resolv_conf`: path of the resolv.conf to read (relative to the config file's directory);
 *   default `/etc/resolv.conf`.
 * - `timeout_seconds`, `attempts`: per-try timeout and rounds over the servers (default: resolv.conf's,
 *   else 5 s and 2).
 * - `min_refresh_seconds` (default 1) and `max_refresh_seconds` (default meshrr `UPDATE_SECONDS`):
 *   bounds of the TTL-driven refresh period.
 * - `allow_loopback`: accepted only as `false` (kept so older files load): loopback addresses are
 *   the router itself and core's address policy never takes one as a peer.
 * - `negative_answers`: which NXDOMAIN/NODATA answers may empty the set: `authoritative-or-soa`
 *   (default: AA=1, or a recursive resolver's answer carrying the zone's SOA, RFC 2308) or
 *   `authoritative-only` (AA=1 only). Any other negative answer is a failure.
 * - `edns_udp_size`: EDNS0 UDP payload size advertised (default 1232; 0 = no EDNS0).
 */
export const dnsOptionsSchema = z.strictObject({
  hostname: dnsName,
  lookup: z.enum(['address', 'srv']).default('address'),
  srv_prefix: z
    .string()
    .regex(/^_[A-Za-z0-9-]{1,62}\._(tcp|udp|sctp)$/, 'must be _service._proto, e.g. _bgp._tcp')
    .default('_bgp._tcp'),
  address_families: z
    .array(z.enum(['ipv4', 'ipv6']))
    .min(1, 'must name at least one of ipv4, ipv6')
    .transform((families) => [...new Set(families)])
    .default(['ipv4', 'ipv6']),
  nameservers: z
    .array(nameserverOption)
    .min(1, 'must list at least one nameserver (or leave it out to use resolv.conf)')
    .optional(),
  resolv_conf: z.string().min(1).optional(),
  timeout_seconds: z.number().positive().max(60).optional(),
  attempts: z.number().int().min(1).max(10).optional(),
  min_refresh_seconds: z.number().min(0.1).max(86_400).default(1),
  max_refresh_seconds: z.number().min(0.1).max(86_400).optional(),
  allow_loopback: z
    .literal(false, {
      error:
        'must be false or absent: a loopback address is the router itself, and the peer address policy refuses it for every source',
    })
    .optional(),
  negative_answers: z.enum(['authoritative-or-soa', 'authoritative-only']).default('authoritative-or-soa'),
  edns_udp_size: z.union([z.literal(0), z.number().int().min(512).max(4096)]).default(1232),
});

/** The validated `source` options of a DNS group (output of {@link dnsOptionsSchema}). */
export type DnsDiscoveryOptions = z.output<typeof dnsOptionsSchema>;
