import type { BgpGroupConfig } from '../api/config.js';
import { pushAll } from '../collections/bulk.js';
import { canonicalIpAddress, cidrLast, compareCidr, formatCidr, parseCidr, type Cidr } from '../net/index.js';
import { CONFIRM_MARGIN_SHARE, confirmBudgetMs } from '../engine/confirmDeadline.js';
import { CONFIG_LIMITS } from './limits.js';
import { formatFieldPath } from './issues.js';
import type { PathIssue } from './pathIssue.js';
import { commitSchema, quiescenceSchema, selectionSchema } from './schema/extensionSchemas.js';
import { PARSE_ONCE } from './schema/leaf.js';

interface Located {
  readonly group: number;
  readonly index: number;
  readonly text: string;
  readonly cidr: Cidr;
}

function rawField(raw: unknown, key: string): unknown {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw)
    ? (raw as Record<string, unknown>)[key]
    : undefined;
}

/** Every `bgpgroups[i].name` that is a string and appears earlier too: an error at the later one. */
function duplicateNames(rawGroups: readonly unknown[]): PathIssue[] {
  const first = new Map<string, number>();
  const issues: PathIssue[] = [];
  for (const [index, raw] of rawGroups.entries()) {
    const name = rawField(raw, 'name');
    if (typeof name !== 'string') continue;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, index);
    else
      issues.push({
        path: ['bgpgroups', index, 'name'],
        message: `duplicate group name (already used by bgpgroups[${earlier}])`,
        found: JSON.stringify(name),
      });
  }
  return issues;
}

/** Every `balance_across` entry must name another mesh group of the file. */
function unknownBalanceGroups(groups: ReadonlyMap<number, BgpGroupConfig>): PathIssue[] {
  const meshNames = [...groups.values()].filter((g) => g.kind === 'mesh').map((g) => g.name);
  const issues: PathIssue[] = [];
  for (const [index, group] of groups) {
    if (group.kind !== 'mesh' || group.balanceAcross === undefined) continue;
    const allowed = meshNames.filter((name) => name !== group.name);
    group.balanceAcross.forEach((name, i) => {
      if (!allowed.includes(name))
        issues.push({
          path: ['bgpgroups', index, 'balance_across', i],
          message: name === group.name ? 'must name another group, not this one' : 'is not a mesh group of this file',
          found: JSON.stringify(name),
          allowed: allowed.length > 0 ? allowed.join(', ') : '(no other mesh group)',
        });
    });
  }
  return issues;
}

/**
 * Every address listed in `source.addresses` of a `static` mesh group that an earlier mesh group
 * lists too: an error at the later one (an address is a neighbor of one group only; FRR and Junos
 * refuse it in two). Addresses discovered at run time follow the documented precedence instead.
 */
function sharedStaticAddresses(
  rawGroups: readonly unknown[],
  groups: ReadonlyMap<number, BgpGroupConfig>,
): PathIssue[] {
  const first = new Map<string, { group: number; index: number }>();
  const issues: PathIssue[] = [];
  for (const [group, config] of [...groups.entries()].sort(([a], [b]) => a - b)) {
    if (config.kind !== 'mesh' || config.source.sourcetype !== 'static') continue;
    const addresses = rawField(rawField(rawGroups[group], 'source'), 'addresses');
    if (!Array.isArray(addresses)) continue;
    const own = new Set<string>();
    for (const [index, text] of addresses.entries()) {
      const address = typeof text === 'string' ? canonicalIpAddress(text.trim()) : undefined;
      if (address === undefined || own.has(address)) continue;
      own.add(address);
      const earlier = first.get(address);
      if (earlier === undefined) {
        first.set(address, { group, index });
        continue;
      }
      issues.push({
        path: ['bgpgroups', group, 'source', 'addresses', index],
        message: `address ${address} is also listed by group "${groups.get(earlier.group)?.name ?? ''}" (${formatFieldPath(['bgpgroups', earlier.group, 'source', 'addresses', earlier.index])}); an address can be a neighbor of one group only`,
        found: JSON.stringify(text),
      });
    }
  }
  return issues;
}

/** The parsed prefixes of a valid subtractive group with their positions; warns on repeats. */
function locatedPrefixes(raw: unknown, group: number, warnings: PathIssue[]): Located[] {
  const seen = new Map<string, number>();
  const located: Located[] = [];
  const texts = rawField(raw, 'prefixes') as readonly string[];
  for (const [index, text] of texts.entries()) {
    const parsed = parseCidr(text.trim());
    if (!parsed.ok) continue;
    const canonical = formatCidr(parsed.cidr);
    const earlier = seen.get(canonical);
    if (earlier !== undefined) {
      warnings.push({
        path: ['bgpgroups', group, 'prefixes', index],
        message: `same prefix as prefixes[${earlier}] (${canonical}); counted once`,
        found: JSON.stringify(text),
      });
      continue;
    }
    seen.set(canonical, index);
    located.push({ group, index, text, cidr: parsed.cidr });
  }
  return located;
}

/** Overlapping prefixes of different groups, as (earlier, later) in file order. */
type Overlap = readonly [Located, Located];

