import {
  canonicalIpAddress,
  compareCidr,
  formatCidr,
  parseCidr,
  parseIpAddress,
  compareIpAddress,
  Secret,
  sortFamilies,
  STATEMENT_KINDS,
  type AddressFamily,
  type AsRange,
  type DeviceAuthentication,
  type GracefulRestart,
  type ManagedGroup,
  type ManagedState,
  type PrefixLimit,
  type TcpAoAlgorithm,
  pushAll,
} from '@meshrr/core';
import { child, childText, children, type XmlElement } from '../xml/index.js';
import { MESHRR_GROUP } from './getConfiguration.js';
import { decodeJunos9 } from './junosSecret9.js';

const isInactive = (e: XmlElement | undefined): boolean => e?.attrs.has('inactive') === true;
const active = (e: XmlElement): boolean => !isInactive(e);

/** Junos `family <afi> <safi>` element names of each address family meshrr manages. */
const FAMILY_ELEMENTS: ReadonlyArray<readonly [AddressFamily, string, string]> = [
  ['ipv4-unicast', 'inet', 'unicast'],
  ['ipv6-unicast', 'inet6', 'unicast'],
  ['ipv4-vpn', 'inet-vpn', 'unicast'],
  ['ipv6-vpn', 'inet6-vpn', 'unicast'],
  ['l2vpn-evpn', 'evpn', 'signaling'],
];

function asNumber(text: string): number | undefined {
  const dot = /^(\d+)\.(\d+)$/.exec(text);
  if (dot !== null) return Number(dot[1]) * 65_536 + Number(dot[2]);
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : undefined;
}

/** `65001-65500`, `65001` or asdot forms → a range; `undefined` when unreadable. */
export function parseAsRange(text: string): AsRange | undefined {
  const [a, b, extra] = text.trim().split('-');
  if (a === undefined || extra !== undefined) return undefined;
  const start = asNumber(a);
  const end = b === undefined ? start : asNumber(b);
  return start === undefined || end === undefined || end < start ? undefined : { start, end };
}

function sortAddresses(texts: string[]): string[] {
  const canonical = [...new Set(texts.map((t) => canonicalIpAddress(t) ?? t))];
  return canonical.sort((a, b) => {
    const pa = parseIpAddress(a);
    const pb = parseIpAddress(b);
    if (pa === undefined || pb === undefined) return pa === undefined ? (pb === undefined ? (a < b ? -1 : 1) : 1) : -1;
    return compareIpAddress(pa, pb);
  });
}

function sortPrefixes(texts: string[]): string[] {
  const parsed = texts.map((t) => ({ t, p: parseCidr(t) }));
  const canonical = [...new Set(parsed.map(({ t, p }) => (p.ok ? formatCidr(p.cidr) : t)))];
  return canonical.sort((a, b) => {
    const pa = parseCidr(a);
    const pb = parseCidr(b);
    if (!pa.ok || !pb.ok) return !pa.ok ? (!pb.ok ? (a < b ? -1 : 1) : 1) : -1;
    return compareCidr(pa.cidr, pb.cidr);
  });
}

/** A Junos secret as meshrr compares it: `$9$` decoded, plain text as is, `$8$` unreadable. */
function secretOf(text: string | undefined, origin: string): Secret | undefined {
  if (text === undefined) return undefined;
  if (text.startsWith('$8$')) return undefined;
  const plain = text.startsWith('$9$') ? decodeJunos9(text) : text;
  return plain === undefined ? undefined : new Secret(plain, origin);
}

/** Everything of `groups MESHRR` meshrr reads outside `protocols bgp`. */
interface Shared {
  readonly asLists: ReadonlyMap<string, { ranges: AsRange[]; inactive: boolean }>;
  readonly keyChains: ReadonlyMap<string, { element: XmlElement; inactive: boolean }>;
}

