import { z } from 'zod';
import type { BgpGroupConfig, MeshGroupConfig, SourceConfig, SubtractiveGroupConfig } from '../../api/config.js';
import { compareCidr, formatCidr } from '../../net/index.js';
import type { PathIssue } from '../pathIssue.js';
import { fromZodIssues } from './fromZodIssues.js';
import { choice, nullAsAbsent, otherTypeKey, strictMap } from './leaf.js';
import { asRangeLeaf, cidrLeaf, groupNameLeaf, hostnameLeaf, integerLeaf, sourcetypeLeaf } from './leaves.js';

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
    { sourcetype: sourcetypeLeaf.default('dns'), hostname: hostnameLeaf.optional() },
    { error: 'must be a mapping with sourcetype and its options' },
  )
  .superRefine((source, ctx) => {
    if (source.sourcetype === 'dns' && source.hostname === undefined) {
      ctx.addIssue({ code: 'custom', path: ['hostname'], message: 'is required for sourcetype dns' });
    }
  })
  .transform(({ sourcetype, ...options }): SourceConfig => ({ sourcetype, options }));

const meshSchema = strictMap(
  {
    name: groupNameLeaf,
    type: typeLeaf,
    source: sourceSchema,
    max_peers: integerLeaf(1).optional(),
    prefixes: otherTypeKey('subtractive'),
    asranges: otherTypeKey('subtractive'),
  },
  ['name', 'type', 'source', 'max_peers'],
).transform((raw): MeshGroupConfig => {
  const base = { kind: 'mesh' as const, name: raw.name, source: raw.source };
  return raw.max_peers === undefined ? base : { ...base, maxPeers: raw.max_peers };
});

const subtractiveSchema = strictMap(
  {
    name: groupNameLeaf,
    type: typeLeaf,
    prefixes: z
      .array(cidrLeaf, { error: 'must be a list of CIDR prefixes' })
      .min(1, { error: 'must list at least one prefix' }),
    asranges: z.preprocess(nullAsAbsent, z.array(asRangeLeaf, { error: 'must be a list of AS ranges' }).optional()),
    source: otherTypeKey('mesh'),
    max_peers: otherTypeKey('mesh'),
  },
  ['name', 'type', 'prefixes', 'asranges'],
).transform((raw): SubtractiveGroupConfig => {
  const unique = new Map(raw.prefixes.map((cidr) => [formatCidr(cidr), cidr]));
  const prefixes = [...unique.values()].sort(compareCidr).map(formatCidr);
  return { kind: 'subtractive', name: raw.name, prefixes, asRanges: raw.asranges ?? [] };
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
  const result = kind.data === 'mesh' ? meshSchema.safeParse(record) : subtractiveSchema.safeParse(record);
  return result.success
    ? { group: result.data, issues: [] }
    : { issues: fromZodIssues(result.error.issues, record, prefix) };
}
