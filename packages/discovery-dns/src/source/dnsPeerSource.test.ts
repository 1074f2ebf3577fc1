import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiscoveryContext } from '@meshrr/core';
import { FakeClock, HANG_GUARD_MS } from '@meshrr/core/testing';
import type { Answer, DecodedPacket } from 'dns-packet';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DnsDiscoveryProvider } from '../dnsDiscoveryProvider.js';
import { MemoryMetrics } from '@meshrr/core/testing';
import { recordingLogger, recordingSink } from '../testing-support/recorders.js';
import { address, RCODE, reply, Responder, soa, type HandlerResult } from '../testing-support/responder.js';

const SVC = 'meshrr.core.svc.cluster.local';

interface World {
  records: Answer[];
  mode: 'answer' | 'servfail' | 'nxdomain';
}

function handler(world: World) {
  return (q: DecodedPacket): HandlerResult => {
    const question = q.questions?.[0];
    if (world.mode === 'servfail') return reply(q, { rcode: RCODE.SERVFAIL });
    if (world.mode === 'nxdomain' || question?.name !== SVC)
      return reply(q, { aa: true, rcode: RCODE.NXDOMAIN, authorities: [soa('cluster.local', 5, 5)] });
    return reply(q, {
      aa: true,
      answers: world.records.filter((r) => r.type === question.type),
      authorities: [soa('cluster.local', 5, 5)],
    });
  };
}

let dir: string;
let responder: Responder;
let world: World;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshrr-dns-src-'));
  world = {
    records: [address(SVC, '10.0.0.1', 3), address(SVC, '10.0.0.2', 3), address(SVC, 'fd00::1', 3)],
    mode: 'answer',
  };
  responder = await new Responder(handler(world)).start();
  writeFileSync(
    join(dir, 'resolv.conf'),
    `nameserver 127.0.0.1\nsearch default.svc.cluster.local core.svc.cluster.local\noptions ndots:5 timeout:1 attempts:1\n`,
  );
});

afterEach(async () => {
  await responder.stop();
  rmSync(dir, { recursive: true, force: true });
});

function start(options: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const metrics = new MemoryMetrics();
  const logger = recordingLogger();
  const context: DiscoveryContext = { group: 'MESH', logger, clock, metrics, baseDir: dir, maxRefreshMs: 30_000 };
  const provider = new DnsDiscoveryProvider({ resolvConfPath: '/nonexistent/resolv.conf' });
  const parsed = provider.optionsSchema.safeParse({
    hostname: 'meshrr',
    resolv_conf: 'resolv.conf',
    nameservers: [responder.nameserver],
    ...options,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  const sink = recordingSink();
  const controller = new AbortController();
  const done = provider.create(parsed.data, context).run(controller.signal, sink);
  const settled = async (count: number): Promise<void> => {
    await vi.waitFor(() => expect(sink.events.length).toBeGreaterThanOrEqual(count), {
      timeout: HANG_GUARD_MS,
      interval: 5,
    });
  };
  return { clock, metrics, logger, sink, controller, done, settled };
}

describe('DnsPeerSource', () => {
  it('emits the first set, refreshes after the TTL, emits only on change, keeps the last set on failure', async () => {
    const s = start();
    await s.settled(1);
    expect(s.sink.events).toEqual(['emit 10.0.0.1,10.0.0.2,fd00::1']);
    const queriesAfterFirst = responder.queries.length;
    await s.clock.advance(2_999);
    expect(responder.queries.length).toBe(queriesAfterFirst);
    await s.clock.advance(1);
    await s.settled(2);
    expect(s.sink.events[1]).toBe('success');

    world.records = [address(SVC, '10.0.0.1', 5), address(SVC, '10.0.0.3', 5)];
    await s.clock.advance(3_000);
    await s.settled(3);
    expect(s.sink.events[2]).toBe('emit 10.0.0.1,10.0.0.3');

    world.mode = 'servfail';
    await s.clock.advance(5_000);
    await s.settled(4);
    await s.clock.advance(500);
    await s.settled(5);
    expect(s.sink.events.slice(3)).toEqual(['failure servfail', 'failure servfail']);
    expect(s.logger.lines.filter((l) => l.level === 'warn').map((l) => l.fields['kind'])).toEqual(['servfail']);

    world.mode = 'nxdomain';
    await s.clock.advance(1_000);
    await s.settled(6);
    expect(s.sink.events[5]).toBe('emit ');
    // every lookup, failed or not, is timed (by the fake clock: the responder answers at once)
    expect(
      s.metrics.observations('meshrr_discovery_lookup_duration_seconds', { group: 'MESH', sourcetype: 'dns' }),
    ).toEqual([0, 0, 0, 0, 0, 0]);
    expect(s.logger.lines.some((l) => l.message === 'DNS lookups recovered' && l.fields['failures'] === 2)).toBe(true);
    s.controller.abort();
    await s.done;
  });

  it('clamps the refresh period: TTL 0 → min_refresh_seconds, large TTL → max_refresh_seconds', async () => {
    world.records = [address(SVC, '10.0.0.1', 0)];
    const s = start({ min_refresh_seconds: 2, max_refresh_seconds: 10, address_families: ['ipv4'] });
    await s.settled(1);
    const before = responder.queries.length;
    await s.clock.advance(1_999);
    expect(responder.queries.length).toBe(before);
    await s.clock.advance(1);
    await s.settled(2);
    world.records = [address(SVC, '10.0.0.1', 3600)];
    await s.clock.advance(2_000);
    await s.settled(3);
    const mid = responder.queries.length;
    await s.clock.advance(9_999);
    expect(responder.queries.length).toBe(mid);
    await s.clock.advance(1);
    await s.settled(4);
    expect(responder.queries.every((q) => q.type === 'A')).toBe(true);
    s.controller.abort();
    await s.done;
  });

  it('an answer that turns all-invalid is a failure: the last good set stays, no empty set is emitted (issue 11 item 5)', async () => {
    world.records = [address(SVC, '10.0.0.1', 1)];
    const s = start();
    await s.settled(1);
    world.records = [address(SVC, '240.0.0.1', 1), address(SVC, '239.1.1.1', 1)];
    await s.clock.advance(1_000);
    await s.settled(2);
    expect(s.sink.events).toEqual(['emit 10.0.0.1', 'failure invalid-peer']);
    s.controller.abort();
    await s.done;
  });

  it.each(['/dev/zero', '/dev/urandom'])(
    'resolv_conf: %s fails at once naming the file (issue 11 item 8)',
    async (device) => {
      const s = start({ nameservers: undefined, resolv_conf: device });
      await s.settled(1);
      expect(s.sink.events).toEqual(['failure resolv-conf']);
      const logged = s.logger.lines.find((l) => l.message?.startsWith('DNS lookup failed'))?.fields['err'];
      expect(logged).toBeInstanceOf(Error);
      expect((logged as Error).message).toBe(`resolv.conf ${device} is a character device, not a regular file`);
      s.controller.abort();
      await s.done;
    },
  );

  it('an unreadable resolv.conf without nameservers is a failure of kind resolv-conf', async () => {
    const s = start({ nameservers: undefined, resolv_conf: 'missing.conf' });
    await s.settled(1);
    expect(s.sink.events).toEqual(['failure resolv-conf']);
    s.controller.abort();
    await s.done;
  });
});
