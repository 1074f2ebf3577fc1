import {
  canonicalIpAddress,
  compareCidr,
  formatCidr,
  parseCidr,
  sortIpAddressTexts,
  type AsRange,
  type Cidr,
  type ManagedGroup,
  type ManagedState,
} from '@meshrr/core';

/**
 * The marker meshrr puts on the peer-groups it owns (`neighbor <G> description meshrr[ as ...]`),
 * the same convention `@meshrr/render-frr` renders (its golden files are parsed in this
 * package's tests to keep the two in step).
 */
export const MANAGED_DESCRIPTION = 'meshrr';

interface GroupDraft {
  managed: boolean;
  asRanges: AsRange[];
  neighbors: string[];
  allow: Cidr[];
}

function parseAsRanges(words: readonly string[]): AsRange[] | undefined {
  const ranges: AsRange[] = [];
  for (const word of words) {
    const m = /^([0-9]{1,10})(?:-([0-9]{1,10}))?$/.exec(word);
    if (m === null) return undefined;
    ranges.push({ start: Number(m[1]), end: Number(m[2] ?? m[1]) });
  }
  return ranges;
}

function draft(groups: Map<string, GroupDraft>, name: string): GroupDraft {
  let g = groups.get(name);
  if (g === undefined) {
    g = { managed: false, asRanges: [], neighbors: [], allow: [] };
    groups.set(name, g);
  }
  return g;
}

/** Applies one line of the default `router bgp` block (top level, one leading space stripped). */
function bgpLine(words: readonly string[], groups: Map<string, GroupDraft>, state: { gshut: boolean }): void {
  const [a, b, c, d, e] = words;
  if (a === 'bgp' && b === 'graceful-shutdown' && words.length === 2) state.gshut = true;
  if (a === 'bgp' && b === 'listen' && c === 'range' && d !== undefined && e === 'peer-group' && words.length === 6) {
    const parsed = parseCidr(d);
    if (parsed.ok) draft(groups, words[5]!).allow.push(parsed.cidr);
  }
  if (a !== 'neighbor' || b === undefined) return;
  if (c === 'peer-group' && words.length === 3) draft(groups, b);
  if (c === 'peer-group' && words.length === 4) {
    const ip = canonicalIpAddress(b);
    if (ip !== undefined) draft(groups, d!).neighbors.push(ip);
  }
  if (c === 'description' && d === MANAGED_DESCRIPTION) {
    const g = draft(groups, b);
    const ranges = e === 'as' ? parseAsRanges(words.slice(5)) : words.length === 4 ? [] : undefined;
    if (ranges !== undefined) {
      g.managed = true;
      g.asRanges = ranges;
    }
  }
}

function finish(name: string, g: GroupDraft): ManagedGroup {
  const allow = [...new Set(g.allow.sort(compareCidr).map(formatCidr))];
  const peerAsRanges = [...g.asRanges].sort((x, y) => x.start - y.start || x.end - y.end);
  return { name, neighbors: sortIpAddressTexts(new Set(g.neighbors)), allow, peerAsRanges };
}

/**
 * Reads what meshrr manages from FRR's `show running-config` (with or without vtysh's banner):
 * in the default-VRF `router bgp` block, every peer-group marked `description meshrr` (optionally
 * `meshrr as 65001-65500 65600`) with its `neighbor <ip> peer-group <G>` members and
 * `bgp listen range <cidr> peer-group <G>` ranges, plus `bgp graceful-shutdown`. Peer-groups
 * without the marker, VRF instances and everything else are the operator's and are ignored.
 * Lists are canonical and sorted; groups sorted by name. Pure; never throws (lines it does not
 * understand are not meshrr's).
 */
export function parseFrrRunningConfig(text: string): ManagedState {
  const groups = new Map<string, GroupDraft>();
  const state = { gshut: false };
  let inBgp = false;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!line.startsWith(' ')) {
      inBgp = /^router bgp \S+$/.test(line);
      continue;
    }
    // only direct children of router bgp (one space); address families are indented further
    if (inBgp && /^ \S/.test(line)) bgpLine(line.trim().split(/\s+/), groups, state);
  }
  const managed = [...groups.entries()].filter(([, g]) => g.managed).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return { groups: managed.map(([name, g]) => finish(name, g)), gracefulShutdown: state.gshut };
}
