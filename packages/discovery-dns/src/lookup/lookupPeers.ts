import {
  compareIpAddress,
  type DiscoveredPeer,
  minOf,
  parseIpAddress,
  type RejectedRecord,
  RejectedRecordsError,
} from '@meshrr/core';
import type { DnsClient } from '../client/dnsClient.js';
import { searchCandidates } from '../config/searchCandidates.js';
import type { QueryType } from '../wire/message.js';
import { acceptAddress } from './addressFilter.js';
import { confirmEmpty, walkCandidates, type CandidateFound } from './candidateWalk.js';
import type { NegativeTrust } from './interpretResponse.js';
import { resolveType } from './resolveType.js';
import { resolveSrvPeers } from './srvPeers.js';

/** Everything one lookup needs besides the client. */
export interface LookupPlan {
  readonly hostname: string;
  readonly mode: 'address' | 'srv';
  /** `_service._proto` prepended to `hostname` in SRV mode. */
  readonly srvPrefix: string;
  /** `A`, `AAAA` or both, in that order. */
  readonly addressTypes: readonly ('A' | 'AAAA')[];
  readonly search: readonly string[];
  readonly ndots: number;
  readonly trust: NegativeTrust;
}

/** What one successful lookup found. */
export interface LookupReport {
  /** The complete set, sorted by address then port, without duplicates. */
  readonly peers: readonly DiscoveredPeer[];
  /** Smallest TTL involved (positive or negative), if any answer carried one. */
  readonly ttlSeconds: number | undefined;
  /** The candidate name that answered, or `undefined` when the set is authoritatively empty. */
  readonly answeredName: string | undefined;
}

/** Canonical order and de-duplication of a peer set. */
export function normalizePeers(peers: readonly DiscoveredPeer[]): DiscoveredPeer[] {
  const unique = new Map(peers.map((p) => [`${p.address}|${p.port ?? ''}|${p.labels['name'] ?? ''}`, p]));
  const order = (a: DiscoveredPeer, b: DiscoveredPeer): number =>
    compareIpAddress(parseIpAddress(a.address)!, parseIpAddress(b.address)!) ||
    (a.port ?? 0) - (b.port ?? 0) ||
    (a.labels['name'] ?? '').localeCompare(b.labels['name'] ?? '');
  return [...unique.values()].sort(order);
}

function addressPeers(found: CandidateFound): {
  peers: DiscoveredPeer[];
  dropped: RejectedRecord[];
  ttlSeconds: number | undefined;
} {
  const peers: DiscoveredPeer[] = [];
  const dropped: RejectedRecord[] = [];
  const ttls: number[] = [];
  for (const { outcome } of found.outcomes) {
    if (outcome.ttlSeconds !== undefined) ttls.push(outcome.ttlSeconds);
    if (outcome.kind !== 'records') continue;
    for (const record of outcome.records) {
      const verdict = acceptAddress(record);
      if (verdict.ok) peers.push({ address: verdict.address, labels: {} });
      else dropped.push(verdict.dropped);
    }
  }
  return { peers, dropped, ttlSeconds: ttls.length > 0 ? minOf(ttls) : undefined };
}

/**
 * Looks up the peer set of `plan.hostname` through `client`: address mode asks A/AAAA of each
 * search candidate; SRV mode asks SRV of `<srvPrefix>.<hostname>` candidates, then the addresses of
 * every target. Returns the complete set, or an empty set only when every candidate answered with a
 * trusted NXDOMAIN/NODATA. Throws `DiscoveryError` on any failure (nothing partial escapes), and
 * `RejectedRecordsError` when any record of the answer is refused by the address policy (or an
 * SRV target has no address): such an answer is a failed lookup, never a smaller or empty set.
 */
export async function lookupPeers(plan: LookupPlan, client: DnsClient, signal: AbortSignal): Promise<LookupReport> {
  const base = plan.mode === 'srv' ? `${plan.srvPrefix}.${plan.hostname}` : plan.hostname;
  const candidates = searchCandidates(base, plan.search, plan.ndots);
  const types: readonly QueryType[] = plan.mode === 'srv' ? ['SRV'] : plan.addressTypes;
  const resolve = (name: string, type: string) =>
    resolveType(client, { name, type: type as QueryType }, plan.trust, signal);
  const walk = await walkCandidates(candidates, types, resolve);
  if (walk.kind === 'all-negative') {
    const { ttlSeconds } = confirmEmpty(walk);
    return { peers: [], ttlSeconds, answeredName: undefined };
  }
  const found = plan.mode === 'srv' ? await resolveSrvPeers(walk, plan, resolve) : addressPeers(walk);
  if (found.dropped.length > 0) throw new RejectedRecordsError(`DNS answer for ${walk.name}`, found.dropped);
  return { peers: normalizePeers(found.peers), ttlSeconds: found.ttlSeconds, answeredName: walk.name };
}
