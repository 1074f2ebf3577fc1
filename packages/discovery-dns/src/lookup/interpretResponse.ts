import { DiscoveryError, minOf } from '@meshrr/core';
import type { Answer, SoaAnswer, StringAnswer } from 'dns-packet';
import { sameName, type DnsQuestion, type DnsResponse } from '../wire/message.js';

/** Which negative answers may say "the set is empty" (option `negative_answers`). */
export type NegativeTrust = 'authoritative-or-soa' | 'authoritative-only';

/** Records of the asked type at the end of the CNAME chain (which may be the name itself). */
export interface RecordsOutcome {
  readonly kind: 'records';
  readonly owner: string;
  readonly records: readonly Answer[];
  /** Smallest TTL of the records and the CNAMEs leading to them, in seconds. */
  readonly ttlSeconds: number;
}

/** The answer stops at a CNAME whose target it does not resolve: ask again for `target`. */
export interface CnameOutcome {
  readonly kind: 'cname';
  readonly target: string;
  readonly ttlSeconds: number;
}

/** NXDOMAIN, or NOERROR without records of the type (NODATA). */
export interface NegativeOutcome {
  readonly kind: 'negative';
  readonly negative: 'nxdomain' | 'nodata';
  readonly authoritative: boolean;
  /** May this answer empty the set under the configured {@link NegativeTrust}? */
  readonly trusted: boolean;
  /** RFC 2308 negative TTL: min(SOA TTL, SOA MINIMUM), when the answer has an SOA. */
  readonly ttlSeconds: number | undefined;
}

/** What one answer means for one question. */
export type AnswerOutcome = RecordsOutcome | CnameOutcome | NegativeOutcome;

const MAX_CHAIN = 8;

function ttlOf(record: Answer): number {
  return 'ttl' in record && typeof record.ttl === 'number' ? record.ttl : 0;
}

function negativeTtl(response: DnsResponse): number | undefined {
  const soa = response.authorities.find((r): r is SoaAnswer => r.type === 'SOA');
  if (soa === undefined) return undefined;
  return Math.min(ttlOf(soa), soa.data.minimum ?? ttlOf(soa));
}

function followChain(question: DnsQuestion, answers: readonly Answer[]): { owner: string; ttlSeconds: number } {
  let owner = question.name;
  let ttlSeconds = Number.POSITIVE_INFINITY;
  for (let hop = 0; hop < MAX_CHAIN; hop += 1) {
    const cname = answers.find((r): r is StringAnswer => r.type === 'CNAME' && sameName(r.name, owner));
    if (cname === undefined) return { owner, ttlSeconds };
    ttlSeconds = Math.min(ttlSeconds, ttlOf(cname));
    owner = `${cname.data.replace(/\.$/, '')}.`;
  }
  throw new DiscoveryError(
    'cname-loop',
    `${question.name} ${question.type}: CNAME chain longer than ${MAX_CHAIN} in one answer`,
  );
}

function negative(response: DnsResponse, trust: NegativeTrust): NegativeOutcome {
  const hasSoa = response.authorities.some((r) => r.type === 'SOA');
  const trusted = response.authoritative || (trust === 'authoritative-or-soa' && hasSoa);
  const kind = response.rcode === 'NXDOMAIN' ? 'nxdomain' : 'nodata';
  return {
    kind: 'negative',
    negative: kind,
    authoritative: response.authoritative,
    trusted,
    ttlSeconds: negativeTtl(response),
  };
}

/**
 * Reads one NOERROR/NXDOMAIN answer to `question`:
 * - records of the asked type (class IN) owned by the name or the end of its CNAME chain → `records`;
 * - a CNAME chain ending at a name the answer does not resolve (NOERROR) → `cname` (ask the target);
 * - NXDOMAIN, or NOERROR with nothing for the name (NODATA) → `negative`, `trusted` when AA=1 or,
 *   under `authoritative-or-soa`, when the zone's SOA is in the authority section (RFC 2308);
 * - a non-authoritative NOERROR with no answer, NS records and no SOA is a referral: a failure
 *   (kind `referral`), because we only talk to recursive or authoritative servers, never follow one.
 * Records for other names or types are ignored. Throws {@link DiscoveryError} (`cname-loop`, `referral`).
 */
export function interpretResponse(question: DnsQuestion, response: DnsResponse, trust: NegativeTrust): AnswerOutcome {
  const chain = followChain(question, response.answers);
  const records = response.answers.filter(
    (r) => r.type === question.type && (r.class ?? 'IN') === 'IN' && sameName(r.name, chain.owner),
  );
  if (records.length > 0) {
    return {
      kind: 'records',
      owner: chain.owner,
      records,
      ttlSeconds: Math.min(chain.ttlSeconds, minOf(records.map(ttlOf))!),
    };
  }
  if (response.rcode === 'NOERROR' && chain.owner !== question.name)
    return { kind: 'cname', target: chain.owner, ttlSeconds: chain.ttlSeconds };
  const isReferral =
    response.rcode === 'NOERROR' &&
    !response.authoritative &&
    response.answers.length === 0 &&
    response.authorities.some((r) => r.type === 'NS') &&
    !response.authorities.some((r) => r.type === 'SOA');
  if (isReferral)
    throw new DiscoveryError(
      'referral',
      `${question.name} ${question.type}: the server sent a referral instead of an answer (is it a recursive resolver or authoritative for the zone?)`,
    );
  return negative(response, trust);
}
