import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { reply } from '../testing-support/responder.js';
import { buildQuery, checkReply } from './message.js';

const question = { name: 'svc.ns.svc.cluster.local.', type: 'AAAA' as const };

describe('buildQuery', () => {
  it('asks one recursive question, class IN, with EDNS0 when asked, and random IDs', () => {
    const query = buildQuery(question, 1232);
    const decoded = dnsPacket.decode(query.bytes);
    expect([decoded.id, decoded.flag_rd, decoded.questions]).toEqual([
      query.id,
      true,
      [{ name: 'svc.ns.svc.cluster.local', type: 'AAAA', class: 'IN' }],
    ]);
    expect(decoded.additionals).toEqual([expect.objectContaining({ type: 'OPT', udpPayloadSize: 1232 })]);
    expect(dnsPacket.decode(buildQuery(question, 0).bytes).additionals).toEqual([]);
    const ids = new Set(Array.from({ length: 50 }, () => buildQuery(question, 0).id));
    expect(ids.size).toBeGreaterThan(45);
  });
});

describe('checkReply', () => {
  const query = buildQuery(question, 0);
  const decodedQuery = dnsPacket.decode(query.bytes);
  const bytes = (spec: Parameters<typeof reply>[1]) => dnsPacket.encode(reply(decodedQuery, spec));

  it('accepts the matching reply, question name compared case-insensitively', () => {
    const result = checkReply(query, bytes({ aa: true, questionName: 'SVC.NS.svc.cluster.local' }));
    expect(result).toMatchObject({ ok: true, response: { rcode: 'NOERROR', authoritative: true, truncated: false } });
  });

  it('tells the rejections apart', () => {
    expect(checkReply(query, bytes({ id: (query.id + 1) % 65536 }))).toEqual({ ok: false, reason: 'id-mismatch' });
    expect(checkReply(query, bytes({ questionName: 'other.example' }))).toEqual({
      ok: false,
      reason: 'question-mismatch',
    });
    expect(
      checkReply(
        query,
        dnsPacket.encode({ ...reply(decodedQuery), questions: [{ name: 'svc.ns.svc.cluster.local', type: 'A' }] }),
      ),
    ).toEqual({ ok: false, reason: 'question-mismatch' });
    expect(checkReply(query, query.bytes)).toEqual({ ok: false, reason: 'not-a-response' });
    expect(checkReply(query, Buffer.from([1, 2, 3]))).toEqual({ ok: false, reason: 'malformed' });
    const junk = Buffer.alloc(40, 0xff);
    junk.writeUInt16BE((query.id + 1) % 65536, 0);
    expect(checkReply(query, junk)).toEqual({ ok: false, reason: 'malformed' });
  });
});
