import { z } from 'zod';
import type { AddressFamily, FamilyTransport, GracefulRestart, PrefixLimit, TcpAoAlgorithm } from '../../api/bgp.js';
import type { AuthenticationConfig } from '../../api/config.js';
import { parseIpAddress, formatIpAddress } from '../../net/index.js';
import { choice, leaf, nullAsAbsent, strictMap } from './leaf.js';
import { booleanLeaf, integerLeaf } from './leaves.js';

/** `families` spellings (any case) and the family each means: meshrr's words and the daemons'. */
export const FAMILY_ALIASES: Readonly<Record<string, AddressFamily>> = {
  'ipv4-unicast': 'ipv4-unicast',
  inet: 'ipv4-unicast',
  'inet-unicast': 'ipv4-unicast',
  'ipv6-unicast': 'ipv6-unicast',
  inet6: 'ipv6-unicast',
  'inet6-unicast': 'ipv6-unicast',
  'ipv4-vpn': 'ipv4-vpn',
  'inet-vpn': 'ipv4-vpn',
  'inet-vpn-unicast': 'ipv4-vpn',
  vpnv4: 'ipv4-vpn',
  'ipv6-vpn': 'ipv6-vpn',
  'inet6-vpn': 'ipv6-vpn',
  'inet6-vpn-unicast': 'ipv6-vpn',
  vpnv6: 'ipv6-vpn',
  'l2vpn-evpn': 'l2vpn-evpn',
  evpn: 'l2vpn-evpn',
  'evpn-signaling': 'l2vpn-evpn',
};

const familyLeaf = choice(FAMILY_ALIASES, 'address family');

/** `families`: at least one address family, each at most once. */
export const familiesSchema = z
  .array(familyLeaf, { error: 'must be a list of address families' })
  .min(1, { error: 'must list at least one address family' })
  .superRefine((families, ctx) => {
    const seen = new Map<AddressFamily, number>();
    families.forEach((family, index) => {
      const earlier = seen.get(family);
      if (earlier !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `names ${family} again (already families[${earlier}])`,
        });
      seen.set(family, index);
    });
  })
  .describe(
    'Address families the sessions carry: ipv4-unicast, ipv6-unicast, ipv4-vpn, ipv6-vpn, l2vpn-evpn (Junos spellings inet, inet6, inet-vpn, inet6-vpn, evpn accepted). Default: the mode’s family, left to the template on Junos.',
  );

const TRANSPORTS: Readonly<Record<string, FamilyTransport>> = { all: 'all', matching: 'matching' };
/** `family_transport`: `all` or `matching`. */
export const familyTransportLeaf = choice(TRANSPORTS, 'family transport').describe(
  'all (default): every session carries every family; matching: an IPv4 neighbor carries the IPv4 families, an IPv6 neighbor the IPv6 ones (EVPN on both).',
);

/**
 * A schema whose input may also be `false` ("meshrr owns this statement and keeps it off").
 * Issues of `schema` keep their code and path.
 */
function falseOr<T>(schema: z.ZodType<T>): z.ZodType<T | false> {
  return z.unknown().transform((value, ctx): T | false => {
    if (value === false) return false;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues)
      ctx.addIssue({ ...issue, input: value } as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  });
}

const ABSOLUTE_PATH = /^\/[^\0]*$/;
const keyFileLeaf = leaf<string>((value) =>
  typeof value === 'string' && ABSOLUTE_PATH.test(value) && value.length <= 4096
    ? { ok: true, value }
    : { ok: false, message: 'must be an absolute file path (a mounted Secret, e.g. /etc/meshrr/bgp-auth/key)' },
);

const METHODS: Readonly<Record<string, 'md5' | 'tcp-ao'>> = { md5: 'md5', 'tcp-ao': 'tcp-ao' };
const AO_ALGORITHMS: Readonly<Record<string, TcpAoAlgorithm>> = {
  'hmac-sha-1-96': 'hmac-sha-1-96',
  'aes-128-cmac-96': 'aes-128-cmac-96',
};

