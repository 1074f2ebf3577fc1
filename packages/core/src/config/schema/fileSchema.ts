import { z } from 'zod';
import type { MeshrrMode } from '../../api/config.js';
import { choice, strictMap } from './leaf.js';
import { asnLeaf, rootPwLeaf } from './leaves.js';
import { commitSchema, pluginsSchema, quiescenceSchema, safetySchema } from './extensionSchemas.js';

/** `mode` / `MESHRR_MODE` spellings (case-insensitive) and the mode each one means. */
export const MODE_ALIASES: Readonly<Record<string, MeshrrMode>> = {
  ipv4rr: 'ipv4rr',
  routereflector: 'ipv4rr',
  evpnrs: 'evpnrs',
  routeserver: 'evpnrs',
};
/** `mode`: one of {@link MODE_ALIASES}, any case, yielding the mode. */
export const modeLeaf = choice(MODE_ALIASES, 'mode');

/**
 * The top level of `meshrr.conf.yml`. `asn` and `bgpgroups` are required (meshrr raises KeyError
 * without them and no default could be right); `encrypted_root_pw` defaults to `NOLOGIN` and
 * `mode` to `ipv4rr` (see README.md for why both keep meshrr's behaviour). `bgpgroups` entries are
 * validated one by one by `parseGroup`, so one bad group does not hide the others' problems.
 */
export const fileSchema = strictMap({
  encrypted_root_pw: rootPwLeaf.default('NOLOGIN'),
  asn: asnLeaf,
  mode: modeLeaf.default('ipv4rr'),
  bgpgroups: z
    .array(z.unknown(), { error: 'must be a list of groups' })
    .min(1, { error: 'must list at least one group' }),
  safety: safetySchema,
  quiescence: quiescenceSchema,
  commit: commitSchema,
  plugins: pluginsSchema,
});

/** What `fileSchema` yields: top-level values parsed, groups still raw. */
export type ParsedFile = z.output<typeof fileSchema>;
