import { minOf, pushAll, type DiscoveredPeer, type RejectedRecord } from '@meshrr/core';
import type { SrvAnswer } from 'dns-packet';
import { acceptAddress } from './addressFilter.js';
import type { CandidateFound } from './candidateWalk.js';
import type { TypeOutcome } from './resolveType.js';

/** The part of the lookup plan SRV resolution uses. */
export interface SrvPlan {
  readonly addressTypes: readonly string[];
}

/** At most this many target names are resolved at once. */
const TARGET_CONCURRENCY = 16;

interface TargetAddresses {
  readonly addresses: string[];
  readonly dropped: RejectedRecord[];
  readonly ttls: number[];
}

async function resolveTarget(
  target: string,
  plan: SrvPlan,
  resolve: (name: string, type: string) => Promise<TypeOutcome>,
): Promise<TargetAddresses> {
  const outcomes = await Promise.all(plan.addressTypes.map((type) => resolve(`${target}.`, type)));
  const result: TargetAddresses = { addresses: [], dropped: [], ttls: [] };
  for (const outcome of outcomes) {
    if (outcome.ttlSeconds !== undefined) result.ttls.push(outcome.ttlSeconds);
    if (outcome.kind !== 'records') continue;
    for (const record of outcome.records) {
      const verdict = acceptAddress(record);
      if (verdict.ok) result.addresses.push(verdict.address);
      else result.dropped.push(verdict.dropped);
    }
  }
  if (outcomes.every((o) => o.kind === 'negative'))
    result.dropped.push({
      record: `${target}. SRV target`,
      reason: 'target-has-no-address',
      detail: `SRV target ${target}. has no address`,
    });
  return result;
}

async function resolveAll(
  targets: readonly string[],
  plan: SrvPlan,
  resolve: (name: string, type: string) => Promise<TypeOutcome>,
): Promise<Map<string, TargetAddresses>> {
  const results = new Map<string, TargetAddresses>();
  for (let start = 0; start < targets.length; start += TARGET_CONCURRENCY) {
    const batch = targets.slice(start, start + TARGET_CONCURRENCY);
    const resolved = await Promise.all(batch.map((t) => resolveTarget(t, plan, resolve)));
    batch.forEach((t, i) => results.set(t, resolved[i]!));
  }
  return results;
}

/**
 * Turns the SRV records of the winning candidate into peers: every target (except `.`, "service
 * not available", RFC 2782) is resolved as an absolute name for each address type; each address
 * becomes a peer with the record's port and label `name` = target. A target without addresses, or
 * with an address the policy refuses, is returned in `dropped` (the caller refuses the whole set);
 * a failure resolving any target throws, so no partial set escapes.
 */
export async function resolveSrvPeers(
  found: CandidateFound,
  plan: SrvPlan,
  resolve: (name: string, type: string) => Promise<TypeOutcome>,
): Promise<{ peers: DiscoveredPeer[]; dropped: RejectedRecord[]; ttlSeconds: number | undefined }> {
  const outcome = found.outcomes[0]!.outcome;
  const srv = outcome.kind === 'records' ? (outcome.records as SrvAnswer[]) : [];
  const usable = srv.filter((r) => r.data.target !== '' && r.data.target !== '.');
  const targets = [...new Set(usable.map((r) => r.data.target.replace(/\.$/, '').toLowerCase()))];
  const resolved = await resolveAll(targets, plan, resolve);
  const peers: DiscoveredPeer[] = [];
  const dropped: RejectedRecord[] = [];
  const ttls: number[] = outcome.ttlSeconds === undefined ? [] : [outcome.ttlSeconds];
  for (const result of resolved.values()) {
    pushAll(dropped, result.dropped);
    pushAll(ttls, result.ttls);
  }
  for (const record of usable) {
    const target = record.data.target.replace(/\.$/, '').toLowerCase();
    for (const address of resolved.get(target)?.addresses ?? [])
      peers.push({ address, port: record.data.port, labels: { name: target } });
  }
  return { peers, dropped, ttlSeconds: ttls.length > 0 ? minOf(ttls) : undefined };
}
