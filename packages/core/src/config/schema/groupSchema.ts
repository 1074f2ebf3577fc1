import { z } from 'zod';
import type {
  BgpGroupConfig,
  GroupBgpConfig,
  MeshGroupConfig,
  SourceConfig,
  SubtractiveGroupConfig,
} from '../../api/config.js';
import { compareCidr, formatCidr } from '../../net/index.js';
import type { PathIssue } from '../pathIssue.js';
import { fromZodIssues } from './fromZodIssues.js';
import { CONFIG_LIMITS } from '../limits.js';
import { choice, nullAsAbsent, otherTypeKey, PARSE_ONCE, strictMap, withAllowed } from './leaf.js';
import {
  asRangeLeaf,
  cidrLeaf,
  DNS_NAME_RULE,
  groupNameLeaf,
  hostnameLeaf,
  integerLeaf,
  sourcetypeLeaf,
} from './leaves.js';
import { GROUP_BGP_KEYS, groupBgpShape } from './bgpSchema.js';

const PREFIXES_ALLOWED = 'a list of CIDR prefixes such as 10.0.0.0/8 or 2001:db8::/32';

/** The BGP keys of a group as parsed by {@link groupBgpShape}. */
type RawGroupBgp = { [K in keyof typeof groupBgpShape]?: z.output<(typeof groupBgpShape)[K]> };

/** The written BGP keys of a group as {@link GroupBgpConfig} (absent keys stay absent). */
export function groupBgpOf(raw: RawGroupBgp): GroupBgpConfig | undefined {
  const bgp: { -readonly [K in keyof GroupBgpConfig]: GroupBgpConfig[K] } = {};
  if (raw.families !== undefined) bgp.families = raw.families;
  if (raw.family_transport !== undefined) bgp.familyTransport = raw.family_transport;
  if (raw.route_reflector_clients !== undefined) bgp.routeReflectorClients = raw.route_reflector_clients;
  if (raw.multihop_ttl !== undefined) bgp.multihopTtl = raw.multihop_ttl;
  if (raw.transparent !== undefined) bgp.transparent = raw.transparent;
  if (raw.authentication !== undefined) bgp.authentication = raw.authentication;
  if (raw.timers !== undefined) bgp.timers = raw.timers;
  if (raw.bfd !== undefined) bgp.bfd = raw.bfd;
  if (raw.max_prefixes !== undefined) bgp.prefixLimit = raw.max_prefixes;
  return Object.keys(bgp).length === 0 ? undefined : bgp;
}

/** A key that only route-server groups (subtractive with `asranges`) have. */
function routeServerOnly(): ReturnType<typeof otherTypeKey> {
  return leafRefusal('only route-server groups (type subtractive with asranges) have this key');
}

function leafRefusal(message: string): ReturnType<typeof otherTypeKey> {
  return z
    .unknown()
    .transform((value, ctx) => {
      if (value === undefined || value === null) return undefined;
      ctx.addIssue({ code: 'custom', message, input: value });
      return z.NEVER;
    })
    .optional()
    .meta({ not: {}, description: message }) as unknown as ReturnType<typeof otherTypeKey>;
}

/** Group `type` values (case-insensitive) and the kind each one means. */
export const GROUP_TYPES: Readonly<Record<string, 'mesh' | 'subtractive'>> = {
  mesh: 'mesh',
  subtractive: 'subtractive',
};
const typeLeaf = choice(GROUP_TYPES, 'group type');

/**
 * `source`: `sourcetype` (default `dns`, lower-cased) and any other keys, kept as written in
 * `options`. `hostname`, when present, must be a DNS name; sourcetype `dns` requires it (meshrr).
 */