/** File order of two located prefixes: group index, then prefix index. */
function fileOrder(a: Located, b: Located): number {
  return a.group - b.group || a.index - b.index;
}

/**
 * For every prefix that overlaps an earlier prefix (file order) of another group, one such pair
 * (earlier, later) — at most `limit` pairs, and whether more exist. Prefixes are laminar (two
 * either nest or are disjoint), so a sweep in address order keeps a stack of the prefixes
 * enclosing the current one (at most 129 distinct lengths deep); equal prefixes of several groups
 * share one stack entry whose holders are in file order, and only its first holder of another
 * group is looked at. O(n log n + 129·n) whatever the input: every offending prefix still gets one
 * pair (an enclosing entry's first other-group holder is either earlier than the current prefix,
 * or later and then itself offends an earlier holder of its entry or the current prefix).
 */
function overlappingPairs(located: readonly Located[], limit: number): { pairs: Overlap[]; more: boolean } {
  const sorted = [...located].sort((a, b) => compareCidr(a.cidr, b.cidr) || fileOrder(a, b));
  const stack: Array<{ cidr: Cidr; last: bigint; holders: Located[] }> = [];
  const byLater = new Map<Located, Located>();
  let more = false;
  const note = (a: Located, b: Located): void => {
    const [earlier, later] = fileOrder(a, b) < 0 ? [a, b] : [b, a];
    const known = byLater.get(later);
    if (known !== undefined) {
      if (fileOrder(earlier, known) < 0) byLater.set(later, earlier);
    } else if (byLater.size < limit) byLater.set(later, earlier);
    else more = true;
  };
  for (const prefix of sorted) {
    const { cidr } = prefix;
    while (stack.length > 0 && (stack.at(-1)!.cidr.family !== cidr.family || stack.at(-1)!.last < cidr.network))
      stack.pop();
    for (const enclosing of stack) {
      const [first, second] = enclosing.holders;
      const other = first!.group !== prefix.group ? first : second;
      if (other !== undefined) note(other, prefix);
    }
    const top = stack.at(-1);
    if (top !== undefined && top.cidr.network === cidr.network && top.cidr.length === cidr.length)
      top.holders.push(prefix);
    else stack.push({ cidr, last: cidrLast(cidr), holders: [prefix] });
  }
  return { pairs: [...byLater].map(([later, earlier]) => [earlier, later] as const), more };
}

/**
 * Checks that need several groups: duplicate names, addresses listed by the static sources of two
 * mesh groups, and prefixes of different subtractive groups
 * that overlap (reported at the later prefix in file order, naming both groups and both
 * prefixes; at most `CONFIG_LIMITS.maxReportedIssues` of them, then one error saying how the list
 * was cut). Repeated prefixes inside one group are warnings. `groups` holds the groups that
 * validated, by index.
 */
export function checkGroupsTogether(
  rawGroups: readonly unknown[],
  groups: ReadonlyMap<number, BgpGroupConfig>,
): { errors: PathIssue[]; warnings: PathIssue[] } {
  const errors = [
    ...duplicateNames(rawGroups),
    ...unknownBalanceGroups(groups),
    ...sharedStaticAddresses(rawGroups, groups),
  ];
  const warnings: PathIssue[] = [];
  const located: Located[] = [];
  for (const [index, group] of [...groups.entries()].sort(([a], [b]) => a - b)) {
    if (group.kind === 'subtractive') pushAll(located, locatedPrefixes(rawGroups[index], index, warnings));
  }
  const { pairs, more } = overlappingPairs(located, CONFIG_LIMITS.maxReportedIssues);
  for (const [earlier, later] of pairs.sort(([, a], [, b]) => fileOrder(a, b))) {
    const name = (g: number): string => groups.get(g)?.name ?? '';
    errors.push({
      path: ['bgpgroups', later.group, 'prefixes', later.index],
      message: `prefix ${formatCidr(later.cidr)} of group "${name(later.group)}" overlaps ${formatCidr(earlier.cidr)} of group "${name(earlier.group)}" (${formatFieldPath(['bgpgroups', earlier.group, 'prefixes', earlier.index])}); prefixes of different subtractive groups must not overlap`,
    });
  }
  if (more)
    errors.push({
      path: ['bgpgroups'],
      message: `more than ${CONFIG_LIMITS.maxReportedIssues} prefixes overlap prefixes of other subtractive groups; only the first ones in address order are listed`,
    });
  return { errors, warnings };
}

function written(block: unknown, key: string): boolean {
  return rawField(block, key) !== undefined;
}

function seconds(ms: number, isDefault: boolean): string {
  return `${ms / 1000}${isDefault ? ', the default' : ''}`;
}

