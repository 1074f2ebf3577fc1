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
  .meta({
    description:
      "Address families the sessions carry: `ipv4-unicast`, `ipv6-unicast`, `ipv4-vpn` (L3VPN), `ipv6-vpn`, `l2vpn-evpn` (also the Junos words `inet`, `inet6`, `inet-vpn`, `inet6-vpn`, `evpn`). Absent: the mode's family (`ipv4-unicast` for ipv4rr, `l2vpn-evpn` for evpnrs), which meshrr writes into groups it creates but does not own on Junos (an existing group keeps its template's families). Set: meshrr owns the group's `family` statements. Changing families resets the group's sessions on both daemons.",
  });

const TRANSPORTS: Readonly<Record<string, FamilyTransport>> = { all: 'all', matching: 'matching' };
/** `family_transport`: `all` or `matching`. */
export const familyTransportLeaf = choice(TRANSPORTS, 'family transport').meta({
  default: 'all',
  description:
    '`all`: every session carries every family of the group (MP-BGP; e.g. IPv4 routes over the IPv6 sessions of an IPv6-only cluster). `matching`: a configured neighbor carries the families of its own IP version (`ipv4-*` over IPv4, `ipv6-*` over IPv6) and EVPN, so a dual-stack mesh carries each route once; dynamic (`allow`) sessions still offer every family and the client chooses.',
});

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
export const authenticationSchema = falseOr(authenticationMap).meta({
  anyOf: [{ type: 'boolean', const: false }, { type: 'object' }],
  description:
    'TCP session authentication (see [Session options](#session-options)): `{ method: md5, key_file }` or `{ method: tcp-ao, key_file, send_id, recv_id, algorithm }`; `false` = none (owned). The key is read from `key_file` (a Secret volume), never logged.',
});

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
export const timersSchema = falseOr(timersMap).meta({
  anyOf: [{ type: 'boolean', const: false }, { type: 'object' }],
  description:
    '`{ hold_seconds (3–65535), keepalive_seconds (default: a third of the hold time) }`; `false` = the daemon defaults (owned). Junos has no keepalive knob: a keepalive other than hold/3 is refused there.',
});

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
  .meta({
    anyOf: [{ type: 'boolean' }, { type: 'object' }],
    description:
      'BFD liveness detection: `true` (300 ms, multiplier 3), `{ minimum_interval_ms (50–60000), multiplier (2–255) }`, or `false` (owned, off). FRR needs its `bfdd` daemon running.',
  });

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
  .meta({
    anyOf: [{ type: 'integer', minimum: 1 }, { type: 'boolean', const: false }, { type: 'object' }],
    description:
      "Most prefixes accepted from each peer of the group, per family (meant for client groups): a number, or `{ limit, warning_only (default false: the session is torn down), restart_minutes }`; `false` = no limit (owned). On Junos it is written under each of the group's families (`family … prefix-limit`).",
  });

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
  .meta({
    anyOf: [{ type: 'boolean' }, { type: 'object' }],
    description:
      'Graceful restart (RFC 4724) of the router: `true` (restart 120 s, stale routes 300 s), `{ restart_time_seconds (1–600), stale_routes_time_seconds (1–600), long_lived_stale_time_seconds (RFC 9494 long-lived GR, 1–16777215; needs `families`) }`, or `false` (owned, off). Absent: left as it is. Peers negotiate it when their sessions next come up.',
  });

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
}).meta({
  type: 'string',
  default: 'auto',
  description:
    'The BGP router-id: `auto`, or an IPv4 address (only for one router per file: every pod reading the file gets it). `auto`: `POD_IP` when it is IPv4, else the IPv4 address of `POD_IPS`, else derived from the IPv6 `POD_IP` (see [Router-id](#router-id)). The environment variable `ROUTER_ID` (per pod) overrides both.',
});

/** Options that only route-server groups (subtractive with `asranges`) have. */
export const ROUTE_SERVER_ONLY_KEYS = ['multihop_ttl', 'transparent'] as const;

/** The BGP keys of a group (both types), each optional: absent means "not set". */
export const groupBgpShape = {
  families: z.preprocess(nullAsAbsent, familiesSchema.optional()),
  family_transport: z.preprocess(nullAsAbsent, familyTransportLeaf.optional()),
  route_reflector_clients: z.preprocess(
    nullAsAbsent,
    booleanLeaf.optional().meta({
      description:
        "The group's peers are route-reflector clients of this router (Junos `cluster <router-id>`, FRR `route-reflector-client`: each router its own cluster, as in meshrr's templates). Default: `true` for subtractive groups without `asranges`; mesh groups: left as the template wrote it (3clientgroups sets `cluster` in mesh groups) unless set.",
    }),
  ),
  multihop_ttl: z.preprocess(
    nullAsAbsent,
    integerLeaf(1, 255).optional().meta({
      default: 10,
      description:
        'Route-server groups: eBGP multihop TTL (meshrr: `multihop { ttl 10; no-nexthop-change; }`); the next hop is always passed on unchanged.',
    }),
  ),
  transparent: z.preprocess(
    nullAsAbsent,
    booleanLeaf.optional().meta({
      description:
        "Route-server groups: RFC 7947 transparent route server: own AS not prepended, next hop and MED kept (Junos `route-server-client`, FRR `route-server-client`). Clients must then accept a first AS that is not the server's (FRR: no `enforce-first-as`; Cisco: `no bgp enforce-first-as`). Absent: left as it is.",
    }),
  ),
  authentication: z.preprocess(nullAsAbsent, authenticationSchema.optional()),
  timers: z.preprocess(nullAsAbsent, timersSchema.optional()),
  bfd: z.preprocess(nullAsAbsent, bfdSchema.optional()),
  max_prefixes: z.preprocess(nullAsAbsent, prefixLimitSchema.optional()),
};

/** The names of {@link groupBgpShape}, in documentation order. */
export const GROUP_BGP_KEYS = Object.keys(groupBgpShape);
