import { describe, expect, it } from 'vitest';
import type { MeshrrConfig } from '../api/config.js';
import type { DiscoveryProvider } from '../api/discovery.js';
import { DiscoveryError } from '../api/errors.js';
import { FakeClock } from '../testing/fakeClock.js';
import { MemoryDiscoveryProvider } from '../testing/memoryDiscovery.js';
import { MemoryLogger } from '../testing/memoryLogger.js';
import { MemoryMetrics } from '../testing/memoryMetrics.js';
import { meshGroup, subtractiveGroup, testConfig } from '../testing/testConfig.js';
import { DiscoveryManager } from './discoveryManager.js';
import { StatusStore } from './statusStore.js';

function setup(config: MeshrrConfig = testConfig(), providers?: DiscoveryProvider[]) {
  const clock = new FakeClock();
  const memory = new MemoryDiscoveryProvider();
  const status = new StatusStore();
  const metrics = new MemoryMetrics();
  const logger = new MemoryLogger();
  const manager = new DiscoveryManager(config, providers ?? [memory], clock, logger, metrics, status);
  let notifications = 0;
  manager.subscribe(() => (notifications += 1));
  const ac = new AbortController();
  const run = () => manager.start(ac.signal);
  return { clock, memory, status, metrics, logger, manager, ac, run, notified: () => notifications };
}

const addresses = (m: DiscoveryManager, group = 'mesh') =>
  m
    .snapshot()
    .get(group)
    ?.map((p) => p.address);