function readShared(meshrr: XmlElement | undefined): Shared {
  const asLists = new Map<string, { ranges: AsRange[]; inactive: boolean }>();
  const policy = child(meshrr, 'policy-options');
  for (const list of children(policy, 'as-list')) {
    const members = children(list, 'members');
    const ranges = members
      .map((m) => parseAsRange(m.text))
      .filter((r): r is AsRange => r !== undefined)
      .sort((x, y) => x.start - y.start || x.end - y.end);
    asLists.set(childText(list, 'name') ?? '', {
      ranges,
      inactive: isInactive(policy) || isInactive(list) || members.some(isInactive),
    });
  }
  const keyChains = new Map<string, { element: XmlElement; inactive: boolean }>();
  const security = child(meshrr, 'security');
  const chains = child(security, 'authentication-key-chains');
  for (const chain of children(chains, 'key-chain'))
    keyChains.set(childText(chain, 'name') ?? '', {
      element: chain,
      inactive: isInactive(security) || isInactive(chains) || isInactive(chain),
    });
  return { asLists, keyChains };
}

/** A container's children all active (an inactive child makes the value differ, so it is rewritten). */
const whole = (e: XmlElement): boolean => e.children.every(active);

function readPrefixLimit(limit: XmlElement | undefined): PrefixLimit | undefined {
  if (limit === undefined || !whole(limit)) return undefined;
  const maximum = integer(childText(limit, 'maximum'));
  if (maximum === undefined) return undefined;
  const teardown = child(limit, 'teardown');
  if (teardown === undefined) return { maximum, warningOnly: true };
  const idle = child(teardown, 'idle-timeout');
  const minutes = integer(idle === undefined ? undefined : (childText(idle, 'timeout') ?? idle.text.trim()));
  return minutes === undefined
    ? { maximum, warningOnly: false }
    : { maximum, warningOnly: false, restartMinutes: minutes };
}

/** The families of a `family` container, the refs of inactive ones, and per-family extras. */
function readFamilies(family: XmlElement[]): {
  families: AddressFamily[];
  inactive: string[];
  prefixLimits: PrefixLimit[];
  prefixLimitInactive: string[];
  longLived: (number | undefined)[];
} {
  const out = {
    families: [] as AddressFamily[],
    inactive: [] as string[],
    prefixLimits: [] as PrefixLimit[],
    prefixLimitInactive: [] as string[],
    longLived: [] as (number | undefined)[],
  };
  for (const [af, afi, safi] of FAMILY_ELEMENTS) {
    for (const container of family) {
      const a = child(container, afi);
      const s = child(a, safi);
      if (a === undefined || s === undefined) continue;
      out.families.push(af);
      if (isInactive(container) || isInactive(a) || isInactive(s)) out.inactive.push(`families ${af}`);
      const limit = child(s, 'prefix-limit');
      if (limit !== undefined) {
        const value = readPrefixLimit(limit);
        if (value !== undefined) out.prefixLimits.push(value);
        if (isInactive(limit)) out.prefixLimitInactive.push(`prefix-limit ${af}`);
      }
      const gr = child(s, 'graceful-restart');
      const stale = child(child(child(gr, 'long-lived'), 'restarter'), 'stale-time');
      out.longLived.push(gr !== undefined && whole(gr) && stale !== undefined ? integer(stale.text.trim()) : undefined);
    }
  }
  out.families = sortFamilies(out.families);
  return out;
}