const sourceSchema = z
  .looseObject(
    {
      sourcetype: sourcetypeLeaf.default('dns').meta({
        default: 'dns',
        description:
          'Lower-cased; a kebab-case word. Built in: `dns` (meshrr), plus `static`, `kubernetes`, `consul` and plugin types. An unknown sourcetype is an error listing the known ones. meshrr accepted only `dns`.',
      }),
      hostname: hostnameLeaf.optional().meta({
        description:
          "Required for `dns`. A DNS name: labels of letters, digits, `_` and `-` (not at a label's ends), 1–63 characters each, 253 in all, optional final `.`, last label not all digits. Single labels rely on resolv.conf search domains, as in meshrr.",
      }),
    },
    {
      error: withAllowed(
        'must be a mapping with sourcetype and its options',
        'a mapping: sourcetype (dns, the default; static, kubernetes, consul or a plugin kind) and the options of that source',
      ),
    },
  )
  .superRefine((source, ctx) => {
    if (source.sourcetype === 'dns' && source.hostname === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['hostname'],
        message: 'is required for sourcetype dns',
        params: { allowed: DNS_NAME_RULE },
      });
    }
  })
  .transform(({ sourcetype, ...options }): SourceConfig => ({ sourcetype, options }));

/** `bgpgroups[].name`, documented. */
const nameKey = groupNameLeaf.meta({
  description:
    'Grammar `^[A-Za-z0-9][A-Za-z0-9_.:-]{0,62}$`. Names go into Junos `set` commands, an XPath filter, FRR peer-group names and the `MESHRR:<name>` as-list, so nothing else is accepted (meshrr interpolated them unescaped: B22). Unique across groups (meshrr silently let the later group win). A numeric name must be quoted (`name: "12"`).',
});
/** `bgpgroups[].type`, documented. */
const typeKey = typeLeaf.meta({ description: '`mesh` or `subtractive`, any case.' });

/** The keys of a `type: mesh` group (exported for the JSON Schema). */
export const meshSchema = strictMap(
  {
    name: nameKey,
    type: typeKey,
    source: sourceSchema.meta({
      description:
        "Where the peers come from: `sourcetype` and that provider's options (every other key is validated by the provider, and errors are reported at `bgpgroups[i].source.<key>`).",
    }),
    max_peers: integerLeaf(1).optional().meta({
      description:
        'Peer with at most this many of the discovered routers, chosen healthy first, balanced across the routers of `balance_across`, spread over zones, moved one make-before-break step at a time (see `selection`); absent = every discovered peer. meshrr did not type-check it.',
    }),
    balance_across: z
      .preprocess(nullAsAbsent, z.array(groupNameLeaf, { error: 'must be a list of mesh group names' }).optional())
      .meta({
        description:
          "Only with `max_peers`: the mesh groups whose discovered routers choose from this group's candidates too (this router's tier). Together they compute one balanced assignment (each candidate carries the same number of them, ±1) and each takes its own share, with the fewest moves when candidates come and go. Absent = every mesh group of this file without `max_peers`; `[]` = none (each router's own rendezvous choice: balanced only on average).",
      }),
    prefixes: otherTypeKey('subtractive'),
    asranges: otherTypeKey('subtractive'),
    ...groupBgpShape,
    multihop_ttl: routeServerOnly(),
    transparent: routeServerOnly(),
  },
  [
    'name',
    'type',
    'source',
    'max_peers',
    'balance_across',
    ...GROUP_BGP_KEYS.filter((k) => k !== 'multihop_ttl' && k !== 'transparent'),
  ],
)
  .superRefine((raw, ctx) => {
    if (raw.balance_across !== undefined && raw.max_peers === undefined)
      ctx.addIssue({ code: 'custom', path: ['balance_across'], message: 'only applies with max_peers' });
  })
  .transform((raw): MeshGroupConfig => {
    const base = { kind: 'mesh' as const, name: raw.name, source: raw.source };
    const withPeers =
      raw.max_peers === undefined
        ? base
        : raw.balance_across === undefined
          ? { ...base, maxPeers: raw.max_peers }
          : { ...base, maxPeers: raw.max_peers, balanceAcross: [...new Set(raw.balance_across)] };
    const bgp = groupBgpOf({ ...raw, multihop_ttl: undefined, transparent: undefined });
    return bgp === undefined ? withPeers : { ...withPeers, bgp };
  });

