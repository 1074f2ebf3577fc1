import {
  canonicalIpAddress,
  compareCidr,
  formatCidr,
  parseCidr,
  parseIpAddress,
  compareIpAddress,
  type AsRange,
  type ManagedGroup,
  type ManagedState,
} from '@meshrr/core';
import { child, childText, children, type XmlElement } from '../xml/index.js';
import { MESHRR_GROUP } from './getConfiguration.js';

const active = (e: XmlElement): boolean => !e.attrs.has('inactive');
const activeChildren = (e: XmlElement | undefined, name: string): XmlElement[] => children(e, name).filter(active);

function asNumber(text: string): number | undefined {
  const dot = /^(\d+)\.(\d+)$/.exec(text);
  if (dot !== null) return Number(dot[1]) * 65_536 + Number(dot[2]);
  return /^\d+$/.test(text) ? Number(text) : undefined;
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

function asLists(meshrr: XmlElement | undefined): Map<string, AsRange[]> {
  const lists = new Map<string, AsRange[]>();
  for (const list of activeChildren(child(meshrr, 'policy-options'), 'as-list')) {
    const ranges = activeChildren(list, 'members')
      .map((m) => parseAsRange(m.text))
      .filter((r): r is AsRange => r !== undefined);
    lists.set(
      childText(list, 'name') ?? '',
      ranges.sort((x, y) => x.start - y.start || x.end - y.end),
    );
  }
  return lists;
}

function readGroup(group: XmlElement, lists: Map<string, AsRange[]>): ManagedGroup {
  const peerAsList = activeChildren(group, 'peer-as-list')[0]?.text.trim();
  return {
    name: childText(group, 'name') ?? '',
    neighbors: sortAddresses(activeChildren(group, 'neighbor').map((n) => childText(n, 'name') ?? '')),
    allow: sortPrefixes(activeChildren(group, 'allow').map((a) => a.text.trim())),
    peerAsRanges: peerAsList === undefined ? [] : (lists.get(peerAsList) ?? []),
  };
}

/**
 * Maps a Junos `<configuration>` (reply to the `groups MESHRR` read) to the core
 * {@link ManagedState}: each `protocols bgp group` with its neighbors (canonical, sorted), `allow`
 * prefixes (canonical, sorted), and the ranges of the `policy-options as-list` its `peer-as-list`
 * names (from the same group), plus `protocols bgp graceful-shutdown sender`. Elements marked
 * `inactive` count as absent. No `groups MESHRR` ⇒ no groups. Pure.
 */
export function managedStateFromConfiguration(configuration: XmlElement): ManagedState {
  const meshrr = children(configuration, 'groups').find((g) => childText(g, 'name') === MESHRR_GROUP);
  const bgp = child(child(meshrr, 'protocols'), 'bgp');
  const lists = asLists(meshrr);
  const groups = activeChildren(bgp, 'group')
    .map((g) => readGroup(g, lists))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const shutdown = activeChildren(bgp, 'graceful-shutdown')[0];
  return { groups, gracefulShutdown: shutdown !== undefined && activeChildren(shutdown, 'sender').length > 0 };
}
