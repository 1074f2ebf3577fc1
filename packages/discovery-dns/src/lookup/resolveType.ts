import { DiscoveryError } from '@meshrr/core';
import type { DnsClient } from '../client/dnsClient.js';
import type { DnsQuestion } from '../wire/message.js';
import {
  interpretResponse,
  type NegativeOutcome,
  type NegativeTrust,
  type RecordsOutcome,
} from './interpretResponse.js';

/** The final outcome for one name and type after following CNAMEs across queries. */
export type TypeOutcome = RecordsOutcome | NegativeOutcome;

const MAX_QUERIES = 8;

/**
 * Resolves `question` (absolute name) to records or a negative answer, asking again for a CNAME
 * target the answer left unresolved (at most 8 queries). The TTL of the result includes the CNAMEs'
 * TTLs. Throws the client's {@link DiscoveryError} on failure, or kind `cname-loop`.
 */
export async function resolveType(
  client: DnsClient,
  question: DnsQuestion,
  trust: NegativeTrust,
  signal: AbortSignal,
): Promise<TypeOutcome> {
  let name = question.name;
  let chainTtl = Number.POSITIVE_INFINITY;
  for (let queries = 0; queries < MAX_QUERIES; queries += 1) {
    const asked: DnsQuestion = { name, type: question.type };
    const outcome = interpretResponse(asked, await client.query(asked, signal), trust);
    if (outcome.kind === 'cname') {
      chainTtl = Math.min(chainTtl, outcome.ttlSeconds);
      name = outcome.target;
      continue;
    }
    if (outcome.kind === 'records') return { ...outcome, ttlSeconds: Math.min(chainTtl, outcome.ttlSeconds) };
    const ttlSeconds = outcome.ttlSeconds === undefined ? undefined : Math.min(chainTtl, outcome.ttlSeconds);
    return { ...outcome, ttlSeconds };
  }
  throw new DiscoveryError('cname-loop', `${question.name} ${question.type}: more than ${MAX_QUERIES} CNAME hops`);
}
