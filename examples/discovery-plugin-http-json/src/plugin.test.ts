import { Container } from 'inversify';
import {
  Clock,
  DiscoveryProvider,
  Logger,
  MeshrrConfig,
  Metrics,
  PLUGIN_API_VERSION,
  DiscoveryManager,
  StatusStore,
} from '@meshrr/core';
import { FakeClock, MemoryLogger, MemoryMetrics, meshGroup, testConfig } from '@meshrr/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plugin } from './index.js';
import { startSdServer, waitFor, type SdServer } from './testing-support/sdServer.js';

let server: SdServer;
beforeEach(async () => {
  server = await startSdServer();
});
afterEach(async () => {
  await server.close();
});

/** A container wired like the agent's for discovery: the plugin's module plus core's DiscoveryManager. */
function engine(url: string) {
  const container = new Container();
  const clock = new FakeClock();
  const config = testConfig({
    groups: [meshGroup('UPSTREAM', { source: { sourcetype: 'http-json', options: { url, refresh_seconds: 10 } } })],
    quiescence: { minMs: 500, maxMs: 5_000 },
  });
  container.bind(MeshrrConfig).toConstantValue(config);
  container.bind(Clock).toConstantValue(clock);
  container.bind(Logger).toConstantValue(new MemoryLogger());
  container.bind(Metrics).toConstantValue(new MemoryMetrics());
  container.bind(StatusStore).toSelf().inSingletonScope();
  container.bind(DiscoveryManager).toSelf().inSingletonScope();
  container.load(plugin.module);
  return { container, clock, manager: container.get(DiscoveryManager) };
}

describe('plugin', () => {
  it('has the shape the agent loads: API version 1, a kebab-case name, a module binding kind http-json', () => {
    expect(plugin.apiVersion).toBe(PLUGIN_API_VERSION);
    expect(plugin.name).toBe('discovery-http-json');
    const container = new Container();
    container.load(plugin.module);
    expect(container.getAll(DiscoveryProvider).map((p) => p.kind)).toEqual(['http-json']);
  });

  it('feeds a mesh group through the real DiscoveryManager: last good set, health, quiescence', async () => {
    server.answer = { body: JSON.stringify([{ targets: ['10.0.0.12', '10.0.0.11:179'], labels: { zone: 'b' } }]) };
    const { clock, manager } = engine(server.url);
    let notified = 0;
    manager.subscribe(() => (notified += 1));
    const stop = new AbortController();
    const running = manager.start(stop.signal);
    await waitFor(() => manager.health()[0]?.synced === true, 'first sync');
    expect(manager.snapshot().get('UPSTREAM')).toEqual([
      { address: '10.0.0.11', port: 179, labels: { zone: 'b' } },
      { address: '10.0.0.12', labels: { zone: 'b' } },
    ]);
    await clock.advance(500);
    expect(notified).toBe(1);

    server.answer = { status: 503, body: 'maintenance' };
    await clock.advance(10_000);
    await waitFor(() => manager.health()[0]?.healthy === false, 'failure');
    expect(manager.health()[0]).toMatchObject({
      group: 'UPSTREAM',
      sourcetype: 'http-json',
      synced: true,
      consecutiveFailures: 1,
    });
    expect(manager.health()[0]?.lastError).toContain('HTTP 503');
    expect(
      manager
        .snapshot()
        .get('UPSTREAM')
        ?.map((p) => p.address),
    ).toEqual(['10.0.0.11', '10.0.0.12']);

    server.answer = { body: '[]' };
    await clock.advance(10_000);
    await waitFor(() => manager.snapshot().get('UPSTREAM')?.length === 0, 'authoritative empty set');
    await clock.advance(500);
    expect(notified).toBe(2);
    stop.abort();
    await running;
  });
});