describe('DiscoveryManager', () => {
  it('coalesces a burst within min quiescence', async () => {
    const h = setup(testConfig({ quiescence: { minMs: 500, maxMs: 5_000 } }));
    const running = h.run();
    await h.clock.settle();
    const g = h.memory.group('mesh');
    g.setPeers(['10.0.0.9']); // the first complete set is announced at once (see below)
    await h.clock.settle();
    expect(h.notified()).toBe(1);
    g.setPeers(['10.0.0.1']);
    await h.clock.advance(100);
    g.setPeers(['10.0.0.1', '10.0.0.2']);
    await h.clock.advance(100);
    g.setPeers(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    await h.clock.advance(499);
    expect(h.notified()).toBe(1);
    await h.clock.advance(1);
    expect(h.notified()).toBe(2);
    expect(addresses(h.manager)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    await h.clock.advance(10_000);
    expect(h.notified()).toBe(2);
    h.ac.abort();
    await running;
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('announces at once when the last source delivers its first complete set (no quiescence at start)', async () => {
    const config = testConfig({
      quiescence: { minMs: 500, maxMs: 5_000 },
      groups: [meshGroup('mesh'), meshGroup('upstream')],
    });
    const h = setup(config);
    const running = h.run();
    await h.clock.settle();
    h.memory.group('mesh').setPeers(['10.0.0.1']);
    await h.clock.settle();
    expect(h.notified()).toBe(0); // one group still unsynced: nothing to announce yet
    h.memory.group('upstream').setPeers(['10.9.0.1']);
    await h.clock.settle();
    expect(h.notified()).toBe(1);
    await h.clock.advance(10_000);
    expect(h.notified()).toBe(1); // the pending quiescence was cancelled, not fired again
    h.ac.abort();
    await running;
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('announces a change that only adds peers at once, and debounces the rest of its burst', async () => {
    const h = setup(testConfig({ quiescence: { minMs: 500, maxMs: 5_000 } }));
    const running = h.run();
    await h.clock.settle();
    const g = h.memory.group('mesh');
    g.setPeers(['10.0.0.1']);
    await h.clock.advance(10_000);
    expect(h.notified()).toBe(1);
    g.setPeers(['10.0.0.1', '10.0.0.2']); // an addition after a calm period: at once
    await h.clock.settle();
    expect(h.notified()).toBe(2);
    g.setPeers(['10.0.0.1', '10.0.0.2', '10.0.0.3']); // the same burst: debounced
    await h.clock.advance(100);
    g.setPeers(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
    await h.clock.advance(499);
    expect(h.notified()).toBe(2);
    await h.clock.advance(1);
    expect(h.notified()).toBe(3);
    await h.clock.advance(10_000);
    g.setPeers(['10.0.0.1', '10.0.0.2', '10.0.0.3']); // a removal is always debounced
    await h.clock.advance(499);
    expect(h.notified()).toBe(3);
    await h.clock.advance(1);
    expect(h.notified()).toBe(4);
    await h.clock.advance(10_000);
    g.setPeers(['10.0.0.1', '10.0.0.2', '10.0.0.5']); // removal + addition: debounced
    await h.clock.advance(499);
    expect(h.notified()).toBe(4);
    await h.clock.advance(1);
    expect(h.notified()).toBe(5);
    h.ac.abort();
    await running;
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('notifies after max quiescence under a steady drip', async () => {
    const h = setup(testConfig({ quiescence: { minMs: 500, maxMs: 2_000 } }));
    const running = h.run();
    await h.clock.settle();
    const g = h.memory.group('mesh');
    g.setPeers(['10.0.0.99']);
    await h.clock.settle();
    const fired: number[] = [];
    const t0 = h.clock.now();
    h.manager.subscribe(() => fired.push(h.clock.now() - t0));
    for (let i = 1; i <= 12; i += 1) {
      g.setPeers(Array.from({ length: i }, (_, k) => `10.0.0.${k + 1}`));
      await h.clock.advance(300);
    }
    expect(fired).toEqual([2_000]);
    await h.clock.advance(1_000);
    expect(fired).toEqual([2_000, 3_800]);
    h.ac.abort();
    await running;
  });

  it('an identical set is not a change; a failed lookup keeps the last good set', async () => {
    const h = setup();
    const running = h.run();
    await h.clock.settle();
    const g = h.memory.group('mesh');
    g.setPeers(['10.0.0.1', '10.0.0.2']);
    await h.clock.advance(1_000);
    expect(h.notified()).toBe(1);
    g.setPeers(['10.0.0.2', '10.0.0.1']);
    const lastSuccess = h.clock.now() / 1000;
    g.fail(new Error('SERVFAIL'));
    await h.clock.advance(10_000);
    expect(h.notified()).toBe(1);
    expect(addresses(h.manager)).toEqual(['10.0.0.1', '10.0.0.2']);
    const [health] = h.manager.health();
    expect(health).toMatchObject({
      group: 'mesh',
      sourcetype: 'memory',
      healthy: false,
      synced: true,
      consecutiveFailures: 1,
      lastError: 'SERVFAIL',
    });
    expect(h.status.current().sources[0]?.lastError).toBe('SERVFAIL');
    expect(
      h.metrics.value('meshrr_discovery_lookups_total', { group: 'mesh', sourcetype: 'memory', result: 'failure' }),
    ).toBe(1);
    expect(
      h.metrics.value('meshrr_discovery_failures_total', { group: 'mesh', sourcetype: 'memory', kind: 'error' }),
    ).toBe(1);
    expect(h.metrics.value('meshrr_discovery_healthy', { group: 'mesh' })).toBe(0);
    expect(h.metrics.value('meshrr_discovery_last_success_timestamp_seconds', { group: 'mesh' })).toBe(lastSuccess);
    g.fail(new DiscoveryError('servfail', 'SERVFAIL again'));
    await h.clock.advance(1_000);
    expect(
      h.metrics.value('meshrr_discovery_failures_total', { group: 'mesh', sourcetype: 'memory', kind: 'servfail' }),
    ).toBe(1);
    const recoveredAt = h.clock.now() / 1000;
    g.setPeers(['10.0.0.1', '10.0.0.2']);
    await h.clock.advance(1_000);
    expect(h.metrics.value('meshrr_discovery_healthy', { group: 'mesh' })).toBe(1);
    expect(h.metrics.value('meshrr_discovery_last_success_timestamp_seconds', { group: 'mesh' })).toBe(recoveredAt);
    h.ac.abort();
    await running;
  });

  it('only synced groups are in the snapshot; an invalid address refuses the whole set', async () => {
    const h = setup(
      testConfig({ groups: [meshGroup('a'), meshGroup('b'), subtractiveGroup('clients', ['10.0.0.0/8'])] }),
    );
    const running = h.run();
    await h.clock.settle();
    h.memory.group('a').setPeers(['10.0.0.1']);
    h.memory.group('b').fail(new Error('timeout'));
    await h.clock.settle();
    expect([...h.manager.snapshot().keys()]).toEqual(['a']);
    h.memory.group('a').setPeers(['10.0.0.1', '10.0.0.2; delete protocols']);
    h.memory.group('a').setPeers(['10.0.0.1', '224.0.0.5']);
    await h.clock.settle();
    expect(addresses(h.manager, 'a')).toEqual(['10.0.0.1']);
    expect(h.manager.health()[0]?.lastError).toBe(
      'source emitted: 1 record rejected, set refused: 224.0.0.5 is a multicast address, which cannot be a BGP peer',
    );
    h.ac.abort();
    await running;
  });

  it('refuses a set with any address outside the policy, keeps the last good set, reports every rejection (issue 11 items 5, 6)', async () => {
    const h = setup();
    const running = h.run();
    await h.clock.settle();
    const g = h.memory.group('mesh');
    g.setPeers(['10.0.0.1', '10.0.0.2']);
    await h.clock.settle();
    g.setPeers(['10.0.0.1', '240.0.0.1', '::ffff:10.0.0.5']); // a plugin or source emitting reserved / mapped
    await h.clock.settle();
    expect(addresses(h.manager)).toEqual(['10.0.0.1', '10.0.0.2']);
    g.setPeers(['240.0.0.7']); // every record invalid: never "no peers"
    await h.clock.settle();
    expect(addresses(h.manager)).toEqual(['10.0.0.1', '10.0.0.2']);
    const [health] = h.manager.health();
    expect(health).toMatchObject({ healthy: false, consecutiveFailures: 2 });
    expect(health?.lastError).toContain('240.0.0.7 is a reserved address');
    const rejected = (reason: string) =>
      h.metrics.value('meshrr_discovery_rejected_records_total', { group: 'mesh', sourcetype: 'memory', reason });
    expect([rejected('reserved'), rejected('ipv4-mapped')]).toEqual([2, 1]);
    expect(h.logger.lines.filter((l) => l.message.includes('rejected')).map((l) => l.fields['record'])).toEqual([
      '240.0.0.1',
      '::ffff:10.0.0.5',
      '240.0.0.7',
    ]);
    h.ac.abort();
    await running;
  });

  it('restarts a crashed source with backoff and keeps its set meanwhile', async () => {
    const h = setup();
    const running = h.run();
    await h.clock.settle();
    const g = h.memory.group('mesh');
    g.setPeers(['10.0.0.1']);
    await h.clock.settle();
    g.crash(new Error('boom'));
    await h.clock.settle();
    expect(g.running).toBe(0);
    expect(addresses(h.manager)).toEqual(['10.0.0.1']);
    expect(h.manager.health()[0]).toMatchObject({ healthy: false, lastError: 'boom' });
    await h.clock.advance(1_000);
    expect(g.running).toBe(1);
    expect(g.starts).toBe(2);
    expect(h.metrics.value('meshrr_discovery_source_restarts_total', { group: 'mesh' })).toBe(1);
    h.ac.abort();
    await running;
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('refuses an unknown sourcetype listing the known ones, and a duplicate kind', async () => {
    const h = setup(testConfig({ groups: [meshGroup('m', { source: { sourcetype: 'dns', options: {} } })] }));
    await expect(h.run()).rejects.toThrow(
      '/etc/meshrr/meshrr.conf.yml: bgpgroups "m": source.sourcetype "dns" is not a known discovery source type; known: memory',
    );
    const d = setup(testConfig(), [new MemoryDiscoveryProvider(), new MemoryDiscoveryProvider()]);
    expect(() => d.manager.validate()).toThrow('two discovery providers registered the sourcetype "memory"');
  });

  it('refuses invalid options naming the group and the path', () => {
    const h = setup(
      testConfig({ groups: [meshGroup('m', { source: { sourcetype: 'memory', options: { hostname: 'x' } } })] }),
    );
    expect(() => h.manager.validate()).toThrow(
      'bgpgroups "m" (sourcetype memory): source.hostname: unknown key (the memory source takes no options)',
    );
  });

  it('gives sources a scoped context', async () => {
    const h = setup(testConfig({ updateSeconds: 7 }));
    const running = h.run();
    await h.clock.settle();
    const ctx = h.memory.contexts[0]!;
    expect({ group: ctx.group, baseDir: ctx.baseDir, maxRefreshMs: ctx.maxRefreshMs }).toEqual({
      group: 'mesh',
      baseDir: '/etc/meshrr',
      maxRefreshMs: 7_000,
    });
    ctx.logger.info('hello');
    expect(h.logger.lines.at(-1)?.fields).toMatchObject({ group: 'mesh', sourcetype: 'memory' });
    h.ac.abort();
    await running;
  });

  it('discoverOnce waits for every source to report once, or the timeout', async () => {
    const h = setup(testConfig({ groups: [meshGroup('a'), meshGroup('b')] }));
    h.memory.group('a').setPeers(['10.0.0.1']);
    const once = h.manager.discoverOnce(new AbortController().signal, 3_000);
    await h.clock.advance(1_000);
    let done = false;
    void once.then(() => (done = true));
    await h.clock.settle();
    expect(done).toBe(false);
    await h.clock.advance(2_000);
    const health = await once;
    expect(health.map((s) => [s.group, s.synced])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(h.memory.group('a').running).toBe(0);
    expect(h.notified()).toBe(0);
    expect(h.clock.pendingTimers).toBe(0);
    h.memory.group('b').setPeers(['10.0.0.9']);
    const second = h.manager.discoverOnce(new AbortController().signal, 3_000);
    await h.clock.settle();
    expect((await second).map((s) => s.synced)).toEqual([true, true]);
  });
});
