import {
  canonicalIpAddress,
  compareIpAddress,
  parseIpAddress,
  TransportError,
  type BgpSessionState,
  type BgpState,
} from '@meshrr/core';

const STATES: ReadonlySet<string> = new Set(['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established']);

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * FRR's reset reasons (`lastResetDueTo`, bgpd's `peer_down_str`) that come from the other side or
 * the path to it; every other reason is local (configuration, `clear`, shutdown).
 */
const PEER_SIDE_RESETS: ReadonlySet<string> = new Set([
  'Peer closed the session',
  'BGP Notification received',
  'NSF peer closed the session',
  'BFD down received',
  'Interface down',
  'Neighbor address lost',
  'Socket Error',
]);

/**
 * Whether FRR blames the peer for the last reset: a peer-side reason, or a NOTIFICATION FRR sent
 * because the peer's hold timer expired (`lastNotificationReason` "Hold Timer Expired…").
 */
function resetByPeer(reason: string, entry: Readonly<Record<string, unknown>>): boolean {
  if (PEER_SIDE_RESETS.has(reason)) return true;
  const notification = entry['lastNotificationReason'];
  return (
    reason === 'BGP Notification send' && typeof notification === 'string' && /^Hold Timer Expired/i.test(notification)
  );
}

/** Why and how long ago the session left Established, for a session that was Established before. */
function lastReset(state: BgpState, entry: Readonly<Record<string, unknown>>): Partial<BgpSessionState> {
  const reason = entry['lastResetDueTo'];
  const dropped = count(entry['connectionsDropped']) ?? 0;
  if (typeof reason !== 'string' || reason === '' || dropped === 0) return {};
  const sinceMs = count(entry['lastResetTimerMsecs']);
  return {
    lastResetReason: reason,
    resetByPeer: resetByPeer(reason, entry),
    ...(state !== 'Established' && sinceMs !== undefined ? { downForMs: sinceMs } : {}),
  };
}

function session(key: string, entry: Readonly<Record<string, unknown>>): BgpSessionState {
  const raw = entry['bgpState'];
  const state: BgpState = typeof raw === 'string' && STATES.has(raw) ? (raw as BgpState) : 'Unknown';
  const group = entry['peerGroup'];
  const remoteAs = count(entry['remoteAs']);
  const upMs = count(entry['bgpTimerUpMsec']);
  const established = count(entry['connectionsEstablished']);
  return {
    peer: canonicalIpAddress(key) ?? key,
    state,
    ...(typeof group === 'string' && group !== '' ? { group } : {}),
    ...(state === 'Established' && upMs !== undefined ? { establishedForMs: upMs } : {}),
    ...(established !== undefined ? { connectionsEstablished: established } : {}),
    // a dynamic (listen-range) neighbor carries the range it matched
    dynamic: typeof entry['peerSubnetRangeGroup'] === 'string',
    ...(remoteAs !== undefined && remoteAs > 0 ? { remoteAs } : {}),
    ...lastReset(state, entry),
  };
}

function order(a: BgpSessionState, b: BgpSessionState): number {
  const x = parseIpAddress(a.peer);
  const y = parseIpAddress(b.peer);
  if (x !== undefined && y !== undefined) return compareIpAddress(x, y);
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  return a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0;
}

/**
 * Sessions from `show bgp neighbors json` (default VRF; one entry per neighbor whatever its
 * address families): FSM state, peer-group, time in Established (`bgpTimerUpMsec`),
 * `connectionsEstablished` (flap counter), remote AS once known, `dynamic` for listen-range
 * neighbors (they carry `peerSubnetRangeGroup`), and — once a session has dropped
 * (`connectionsDropped` > 0) — the last reset: `lastResetReason` (`lastResetDueTo`), `resetByPeer`
 * (the peer closed it, sent a NOTIFICATION, its hold timer expired, or the path failed) and, while
 * it is down, `downForMs` (`lastResetTimerMsecs`). Sorted by address (IPv4 first); interface
 * neighbors after, by name. `{}` (no BGP instance) gives `[]`.
 * @throws {TransportError} when the answer is not an object of neighbor objects.
 */
export function parseBgpNeighbors(json: unknown): BgpSessionState[] {
  const top = record(json);
  if (top === undefined) throw new TransportError('show bgp neighbors json: expected an object');
  const sessions: BgpSessionState[] = [];
  for (const [key, value] of Object.entries(top)) {
    const entry = record(value);
    if (entry === undefined || !('bgpState' in entry)) continue;
    sessions.push(session(key, entry));
  }
  return sessions.sort(order);
}
