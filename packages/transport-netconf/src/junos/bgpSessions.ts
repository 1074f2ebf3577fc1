import { canonicalIpAddress, type BgpSessionState, type BgpState } from '@meshrr/core';
import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import { childText, descendants, type XmlElement } from '../xml/index.js';

const STATES: readonly BgpState[] = ['Established', 'OpenConfirm', 'OpenSent', 'Active', 'Connect', 'Idle'];

/** Junos `peer-state` text → core state (`Established`, `Idle (Admin)`…); `Unknown` otherwise. */
export function bgpStateOf(text: string | undefined): BgpState {
  const t = (text ?? '').trim();
  return STATES.find((s) => t === s || t.startsWith(`${s} `) || t.startsWith(`${s}(`)) ?? 'Unknown';
}

/** `10.0.0.2+179` → `10.0.0.2`, `fd:1:2:3::2+179` → `fd:1::…` canonical (IPv6 never contains `+`). */
export function peerAddressOf(text: string): string {
  const bare = text.trim().split('+')[0] ?? '';
  return canonicalIpAddress(bare) ?? bare;
}

const int = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;

interface SummaryPeer {
  readonly state: BgpState;
  readonly elapsedS: number | undefined;
  readonly flaps: number | undefined;
  readonly remoteAs: number | undefined;
}

function summaryPeers(summary: XmlElement): Map<string, SummaryPeer> {
  const out = new Map<string, SummaryPeer>();
  for (const peer of descendants(summary, 'bgp-peer')) {
    const address = childText(peer, 'peer-address');
    if (address === undefined) continue;
    const elapsed = peer.children.find((c) => c.name === 'elapsed-time');
    out.set(peerAddressOf(address), {
      state: bgpStateOf(childText(peer, 'peer-state')),
      elapsedS: int(elapsed?.attrs.get('seconds')),
      flaps: int(childText(peer, 'flap-count')),
      remoteAs: int(childText(peer, 'peer-as')),
    });
  }
  return out;
}

/** Flap count + 1 while Established: equal before and after ⇔ the session did not flap in between. */
const connections = (flaps: number | undefined, state: BgpState): number | undefined =>
  flaps === undefined ? undefined : flaps + (state === 'Established' ? 1 : 0);

function build(
  peer: string,
  state: BgpState,
  extra: { group?: string; elapsedS?: number; flaps?: number; remoteAs?: number },
): BgpSessionState {
  const n = connections(extra.flaps, state);
  return {
    peer,
    state,
    ...(extra.group === undefined ? {} : { group: extra.group }),
    ...(state === 'Established' && extra.elapsedS !== undefined ? { establishedForMs: extra.elapsedS * 1000 } : {}),
    ...(n === undefined ? {} : { connectionsEstablished: n }),
    ...(extra.remoteAs === undefined ? {} : { remoteAs: extra.remoteAs }),
  };
}

/**
 * Joins `get-bgp-neighbor-information` (state, group, routing instance, AS, flap count) with
 * `get-bgp-summary-information` (time in state from `elapsed-time/@junos:seconds`) on the
 * port-stripped address. Only the default instance (`peer-cfg-rti` `master` or absent) is kept:
 * meshrr manages groups there. Peers only in the summary (absent from the neighbor reply) are kept without group. Sorted by
 * address text. `connectionsEstablished` is derived as flap-count + 1 while Established (Junos
 * reports no "times established" counter). Pure.
 */
export function bgpSessionsFrom(neighbors: XmlElement, summary: XmlElement): BgpSessionState[] {
  const sums = summaryPeers(summary);
  const out = new Map<string, BgpSessionState>();
  const seen = new Set<string>();
  for (const peer of descendants(neighbors, 'bgp-peer')) {
    const rti = childText(peer, 'peer-cfg-rti');
    const address = childText(peer, 'peer-address');
    if (address === undefined) continue;
    const ip = peerAddressOf(address);
    seen.add(ip);
    if (rti !== undefined && rti !== 'master') continue;
    const state = bgpStateOf(childText(peer, 'peer-state'));
    const sum = sums.get(ip);
    out.set(
      ip,
      build(ip, state, {
        group: childText(peer, 'peer-group'),
        elapsedS: sum?.state === state ? sum.elapsedS : undefined,
        flaps: int(childText(peer, 'flap-count')) ?? sum?.flaps,
        remoteAs: int(childText(peer, 'peer-as')),
      }),
    );
  }
  for (const [ip, sum] of sums)
    if (!seen.has(ip))
      out.set(ip, build(ip, sum.state, { elapsedS: sum.elapsedS, flaps: sum.flaps, remoteAs: sum.remoteAs }));
  return [...out.values()].sort((a, b) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0));
}

/** Reads both BGP operational RPCs and joins them with {@link bgpSessionsFrom}. Throws `DeviceRejectedError` on errors. */
export async function getBgpSessions(client: NetconfClient, options?: RpcCallOptions): Promise<BgpSessionState[]> {
  const neighbors = assertRpcOk(
    'get-bgp-neighbor-information',
    await client.rpc('get-bgp-neighbor-information', '<get-bgp-neighbor-information/>', options),
  );
  const summary = assertRpcOk(
    'get-bgp-summary-information',
    await client.rpc('get-bgp-summary-information', '<get-bgp-summary-information/>', options),
  );
  return bgpSessionsFrom(neighbors.root, summary.root);
}
