import {
  canonicalIpAddress,
  compareCidr,
  formatCidr,
  parseCidr,
  Secret,
  sortFamilies,
  STATEMENT_KINDS,
  sortIpAddressTexts,
  type AddressFamily,
  type AsRange,
  type BfdOptions,
  type Cidr,
  type GracefulRestart,
  type ManagedGroup,
  type ManagedState,
  type PrefixLimit,
} from '@meshrr/core';

/**
 * The marker meshrr puts on the peer-groups it owns (`neighbor <G> description meshrr[ as ...]`),
 * the same convention `@meshrr/render-frr` renders (its golden files are parsed in this
 * package's tests to keep the two in step).
 */
export const MANAGED_DESCRIPTION = 'meshrr';

/** `address-family <afi> <safi>` words → family. */
const AF_WORDS: Readonly<Record<string, AddressFamily>> = {
  'ipv4 unicast': 'ipv4-unicast',
  'ipv4 vpn': 'ipv4-vpn',
  'ipv6 unicast': 'ipv6-unicast',
  'ipv6 vpn': 'ipv6-vpn',
  'l2vpn evpn': 'l2vpn-evpn',
};

/** FRR's defaults where its running configuration prints nothing. */
const FRR_DEFAULTS = { bfdIntervalMs: 300, bfdMultiplier: 3, restartTimeS: 120, stalePathTimeS: 360 };

interface FamilyDraft {
  reflectorClient: boolean;
  routeServerClient: boolean;
  nextHopUnchanged: boolean;
  prefixLimit?: PrefixLimit;
}

interface GroupDraft {
  managed: boolean;
  asRanges: AsRange[];
  neighbors: string[];
  allow: Cidr[];
  remoteAs?: string;
  multihopTtl?: number;
  password?: string;
  timers?: { keepaliveS: number; holdTimeS: number };
  bfd: boolean;
  bfdProfile?: string;
  families: Map<AddressFamily, FamilyDraft>;
}