function readAuthentication(group: XmlElement, shared: Shared, inactive: string[]): DeviceAuthentication | undefined {
  const name = childText(group, 'name') ?? '';
  const md5 = child(group, 'authentication-key');
  if (md5 !== undefined) {
    if (isInactive(md5)) inactive.push('authentication');
    const key = secretOf(md5.text.trim(), `device group ${name} authentication-key`);
    return key === undefined ? { method: 'md5' } : { method: 'md5', key };
  }
  const chainRef = child(group, 'authentication-key-chain');
  const algorithm = child(group, 'authentication-algorithm');
  if (chainRef === undefined) return undefined;
  if (isInactive(chainRef) || isInactive(algorithm)) inactive.push('authentication');
  const chain = shared.keyChains.get(chainRef.text.trim());
  const key = children(chain?.element, 'key')[0];
  const ao = child(key, 'ao-attribute');
  const sendId = integer(childText(ao, 'send-id'));
  const recvId = integer(childText(ao, 'recv-id'));
  const cipher = childText(ao, 'cryptographic-algorithm');
  const ok =
    algorithm?.text.trim() === 'ao' &&
    key !== undefined &&
    whole(key) &&
    ao !== undefined &&
    whole(ao) &&
    chain?.inactive === false &&
    sendId !== undefined &&
    recvId !== undefined &&
    (cipher === 'hmac-sha-1-96' || cipher === 'aes-128-cmac-96');
  // A key chain meshrr cannot read whole is reported with impossible ids, so it is rewritten.
  if (!ok) return { method: 'tcp-ao', sendId: -1, recvId: -1, algorithm: 'hmac-sha-1-96' };
  const secret = secretOf(childText(key, 'secret'), `device key-chain ${chainRef.text.trim()}`);
  return {
    method: 'tcp-ao',
    sendId,
    recvId,
    algorithm: cipher as TcpAoAlgorithm,
    ...(secret === undefined ? {} : { key: secret }),
  };
}

function readGroup(group: XmlElement, shared: Shared): { group: ManagedGroup; longLived: (number | undefined)[] } {
  const inactive: string[] = [];
  if (isInactive(group)) inactive.push('group');
  const out: { -readonly [K in keyof ManagedGroup]: ManagedGroup[K] } = {
    name: childText(group, 'name') ?? '',
    neighbors: [],
    allow: [],
    peerAsRanges: [],
  };
  const neighborFamilies: Record<string, readonly AddressFamily[]> = {};
  const neighbors = children(group, 'neighbor').map((n) => {
    const address = canonicalIpAddress(childText(n, 'name') ?? '') ?? childText(n, 'name') ?? '';
    if (isInactive(n)) inactive.push(`neighbor ${address}`);
    const own = children(n, 'family');
    if (own.length > 0) neighborFamilies[address] = readFamilies(own).families;
    return address;
  });
  out.neighbors = sortAddresses(neighbors);
  if (Object.keys(neighborFamilies).length > 0) out.neighborFamilies = neighborFamilies;
  const allow = children(group, 'allow');
  for (const a of allow.filter(isInactive)) inactive.push(`allow ${sortPrefixes([a.text.trim()])[0] ?? a.text.trim()}`);
  out.allow = sortPrefixes(allow.map((a) => a.text.trim()));
  const peerAsList = child(group, 'peer-as-list');
  if (peerAsList !== undefined) {
    const list = shared.asLists.get(peerAsList.text.trim());
    out.peerAsRanges = list?.ranges ?? [];
    if (isInactive(peerAsList)) inactive.push('peer-as-list');
    if (list?.inactive === true) inactive.push('as-list');
  }
  const leaf = (name: string, ref: string): string | undefined => {
    const e = child(group, name);
    if (e === undefined) return undefined;
    if (isInactive(e)) inactive.push(ref);
    return e.text.trim();
  };
  const type = leaf('type', 'type');
  if (type === 'internal' || type === 'external') out.peerType = type;
  const cluster = leaf('cluster', 'cluster');
  if (cluster !== undefined) out.clusterId = cluster;
  const multihop = child(group, 'multihop');
  if (multihop !== undefined) {
    if (isInactive(multihop)) inactive.push('multihop');
    const ttl = integer(childText(multihop, 'ttl'));
    if (whole(multihop) && ttl !== undefined)
      out.multihop = { ttl, nextHopUnchanged: child(multihop, 'no-nexthop-change') !== undefined };
    else out.multihop = { ttl: -1, nextHopUnchanged: false };
  }
  if (leaf('route-server-client', 'transparent') !== undefined) out.transparent = true;
  const families = readFamilies(children(group, 'family'));
  if (families.families.length > 0) out.families = families.families;
  pushAll(inactive, families.inactive);
  pushAll(inactive, families.prefixLimitInactive);
  const limits = families.prefixLimits;
  if (limits.length > 0)
    out.prefixLimit = limits.every((l) => JSON.stringify(l) === JSON.stringify(limits[0]))
      ? limits[0]!
      : { maximum: -1, warningOnly: false };
  const auth = readAuthentication(group, shared, inactive);
  if (auth !== undefined) out.authentication = auth;
  const hold = integer(leaf('hold-time', 'timers'));
  if (hold !== undefined) out.timers = { holdTimeS: hold };
  const bfd = child(group, 'bfd-liveness-detection');
  if (bfd !== undefined) {
    if (isInactive(bfd)) inactive.push('bfd');
    const interval = integer(childText(bfd, 'minimum-interval'));
    const multiplier = integer(childText(bfd, 'multiplier')) ?? 3;
    out.bfd =
      whole(bfd) && interval !== undefined
        ? { minimumIntervalMs: interval, multiplier }
        : { minimumIntervalMs: -1, multiplier: -1 };
  }
  if (inactive.length > 0) out.inactive = inactive;
  return { group: out, longLived: families.longLived };
}

