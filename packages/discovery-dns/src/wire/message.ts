import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket } from 'dns-packet';

/** The record types this source asks for. */
export type QueryType = 'A' | 'AAAA' | 'SRV';

/** One question on the wire: an absolute name (trailing dot) and a type, class IN. */
export interface DnsQuestion {
  readonly name: string;
  readonly type: QueryType;
}

/** A query ready to send: its random ID, its question and its bytes (without TCP length prefix). */
export interface DnsQuery {
  readonly id: number;
  readonly question: DnsQuestion;
  readonly bytes: Buffer;
}

/** The response codes this package tells apart (RFC 1035/6895 names, as dns-packet decodes them). */
export type ResponseCode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED' | string;

/** A decoded response that matched its query. */
export interface DnsResponse {
  readonly rcode: ResponseCode;
  readonly authoritative: boolean;
  readonly truncated: boolean;
  readonly recursionAvailable: boolean;
  readonly answers: readonly Answer[];
  readonly authorities: readonly Answer[];
  readonly additionals: readonly Answer[];
}

/** Why bytes received were not an acceptable reply to a query. */
export type ReplyRejection = 'malformed' | 'id-mismatch' | 'question-mismatch' | 'not-a-response';

/**
 * Builds a recursive (RD=1) query with a random 16-bit ID (crypto RNG) and, when `ednsUdpSize` > 0,
 * an EDNS0 OPT record advertising that UDP payload size.
 */
export function buildQuery(question: DnsQuestion, ednsUdpSize: number): DnsQuery {
  const id = randomInt(0, 0x10000);
  const additionals: Answer[] =
    ednsUdpSize > 0
      ? [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: ednsUdpSize,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: 0,
            flag_do: false,
            options: [],
          },
        ]
      : [];
  const bytes = dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name: question.name.replace(/\.$/, ''), type: question.type, class: 'IN' }],
    additionals,
  });
  return { id, question, bytes };
}

/** Compares DNS names case-insensitively, ignoring one trailing dot. */
export function sameName(a: string, b: string): boolean {
  return a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();
}

function decode(bytes: Buffer): (DecodedPacket & { rcode?: unknown }) | undefined {
  try {
    return dnsPacket.decode(bytes) as DecodedPacket & { rcode?: unknown };
  } catch {
    return undefined;
  }
}

/**
 * A reply cut so short that it does not decode is still usable when its header says "truncated":
 * same ID, QR=1, TC=1. The caller then retries over TCP, where the question is checked again.
 */
function truncatedHeader(query: DnsQuery, bytes: Buffer): { ok: true; response: DnsResponse } | undefined {
  if (bytes.length < 12 || bytes.readUInt16BE(0) !== query.id) return undefined;
  const flags = bytes.readUInt16BE(2);
  const isTruncatedResponse = (flags & 0x8000) !== 0 && (flags & dnsPacket.TRUNCATED_RESPONSE) !== 0;
  if (!isTruncatedResponse) return undefined;
  const empty = { answers: [], authorities: [], additionals: [] };
  return {
    ok: true,
    response: { rcode: 'NOERROR', authoritative: false, truncated: true, recursionAvailable: false, ...empty },
  };
}

/**
 * Checks that `bytes` answer `query`: they decode, are a response (QR=1), carry the query's ID and
 * echo exactly its question (name case-insensitively, type, class IN). Returns the response or the
 * reason it was rejected. Pure; never throws.
 */
export function checkReply(
  query: DnsQuery,
  bytes: Buffer,
): { ok: true; response: DnsResponse } | { ok: false; reason: ReplyRejection } {
  const packet = decode(bytes);
  if (packet === undefined || typeof packet.rcode !== 'string')
    return truncatedHeader(query, bytes) ?? { ok: false, reason: 'malformed' };
  if (!packet.flag_qr) return { ok: false, reason: 'not-a-response' };
  if (packet.id !== query.id) return { ok: false, reason: 'id-mismatch' };
  const questions = packet.questions ?? [];
  const [q] = questions;
  if (
    questions.length !== 1 ||
    q === undefined ||
    !sameName(q.name, query.question.name) ||
    q.type !== query.question.type ||
    (q.class ?? 'IN') !== 'IN'
  ) {
    return { ok: false, reason: 'question-mismatch' };
  }
  return {
    ok: true,
    response: {
      rcode: packet.rcode,
      authoritative: packet.flag_aa,
      truncated: packet.flag_tc,
      recursionAvailable: packet.flag_ra,
      answers: packet.answers ?? [],
      authorities: packet.authorities ?? [],
      additionals: packet.additionals ?? [],
    },
  };
}
