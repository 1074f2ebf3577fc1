import { canonicalIpAddress, sortIpAddressTexts, type BgpSessionState, type BgpState } from '@meshrr/core';
import { parseDescription } from '../render/names.js';
import { neighborOf } from './managedState.js';
import type { BirdProtocol } from './showProtocols.js';

const STATES: Readonly<Record<string, BgpState>> = {
  Idle: 'Idle',
  Connect: 'Connect',
  Active: 'Active',
  // BIRD's "Passive": waiting for the peer to connect (RFC 4271 Active, without own attempts)
  Passive: 'Active',
  OpenSent: 'OpenSent',
  OpenConfirm: 'OpenConfirm',
  Established: 'Established',
  Down: 'Idle',
};

/**
 * Every BGP session BIRD has (meshrr's and the operator's, so a change that disturbs either is
 * seen), from `show protocols all`: one per protocol with a `Neighbor address` (dynamic-BGP
 * listeners are not sessions). Group and `dynamic` from meshrr's description; the uptime of an
 * Established session from the `Since` column (`timeformat protocol "%s.%3f"`) and `nowMs`.
 * BIRD has no flap counter, so `connectionsEstablished` stays unset. Sorted by address (IPv4 first).
 */
export function sessionsOf(protocols: readonly BirdProtocol[], nowMs: number): BgpSessionState[] {
  const sessions: BgpSessionState[] = [];
  for (const protocol of protocols) {
    const neighbor = protocol.proto === 'BGP' ? neighborOf(protocol) : undefined;
    if (neighbor === undefined || protocol.neighborRange !== undefined) continue;
    const description = parseDescription(protocol.description);
    const state = STATES[protocol.bgpState ?? ''] ?? (protocol.state === 'down' ? 'Idle' : 'Unknown');
    sessions.push({
      peer: canonicalIpAddress(neighbor) ?? neighbor,
      state,
      ...(description === undefined ? {} : { group: description.group, dynamic: description.range }),
      ...(state === 'Established' && protocol.sinceMs !== undefined
        ? { establishedForMs: Math.max(0, nowMs - protocol.sinceMs) }
        : {}),
      ...(protocol.neighborAs !== undefined && protocol.neighborAs > 0 ? { remoteAs: protocol.neighborAs } : {}),
    });
  }
  const order = new Map(sortIpAddressTexts(sessions.map((s) => s.peer)).map((peer, i) => [peer, i]));
  return sessions.sort((a, b) => (order.get(a.peer) ?? 0) - (order.get(b.peer) ?? 0));
}