const authenticationMap = strictMap({
  method: choice(METHODS, 'authentication method').default('md5'),
  key_file: keyFileLeaf,
  send_id: integerLeaf(0, 255).optional(),
  recv_id: integerLeaf(0, 255).optional(),
  algorithm: choice(AO_ALGORITHMS, 'TCP-AO algorithm').optional(),
})
  .superRefine((raw, ctx) => {
    if (raw.method !== 'md5') return;
    for (const key of ['send_id', 'recv_id', 'algorithm'] as const)
      if (raw[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: 'only method tcp-ao has this key' });
  })
  .transform((raw): AuthenticationConfig =>
    raw.method === 'md5'
      ? { method: 'md5', keyFile: raw.key_file }
      : {
          method: 'tcp-ao',
          keyFile: raw.key_file,
          sendId: raw.send_id ?? 0,
          recvId: raw.recv_id ?? 0,
          algorithm: raw.algorithm ?? 'hmac-sha-1-96',
        },
  );

/** `authentication`: `false`, or `{ method: md5 | tcp-ao, key_file, send_id, recv_id, algorithm }`. */
export const authenticationSchema = falseOr(authenticationMap).describe(
  'TCP session authentication: method md5 (default) or tcp-ao, with the key read from key_file (a mounted Secret); false = none.',
);

const timersMap = strictMap({
  hold_seconds: integerLeaf(3, 65_535),
  keepalive_seconds: integerLeaf(1, 21_845).optional(),
})
  .superRefine((raw, ctx) => {
    if (raw.keepalive_seconds !== undefined && raw.keepalive_seconds * 3 > raw.hold_seconds)
      ctx.addIssue({
        code: 'custom',
        path: ['keepalive_seconds'],
        message: `must be at most a third of hold_seconds (${raw.hold_seconds})`,
      });
  })
  .transform((raw) =>
    raw.keepalive_seconds === undefined
      ? { holdTimeS: raw.hold_seconds }
      : { holdTimeS: raw.hold_seconds, keepaliveS: raw.keepalive_seconds },
  );

/** `timers`: `false` or `{ hold_seconds, keepalive_seconds? }`. */
export const timersSchema = falseOr(timersMap).describe(
  'BGP hold time (3-65535 s) and keepalive interval (default: a third of the hold time); false = daemon defaults.',
);

/** Defaults of `bfd: true`. */
export const DEFAULT_BFD = { minimumIntervalMs: 300, multiplier: 3 } as const;

const bfdMap = strictMap({
  minimum_interval_ms: integerLeaf(50, 60_000).default(DEFAULT_BFD.minimumIntervalMs),
  multiplier: integerLeaf(2, 255).default(DEFAULT_BFD.multiplier),
}).transform((raw) => ({ minimumIntervalMs: raw.minimum_interval_ms, multiplier: raw.multiplier }));

/** `bfd`: `true` (300 ms × 3), `false`, or `{ minimum_interval_ms, multiplier }`. */
export const bfdSchema = z
  .unknown()
  .transform((value) => (value === true ? {} : value))
  .pipe(falseOr(bfdMap))
  .describe('BFD liveness detection: true (300 ms, multiplier 3), false, or { minimum_interval_ms, multiplier }.');

const prefixLimitMap = strictMap({
  limit: integerLeaf(1, 4_294_967_295),
  warning_only: booleanLeaf.default(false),
  restart_minutes: integerLeaf(1, 65_535).optional(),
})
  .superRefine((raw, ctx) => {
    if (raw.warning_only && raw.restart_minutes !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['restart_minutes'],
        message: 'has no effect with warning_only: true (the session is never torn down)',
      });
  })
  .transform((raw): PrefixLimit => ({
    maximum: raw.limit,
    warningOnly: raw.warning_only,
    ...(raw.restart_minutes === undefined ? {} : { restartMinutes: raw.restart_minutes }),
  }));

/** `max_prefixes`: `false`, a number, or `{ limit, warning_only, restart_minutes }`. */
export const prefixLimitSchema = z
  .unknown()
  .transform((value) => (typeof value === 'number' ? { limit: value } : value))
  .pipe(falseOr(prefixLimitMap))
  .describe(
    'Most prefixes accepted from each peer, per family: a number, or { limit, warning_only (false: tear down), restart_minutes }; false = no limit.',
  );