interface RouterDraft {
  gshut: boolean;
  routerId?: string;
  gr: boolean;
  restartTimeS?: number;
  stalePathTimeS?: number;
  longLivedStaleTimeS?: number;
  /** `no neighbor <ip> activate` per family. */
  deactivated: Map<string, Set<AddressFamily>>;
  profiles: Map<string, { multiplier?: number; intervalMs?: number; mismatch: boolean }>;
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

const integer = (word: string | undefined): number | undefined =>
  word !== undefined && /^[0-9]{1,10}$/.test(word) ? Number(word) : undefined;

function draft(groups: Map<string, GroupDraft>, name: string): GroupDraft {
  let g = groups.get(name);
  if (g === undefined) {
    g = { managed: false, asRanges: [], neighbors: [], allow: [], bfd: false, families: new Map() };
    groups.set(name, g);
  }
  return g;
}

function routerLine(words: readonly string[], router: RouterDraft): void {
  const [a, b, c, d] = words;
  if (a !== 'bgp') return;
  if (b === 'router-id' && c !== undefined) router.routerId = c;
  if (b === 'graceful-shutdown' && words.length === 2) router.gshut = true;
  if (b === 'graceful-restart' && words.length === 2) router.gr = true;
  if (b === 'graceful-restart' && c === 'restart-time') router.restartTimeS = integer(d);
  if (b === 'graceful-restart' && c === 'stalepath-time') router.stalePathTimeS = integer(d);
  if (b === 'long-lived-graceful-restart' && c === 'stale-time') router.longLivedStaleTimeS = integer(d);
}

/** Applies one line of the default `router bgp` block (top level, one leading space stripped). */
function bgpLine(words: readonly string[], groups: Map<string, GroupDraft>, router: RouterDraft): void {
  const [a, b, c, d, e] = words;
  routerLine(words, router);
  if (a === 'bgp' && b === 'listen' && c === 'range' && d !== undefined && e === 'peer-group' && words.length === 6) {
    const parsed = parseCidr(d);
    if (parsed.ok) draft(groups, words[5]!).allow.push(parsed.cidr);
  }
  if (a !== 'neighbor' || b === undefined) return;
  if (c === 'peer-group' && words.length === 3) draft(groups, b);
  if (c === 'peer-group' && words.length === 4) {
    const ip = canonicalIpAddress(b);
    if (ip !== undefined) draft(groups, d!).neighbors.push(ip);
    return;
  }
  if (canonicalIpAddress(b) !== undefined) return;
  const g = draft(groups, b);
  if (c === 'description' && d === MANAGED_DESCRIPTION) {
    const ranges = e === 'as' ? parseAsRanges(words.slice(5)) : words.length === 4 ? [] : undefined;
    if (ranges !== undefined) {
      g.managed = true;
      g.asRanges = ranges;
    }
  }
  if (c === 'remote-as' && d !== undefined) g.remoteAs = d;
  if (c === 'ebgp-multihop') g.multihopTtl = integer(d) ?? 255;
  if (c === 'password' && d !== undefined) g.password = words.slice(3).join(' ');
  if (c === 'timers' && d !== 'connect' && integer(d) !== undefined && integer(e) !== undefined)
    g.timers = { keepaliveS: integer(d)!, holdTimeS: integer(e)! };
  if (c === 'bfd' && words.length === 3) g.bfd = true;
  if (c === 'bfd' && d === 'profile' && e !== undefined) g.bfdProfile = e;
}

/** Applies one line inside an address family of `router bgp` (two leading spaces stripped). */
function familyLine(
  words: readonly string[],
  af: AddressFamily,
  groups: Map<string, GroupDraft>,
  router: RouterDraft,
): void {
  const negated = words[0] === 'no';
  const [a, b, c, d, e, f] = negated ? words.slice(1) : words;
  if (a !== 'neighbor' || b === undefined) return;
  const ip = canonicalIpAddress(b);
  if (ip !== undefined) {
    if (negated && c === 'activate') {
      const set = router.deactivated.get(ip) ?? new Set<AddressFamily>();
      set.add(af);
      router.deactivated.set(ip, set);
    }
    return;
  }
  if (negated) return;
  const g = draft(groups, b);
  let family = g.families.get(af);
  if (c === 'activate' && family === undefined) {
    family = { reflectorClient: false, routeServerClient: false, nextHopUnchanged: false };
    g.families.set(af, family);
  }
  if (family === undefined) return;
  if (c === 'route-reflector-client') family.reflectorClient = true;
  if (c === 'route-server-client') family.routeServerClient = true;
  if (c === 'attribute-unchanged' && d === 'next-hop') family.nextHopUnchanged = true;
  if (c === 'maximum-prefix') {
    const maximum = integer(d);
    if (maximum !== undefined) {
      if (e === 'warning-only') family.prefixLimit = { maximum, warningOnly: true };
      else if (e === 'restart' && integer(f) !== undefined)
        family.prefixLimit = { maximum, warningOnly: false, restartMinutes: integer(f)! };
      else family.prefixLimit = { maximum, warningOnly: false };
    }
  }
}

/** One value when every family agrees, else a value that never equals a desired one. */
function agreed<T>(values: readonly (T | undefined)[], mismatch: T): T | undefined {
  if (values.length === 0) return undefined;
  const first = JSON.stringify(values[0]);
  return values.every((v) => JSON.stringify(v) === first) ? values[0] : mismatch;
}

function finishBfd(g: GroupDraft, router: RouterDraft): BfdOptions | undefined {
  if (!g.bfd) return undefined;
  if (g.bfdProfile === undefined)
    return { minimumIntervalMs: FRR_DEFAULTS.bfdIntervalMs, multiplier: FRR_DEFAULTS.bfdMultiplier };
  const profile = router.profiles.get(g.bfdProfile);
  if (profile === undefined || profile.mismatch) return { minimumIntervalMs: -1, multiplier: -1 };
  return {
    minimumIntervalMs: profile.intervalMs ?? FRR_DEFAULTS.bfdIntervalMs,
    multiplier: profile.multiplier ?? FRR_DEFAULTS.bfdMultiplier,
  };
}

function finish(name: string, g: GroupDraft, router: RouterDraft): ManagedGroup {
  const allow = [...new Set(g.allow.sort(compareCidr).map(formatCidr))];
  const peerAsRanges = [...g.asRanges].sort((x, y) => x.start - y.start || x.end - y.end);
  const neighbors = sortIpAddressTexts(new Set(g.neighbors));
  const families = sortFamilies(g.families.keys());
  const drafts = [...g.families.values()];
  const out: { -readonly [K in keyof ManagedGroup]: ManagedGroup[K] } = {
    name,
    neighbors,
    allow,
    peerAsRanges,
    families,
  };
  if (g.remoteAs !== undefined) out.peerType = g.remoteAs === 'internal' ? 'internal' : 'external';
  const clients = agreed(
    drafts.map((f) => f.reflectorClient),
    false,
  );
  if (clients === true && router.routerId !== undefined) out.clusterId = router.routerId;
  else if (drafts.some((f) => f.reflectorClient)) out.clusterId = 'partial';
  const transparent = agreed(
    drafts.map((f) => f.routeServerClient),
    false,
  );
  if (transparent === true) out.transparent = true;
  if (g.multihopTtl !== undefined) {
    // FRR keeps the EVPN next hop by itself and prints no attribute-unchanged there
    const unicast = [...g.families.entries()].filter(([af]) => af !== 'l2vpn-evpn').map(([, f]) => f.nextHopUnchanged);
    const nextHopUnchanged = unicast.length === 0 ? true : agreed(unicast, false) === true;
    out.multihop = { ttl: g.multihopTtl, nextHopUnchanged };
  }
  if (g.password !== undefined)
    out.authentication = { method: 'md5', key: new Secret(g.password, `FRR peer-group ${name} password`) };
  if (g.timers !== undefined) out.timers = g.timers;
  const bfd = finishBfd(g, router);
  if (bfd !== undefined) out.bfd = bfd;
  const limits = drafts.map((f) => f.prefixLimit);
  const limit = agreed(limits, { maximum: -1, warningOnly: false });
  if (limit !== undefined) out.prefixLimit = limit;
  const own: Record<string, readonly AddressFamily[]> = {};
  for (const ip of neighbors) {
    const off = router.deactivated.get(ip);
    if (off !== undefined) own[ip] = families.filter((f) => !off.has(f));
  }
  if (Object.keys(own).length > 0) out.neighborFamilies = own;
  return out;
}

function gracefulRestartOf(router: RouterDraft): GracefulRestart | undefined {
  if (!router.gr) return undefined;
  return {
    restartTimeS: router.restartTimeS ?? FRR_DEFAULTS.restartTimeS,
    staleRoutesTimeS: router.stalePathTimeS ?? FRR_DEFAULTS.stalePathTimeS,
    ...(router.longLivedStaleTimeS === undefined ? {} : { longLivedStaleTimeS: router.longLivedStaleTimeS }),
  };
}

/** Applies one line of the `bfd` block (`profile NAME` and its timers). */
function bfdLine(line: string, router: RouterDraft, current: { profile?: string }): void {
  const words = line.trim().split(/\s+/);
  if (/^ \S/.test(line)) {
    current.profile = words[0] === 'profile' ? words[1] : undefined;
    if (current.profile !== undefined && !router.profiles.has(current.profile))
      router.profiles.set(current.profile, { mismatch: false });
    return;
  }
  const profile = current.profile === undefined ? undefined : router.profiles.get(current.profile);
  if (profile === undefined) return;
  const value = integer(words[1]);
  if (words[0] === 'detect-multiplier') profile.multiplier = value;
  if (words[0] === 'receive-interval' || words[0] === 'transmit-interval') {
    if (profile.intervalMs !== undefined && profile.intervalMs !== value) profile.mismatch = true;
    profile.intervalMs = value;
  }
}

/**
 * Reads what meshrr manages from FRR's `show running-config` (with or without vtysh's banner):
 * in the default-VRF `router bgp` block, every peer-group marked `description meshrr` (optionally
 * `meshrr as 65001-65500 65600`) with its `neighbor <ip> peer-group <G>` members (and the
 * families a member does not carry, from `no neighbor <ip> activate`), `bgp listen range` ranges,
 * `remote-as`, `ebgp-multihop`, `password`, `timers`, `bfd` (with its profile from the `bfd`
 * block), and per address family the activation, `route-reflector-client` (cluster = the
 * router-id), `route-server-client`, `attribute-unchanged next-hop` and `maximum-prefix`; plus
 * graceful restart and shutdown. A setting that differs between families reads as a value no
 * configuration has, so it is rewritten. meshrr owns these peer-groups whole (`wholeGroups`).
 * Peer-groups without the marker, VRF instances and everything else are the operator's and are
 * ignored. Lists are canonical and sorted; groups sorted by name. Pure; never throws.
 */
export function parseFrrRunningConfig(text: string): ManagedState {
  const groups = new Map<string, GroupDraft>();
  const router: RouterDraft = { gshut: false, gr: false, deactivated: new Map(), profiles: new Map() };
  let block: 'bgp' | 'bfd' | 'other' = 'other';
  let family: AddressFamily | undefined;
  const bfd: { profile?: string } = {};
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!line.startsWith(' ')) {
      block = /^router bgp \S+$/.test(line) ? 'bgp' : line === 'bfd' ? 'bfd' : 'other';
      family = undefined;
      continue;
    }
    if (block === 'bfd') bfdLine(line, router, bfd);
    if (block !== 'bgp') continue;
    if (/^ \S/.test(line)) {
      const words = line.trim().split(/\s+/);
      if (words[0] === 'address-family') {
        family = AF_WORDS[words.slice(1).join(' ')];
        continue;
      }
      if (words[0] === 'exit-address-family') family = undefined;
      // only direct children of router bgp (one space); address families are indented further
      else bgpLine(words, groups, router);
    } else if (family !== undefined && /^ {2}\S/.test(line)) {
      familyLine(line.trim().split(/\s+/), family, groups, router);
    }
  }
  const managed = [...groups.entries()].filter(([, g]) => g.managed).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const gracefulRestart = gracefulRestartOf(router);
  return {
    groups: managed.map(([name, g]) => finish(name, g, router)),
    gracefulShutdown: router.gshut,
    ...(gracefulRestart === undefined ? {} : { gracefulRestart }),
    wholeGroups: true,
    statementsRead: STATEMENT_KINDS,
  };
}