/** Checks between keys of one extension block: quiescence min ≤ max, commit verify within the confirm deadline. */
export function checkCrossFields(raw: Readonly<Record<string, unknown>>): PathIssue[] {
  const issues: PathIssue[] = [];
  const quiescence = quiescenceSchema.safeParse(raw['quiescence'], PARSE_ONCE);
  if (quiescence.success && quiescence.data.minMs > quiescence.data.maxMs) {
    const { minMs, maxMs } = quiescence.data;
    const minWritten = written(raw['quiescence'], 'min_seconds');
    const maxWritten = written(raw['quiescence'], 'max_seconds');
    issues.push(
      minWritten
        ? {
            path: ['quiescence', 'min_seconds'],
            message: `must not exceed quiescence.max_seconds (${seconds(maxMs, !maxWritten)})`,
            found: String(minMs / 1000),
          }
        : {
            path: ['quiescence', 'max_seconds'],
            message: `must not be less than quiescence.min_seconds (${seconds(minMs, true)})`,
            found: String(maxMs / 1000),
          },
    );
  }
  const commit = commitSchema.safeParse(raw['commit'], PARSE_ONCE);
  if (commit.success && commit.data.verifyMs >= confirmBudgetMs(commit.data.confirmTimeoutS)) {
    const { verifyMs, confirmTimeoutS } = commit.data;
    const verifyWritten = written(raw['commit'], 'verify_seconds');
    const timeoutWritten = written(raw['commit'], 'confirm_timeout_seconds');
    const budgetS = confirmBudgetMs(confirmTimeoutS) / 1000;
    const why = `the confirm must be answered within ${100 - CONFIRM_MARGIN_SHARE * 100} % of the commit-confirmed window or the change counts as rolled back`;
    issues.push(
      verifyWritten
        ? {
            path: ['commit', 'verify_seconds'],
            message: `must be less than ${budgetS} s (${100 - CONFIRM_MARGIN_SHARE * 100} % of commit.confirm_timeout_seconds ${confirmTimeoutS}${timeoutWritten ? '' : ', the default'}): ${why}`,
            found: String(verifyMs / 1000),
          }
        : {
            path: ['commit', 'confirm_timeout_seconds'],
            message: `must leave room for commit.verify_seconds (${seconds(verifyMs, true)}): ${why}`,
            found: String(confirmTimeoutS),
          },
    );
  }
  return issues;
}

/**
 * The deprecated `safety.session_down_hold_down_seconds`: a warning naming its new place, or an
 * error when `selection.session_down_hold_seconds` is written too (which one would win is unclear).
 */
export function checkDeprecatedKeys(raw: Readonly<Record<string, unknown>>): {
  errors: PathIssue[];
  warnings: PathIssue[];
} {
  const legacy = rawField(raw['safety'], 'session_down_hold_down_seconds');
  if (legacy === undefined || legacy === null) return { errors: [], warnings: [] };
  const path = ['safety', 'session_down_hold_down_seconds'];
  if (written(raw['selection'], 'session_down_hold_seconds'))
    return {
      errors: [
        {
          path,
          message:
            'is the deprecated spelling of selection.session_down_hold_seconds, which is also set; keep only selection.session_down_hold_seconds',
          found: describeValue(legacy),
        },
      ],
      warnings: [],
    };
  return {
    errors: [],
    warnings: [
      {
        path,
        message: 'is deprecated; it is read as selection.session_down_hold_seconds (write that instead)',
        found: describeValue(legacy),
      },
    ],
  };
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** `selection.penalty_seconds ≤ selection.penalty_max_seconds`. */
export function checkSelection(raw: Readonly<Record<string, unknown>>): PathIssue[] {
  const selection = selectionSchema.safeParse(raw['selection'], PARSE_ONCE);
  if (!selection.success || selection.data.penaltyMs <= selection.data.penaltyMaxMs) return [];
  const { penaltyMs, penaltyMaxMs } = selection.data;
  return written(raw['selection'], 'penalty_seconds')
    ? [
        {
          path: ['selection', 'penalty_seconds'],
          message: `must not exceed selection.penalty_max_seconds (${seconds(penaltyMaxMs, !written(raw['selection'], 'penalty_max_seconds'))})`,
          found: String(penaltyMs / 1000),
        },
      ]
    : [
        {
          path: ['selection', 'penalty_max_seconds'],
          message: `must not be less than selection.penalty_seconds (${seconds(penaltyMs, true)})`,
          found: String(penaltyMaxMs / 1000),
        },
      ];
}

/**
 * Long-lived graceful restart is negotiated per address family (RFC 9494; Junos configures the
 * restarter per family): every group needs explicit `families` (its own or the top-level ones).
 */
export function checkLongLivedFamilies(
  raw: Readonly<Record<string, unknown>>,
  groups: ReadonlyMap<number, BgpGroupConfig>,
): PathIssue[] {
  const gr = raw['graceful_restart'];
  if (rawField(gr, 'long_lived_stale_time_seconds') === undefined || raw['families'] !== undefined) return [];
  const missing = [...groups.values()].filter((g) => g.bgp?.families === undefined).map((g) => g.name);
  if (missing.length === 0) return [];
  return [
    {
      path: ['graceful_restart', 'long_lived_stale_time_seconds'],
      message: `long-lived graceful restart is set per address family: set families (top level or in group${missing.length === 1 ? '' : 's'} ${missing.join(', ')})`,
    },
  ];
}