/** Defaults of `graceful_restart: true`. */
export const DEFAULT_GRACEFUL_RESTART: GracefulRestart = { restartTimeS: 120, staleRoutesTimeS: 300 };

const gracefulRestartMap = strictMap({
  restart_time_seconds: integerLeaf(1, 600).default(DEFAULT_GRACEFUL_RESTART.restartTimeS),
  stale_routes_time_seconds: integerLeaf(1, 600).default(DEFAULT_GRACEFUL_RESTART.staleRoutesTimeS),
  long_lived_stale_time_seconds: integerLeaf(1, 16_777_215).optional(),
}).transform((raw): GracefulRestart => ({
  restartTimeS: raw.restart_time_seconds,
  staleRoutesTimeS: raw.stale_routes_time_seconds,
  ...(raw.long_lived_stale_time_seconds === undefined
    ? {}
    : { longLivedStaleTimeS: raw.long_lived_stale_time_seconds }),
}));

/** `graceful_restart`: `true` (defaults), `false`, or a mapping of the three times. */
export const gracefulRestartSchema = z
  .unknown()
  .transform((value) => (value === true ? {} : value))
  .pipe(falseOr(gracefulRestartMap))
  .describe(
    'Graceful restart (RFC 4724) of the router: true (restart 120 s, stale routes 300 s), false, or { restart_time_seconds, stale_routes_time_seconds, long_lived_stale_time_seconds (RFC 9494) }.',
  );

/** `router_id`: `auto`, or a dotted-quad IPv4 address other than 0.0.0.0. */
export const routerIdLeaf = leaf<string | undefined>((value) => {
  if (typeof value === 'string' && value.toLowerCase() === 'auto') return { ok: true, value: undefined };
  const ip = typeof value === 'string' ? parseIpAddress(value) : undefined;
  if (ip?.family === 4 && ip.value !== 0n) return { ok: true, value: formatIpAddress(ip) };
  return {
    ok: false,
    message: 'must be an IPv4 address (the 32-bit BGP identifier) or auto',
    allowed: 'auto (default: derived from POD_IP, see the reference), or a dotted quad such as 192.0.2.1',
  };
}).describe(
  'BGP router-id: auto (POD_IP if IPv4, else the IPv4 address in POD_IPS, else derived from the IPv6 POD_IP) or an IPv4 address; env ROUTER_ID overrides.',
);

/** Options that only route-server groups (subtractive with `asranges`) have. */
export const ROUTE_SERVER_ONLY_KEYS = ['multihop_ttl', 'transparent'] as const;

/** The BGP keys of a group (both types), each optional: absent means "not set". */
export const groupBgpShape = {
  families: z.preprocess(nullAsAbsent, familiesSchema.optional()),
  family_transport: z.preprocess(nullAsAbsent, familyTransportLeaf.optional()),
  route_reflector_clients: z.preprocess(
    nullAsAbsent,
    booleanLeaf
      .optional()
      .describe(
        'The group’s peers are route-reflector clients (cluster = router-id). Default: true for subtractive groups without asranges; mesh groups: left to the template.',
      ),
  ),
  multihop_ttl: z.preprocess(
    nullAsAbsent,
    integerLeaf(1, 255).optional().describe('Route-server groups: eBGP multihop TTL (default 10).'),
  ),
  transparent: z.preprocess(
    nullAsAbsent,
    booleanLeaf
      .optional()
      .describe('Route-server groups: RFC 7947 transparent route server (no own AS prepended, next hop kept).'),
  ),
  authentication: z.preprocess(nullAsAbsent, authenticationSchema.optional()),
  timers: z.preprocess(nullAsAbsent, timersSchema.optional()),
  bfd: z.preprocess(nullAsAbsent, bfdSchema.optional()),
  max_prefixes: z.preprocess(nullAsAbsent, prefixLimitSchema.optional()),
};

/** The names of {@link groupBgpShape}, in documentation order. */
export const GROUP_BGP_KEYS = Object.keys(groupBgpShape);
