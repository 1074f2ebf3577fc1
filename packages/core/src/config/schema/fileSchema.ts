import { z } from 'zod';
import type { MeshrrMode } from '../../api/config.js';
import { CONFIG_LIMITS } from '../limits.js';
import { choice, strictMap, withAllowed } from './leaf.js';
import { asnLeaf, rootPwLeaf } from './leaves.js';
import {
  commitSchema,
  platformBlockSchema,
  pluginsSchema,
  quiescenceSchema,
  safetySchema,
  selectionSchema,
} from './extensionSchemas.js';
import { familiesSchema, familyTransportLeaf, gracefulRestartSchema, routerIdLeaf } from './bgpSchema.js';
import { nullAsAbsent } from './leaf.js';

/** `mode` / `MESHRR_MODE` spellings (case-insensitive) and the mode each one means. */
export const MODE_ALIASES: Readonly<Record<string, MeshrrMode>> = {
  ipv4rr: 'ipv4rr',
  routereflector: 'ipv4rr',
  evpnrs: 'evpnrs',
  routeserver: 'evpnrs',
};
/** `mode`: one of {@link MODE_ALIASES}, any case, yielding the mode. */
export const modeLeaf = choice(MODE_ALIASES, 'mode');

const GROUPS_ALLOWED = 'a list of groups, each a mapping with name, type (mesh or subtractive) and its keys';

/**
 * The top level of `meshrr.conf.yml`. `asn` and `bgpgroups` are required (meshrr raises KeyError
 * without them and no default could be right); `encrypted_root_pw` defaults to `NOLOGIN` and
 * `mode` to `ipv4rr` (see README.md for why both keep meshrr's behaviour). `bgpgroups` entries are
 * validated one by one by `parseGroup`, so one bad group does not hide the others' problems.
 */
export const fileSchema = strictMap({
  encrypted_root_pw: rootPwLeaf.default('NOLOGIN').meta({
    default: 'NOLOGIN',
    description:
      "Rendered into `root-authentication encrypted-password`. One token of letters, digits and `. / $ = + _ : * ! -` (a crypt(3) hash such as `$6$…`, or `NOLOGIN`): no spaces, quotes, `;` or braces. Never repeated in error messages. meshrr: required (KeyError); the default is meshrr's own default file value, which disables root password login.",
  }),
  asn: asnLeaf.meta({
    description:
      'The AS number: asplain `1`–`4294967295` (`"65000"` or `65000`) or asdot `"X.Y"` (each half `0`–`65535`, not `0.0`; `"65000.1"` = 4259840001). asdot must be **quoted**: unquoted `65000.1` is a YAML number and is refused with a message saying so. No leading zeros. The spelling is kept for rendering.',
  }),
  mode: modeLeaf.default('ipv4rr').meta({
    default: 'ipv4rr',
    description:
      "`ipv4rr` or `routereflector` → `ipv4rr`; `evpnrs` or `routeserver` → `evpnrs`; any case. Selects the template. `MESHRR_MODE` overrides it. meshrr: required but unused (B14); its template choice defaulted to ipv4rr, so the default keeps meshrr's behaviour.",
  }),
  bgpgroups: z
    .array(z.unknown(), { error: withAllowed('must be a list of groups', GROUPS_ALLOWED) })
    .min(1, { error: withAllowed('must list at least one group', GROUPS_ALLOWED) })
    .max(CONFIG_LIMITS.maxGroups, { error: withAllowed('too many groups', `at most ${CONFIG_LIMITS.maxGroups}`) })
    .meta({
      description:
        'The BGP groups, at least one: `type: mesh` groups peer with what a source discovers, `type: subtractive` groups accept clients from prefixes minus the meshed peers. A list of only subtractive groups is valid (meshrr crashed: B16).',
    }),
  safety: safetySchema.meta({
    description: 'Guards against removing peers by accident (extension; meshrr has none).',
  }),
  selection: selectionSchema.meta({
    description:
      'How `max_peers` groups choose, replace and balance their peers, and how often BGP sessions are read (extension).',
  }),
  quiescence: quiescenceSchema.meta({
    description: 'How discovery bursts are coalesced before a reconcile (extension).',
  }),
  commit: commitSchema.meta({ description: 'How a change is committed on the device (extension).' }),
  plugins: pluginsSchema.meta({
    default: [],
    description: 'Third-party plugin packages the agent loads (npm package names, each at most once; extension).',
  }),
  platform: platformBlockSchema.meta({
    description:
      "The routing daemon the agent drives (extension): `name` (`junos` by default, `frr`, or a platform a plugin registers such as `bird`) and that platform's options, validated by the platform's own schema. `--platform` and `MESHRR_PLATFORM` override the name; see [platform options](#platform-options-where-they-come-from).",
  }),
  router_id: z.preprocess(nullAsAbsent, routerIdLeaf.optional()),
  families: z.preprocess(
    nullAsAbsent,
    familiesSchema.optional().meta({
      description: 'Default `families` of every group that sets none (then owned in those groups). See the group key.',
    }),
  ),
  family_transport: z.preprocess(
    nullAsAbsent,
    familyTransportLeaf.optional().meta({
      default: 'all',
      description: 'Default `family_transport` of every group that sets none. See the group key.',
    }),
  ),
  graceful_restart: z.preprocess(nullAsAbsent, gracefulRestartSchema.optional()),
});

/** What `fileSchema` yields: top-level values parsed, groups still raw. */
export type ParsedFile = z.output<typeof fileSchema>;