/** The keys of a `type: subtractive` group (exported for the JSON Schema). */
export const subtractiveSchema = strictMap(
  {
    name: nameKey,
    type: typeKey,
    prefixes: z
      .array(cidrLeaf, { error: withAllowed('must be a list of CIDR prefixes', PREFIXES_ALLOWED) })
      .min(1, { error: withAllowed('must list at least one prefix', PREFIXES_ALLOWED) })
      .max(CONFIG_LIMITS.maxPrefixesPerGroup, {
        error: withAllowed('too many prefixes', `at most ${CONFIG_LIMITS.maxPrefixesPerGroup} per group`),
      })
      .meta({
        description:
          'CIDR prefixes, at least one, IPv4 and IPv6 (meshrr: IPv4 in practice). Host bits must be clear (`10.0.0.1/8` is refused, suggesting `10.0.0.0/8`). Canonicalised and sorted; a repeated prefix is a warning and counted once. Prefixes of different subtractive groups must not overlap (the error names both groups and both prefixes).',
      }),
    asranges: z
      .preprocess(nullAsAbsent, z.array(asRangeLeaf, { error: 'must be a list of AS ranges' }).optional())
      .meta({
        description:
          'Entries `"65001-65500"` (`start-end`, asdot allowed on either side, start ≤ end) or a single AS number. Non-empty makes the group a route server (eBGP, `peer-as-list`); an empty list never renders an empty `as-list` (B6).',
      }),
    source: otherTypeKey('mesh'),
    max_peers: otherTypeKey('mesh'),
    balance_across: otherTypeKey('mesh'),
    ...groupBgpShape,
  },
  ['name', 'type', 'prefixes', 'asranges', ...GROUP_BGP_KEYS],
)
  .superRefine((raw, ctx) => {
    const routeServer = (raw.asranges ?? []).length > 0;
    if (!routeServer)
      for (const key of ['multihop_ttl', 'transparent'] as const)
        if (raw[key] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'only route-server groups have this key (add asranges to make this group one)',
          });
    if (routeServer && raw.route_reflector_clients === true)
      ctx.addIssue({
        code: 'custom',
        path: ['route_reflector_clients'],
        message: 'a route-server group (asranges) is eBGP: its peers cannot be route-reflector clients',
      });
  })
  .transform((raw): SubtractiveGroupConfig => {
    const unique = new Map(raw.prefixes.map((cidr) => [formatCidr(cidr), cidr]));
    const prefixes = [...unique.values()].sort(compareCidr).map(formatCidr);
    const base = { kind: 'subtractive' as const, name: raw.name, prefixes, asRanges: raw.asranges ?? [] };
    const bgp = groupBgpOf(raw);
    return bgp === undefined ? base : { ...base, bgp };
  });

/** Result of validating one `bgpgroups` entry: the group when valid, and every issue found. */
export interface GroupParseResult {
  readonly group?: BgpGroupConfig;
  readonly issues: readonly PathIssue[];
}

/**
 * Validates `bgpgroups[index]`: dispatches on the case-insensitive `type`, then checks every key
 * of that type's schema. With a missing or unknown `type`, only `type` and `name` are checked.
 * Issue paths are absolute (`['bgpgroups', index, ...]`). Never mutates `raw`.
 */
export function parseGroup(raw: unknown, index: number): GroupParseResult {
  const prefix = ['bgpgroups', index];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { issues: fromZodIssues(strictMap({}).safeParse(raw).error?.issues ?? [], raw, prefix) };
  }
  const record = raw as Record<string, unknown>;
  const kind = typeLeaf.safeParse(record['type']);
  if (!kind.success) {
    const typeIssues = fromZodIssues(
      z.object({ name: groupNameLeaf, type: typeLeaf }).safeParse(record).error?.issues ?? [],
      record,
      prefix,
    );
    return { issues: typeIssues };
  }
  const result =
    kind.data === 'mesh' ? meshSchema.safeParse(record, PARSE_ONCE) : subtractiveSchema.safeParse(record, PARSE_ONCE);
  return result.success
    ? { group: result.data, issues: [] }
    : { issues: fromZodIssues(result.error.issues, record, prefix) };
}