function readGracefulRestart(
  bgp: XmlElement | undefined,
  longLived: readonly (number | undefined)[],
): GracefulRestart | undefined {
  const gr = child(bgp, 'graceful-restart');
  if (gr === undefined) return undefined;
  const restart = integer(childText(gr, 'restart-time')) ?? 120;
  const stale = integer(childText(gr, 'stale-routes-time')) ?? 300;
  const first = longLived[0];
  const same = first !== undefined && longLived.every((v) => v === first);
  if (!whole(gr)) return { restartTimeS: -1, staleRoutesTimeS: -1 };
  return same
    ? { restartTimeS: restart, staleRoutesTimeS: stale, longLivedStaleTimeS: first }
    : { restartTimeS: restart, staleRoutesTimeS: stale };
}

/**
 * Maps a Junos `<configuration>` (reply to the `groups MESHRR` read) to the core
 * {@link ManagedState}: each `protocols bgp group` with its neighbors (canonical, sorted, with
 * their own families), `allow` prefixes, the ranges of the `policy-options as-list` its
 * `peer-as-list` names, and every statement meshrr manages (type, cluster, multihop,
 * route-server-client, families, prefix limits, authentication key or TCP-AO key chain with the
 * `$9$` secret decoded, hold-time, BFD); the router's graceful restart (long-lived per family of
 * the groups) and `graceful-shutdown sender`. Deactivated elements (`inactive="inactive"`) are
 * read with their values and named in `inactive`, so a repair re-activates them; a deactivated
 * child inside a container makes the container's value unreadable, so it is rewritten whole.
 * Values meshrr cannot read are reported so they compare unequal (never silently equal). No
 * `groups MESHRR` ⇒ no groups. Pure.
 */
export function managedStateFromConfiguration(configuration: XmlElement): ManagedState {
  const meshrr = children(configuration, 'groups').find((g) => childText(g, 'name') === MESHRR_GROUP);
  const bgp = child(child(meshrr, 'protocols'), 'bgp');
  const shared = readShared(meshrr);
  const read = children(bgp, 'group').map((g) => readGroup(g, shared));
  const groups = read.map((r) => r.group).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const longLived = read.filter((r) => r.group.families !== undefined).flatMap((r) => r.longLived);
  const gracefulRestart = readGracefulRestart(bgp, longLived);
  const shutdown = child(bgp, 'graceful-shutdown');
  const inactive = [
    ...(isInactive(shutdown) ? ['graceful-shutdown'] : []),
    ...(isInactive(child(bgp, 'graceful-restart')) ? ['graceful-restart'] : []),
  ];
  return {
    groups,
    gracefulShutdown: shutdown !== undefined && child(shutdown, 'sender') !== undefined,
    ...(gracefulRestart === undefined ? {} : { gracefulRestart }),
    ...(inactive.length === 0 ? {} : { inactive }),
    statementsRead: STATEMENT_KINDS,
  };
}
