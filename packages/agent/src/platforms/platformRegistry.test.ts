import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import {
  PLATFORM_API_VERSION,
  PLUGIN_API_VERSION,
  PlatformProvider,
  loadConfigOrThrow,
  loadRouterIdentity,
  systemClock,
  type AgentPlugin,
  type RouterIdentity,
} from '@meshrr/core';
import { eventually, MemoryLogger, MemoryMetrics } from '@meshrr/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAgent, registeredPlatforms, sourceSchemas } from '../container.js';
import { loadPlugins } from '../plugins/loadPlugins.js';
import { indexPlatforms, loadPlatform, platformSchemas, PlatformError } from './platformRegistry.js';

const context = { logger: new MemoryLogger(), clock: systemClock, metrics: new MemoryMetrics(), baseDir: '/' };
const schema = { safeParse: (input: unknown) => ({ success: true as const, data: input }) };
const renderer = (platform: string) => ({
  platform,
  renderChange: () => ({ platform, format: 'x', body: '', digest: '' }),
});

function provider(overrides: Partial<PlatformProvider> = {}): PlatformProvider {
  return {
    apiVersion: PLATFORM_API_VERSION,
    name: 'demo',
    summary: 'demo',
    optionsSchema: schema,
    load: async () => ({ renderer: renderer('demo'), transport: () => Promise.reject(new Error('no device')) }),
    ...overrides,
  };
}

function pluginWith(...providers: PlatformProvider[]): AgentPlugin {
  return {
    apiVersion: PLUGIN_API_VERSION,
    name: 'p',
    module: new ContainerModule(({ bind }) => {
      for (const p of providers) bind(PlatformProvider).toConstantValue(p);
    }),
  };
}

describe('platform registry', () => {
  it('registers junos and frr through the plugin contract, next to plugin platforms', () => {
    expect([...registeredPlatforms([]).keys()].sort()).toEqual(['frr', 'junos']);
    expect([...registeredPlatforms([pluginWith(provider())]).keys()].sort()).toEqual(['demo', 'frr', 'junos']);
  });

  it.each([
    [
      provider({ apiVersion: 2 as never }),
      'platform demo: implements platform contract version 2; this meshrr supports version 1',
    ],
    [provider({ name: 'Demo Platform' }), 'platform Demo Platform: `name` must be kebab-case'],
    [provider({ load: undefined as never }), 'platform demo: is not a PlatformProvider'],
  ])('refuses a malformed provider: %#', (bad, message) => {
    expect(() => indexPlatforms([bad])).toThrow(message);
  });

  it('refuses a second platform with a name already registered, built-in names included', () => {
    expect(() => registeredPlatforms([pluginWith(provider({ name: 'frr' }))])).toThrow(
      'platform frr: is registered twice (two plugins claim the same platform name)',
    );
  });

  it('wraps a failing load and refuses what is not a platform or renders for another one', async () => {
    const config = (name: string) => ({
      ...loadConfigOrThrow(undefined, { AUTONOMOUS_SYSTEM: '65000' }),
      platform: { name, options: {} },
    });
    const failing = indexPlatforms([provider({ load: () => Promise.reject(new Error('socket missing')) })]);
    const error = await loadPlatform(failing, config('demo'), context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as Error).message).toBe('platform demo: failed to load: socket missing');
    expect((error as Error).cause).toBeInstanceOf(Error);
    const other = indexPlatforms([
      provider({ load: async () => ({ renderer: renderer('frr'), transport: () => Promise.reject(new Error('x')) }) }),
    ]);
    await expect(loadPlatform(other, config('demo'), context)).rejects.toThrow(
      'platform demo: its renderer says it renders for platform "frr"',
    );
    await expect(loadPlatform(other, config('bird'), context)).rejects.toThrow(
      'platform bird: is not registered (known: demo)',
    );
  });
});

describe('a third-party platform plugin (plain ESM, peers only) drives the engine like junos and frr', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshrr-platform-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is selected by MESHRR_PLATFORM, validated, planned and applied with verification and confirm', async () => {
    const path = fileURLToPath(new URL('../plugins/__fixtures__/text-platform.mjs', import.meta.url));
    const { device } = (await import(path)) as { device: { commits: string[]; confirms: number } };
    const plugins = await loadPlugins([path]);
    const platforms = registeredPlatforms(plugins);
    await writeFile(join(dir, 'peers.txt'), '10.0.0.2\n10.0.0.3\n');
    const text = `asn: "65000"\nbgpgroups:\n- name: MESH\n  type: mesh\n  source: { sourcetype: static, file: ${join(dir, 'peers.txt')} }\ncommit: { verify_seconds: 0.05 }\n`;
    const env = { MESHRR_PLATFORM: 'text', MESHRR_TEXT_GREETING: 'hi' };
    expect(() =>
      loadConfigOrThrow(
        { text, origin: 'f.yml' },
        { ...env, MESHRR_TEXT_COLOUR: 'red' },
        {
          platformSchemas: platformSchemas(platforms),
        },
      ),
    ).toThrow('<environment>: MESHRR_TEXT_COLOUR: greeting is a string; nothing else');
    const config = loadConfigOrThrow({ text, origin: 'f.yml' }, env, {
      platformSchemas: platformSchemas(platforms),
      sourceSchemas: await sourceSchemas({}, plugins, new Set(['static'])),
    });
    expect(config.platform).toEqual({ name: 'text', options: { greeting: 'hi' } });
    const platform = await loadPlatform(platforms, config, context);
    const identity = (loadRouterIdentity({ POD_IP: '10.0.0.1' }) as { identity: RouterIdentity }).identity;
    const build = (mode: 'plan' | 'apply') =>
      buildAgent({
        config,
        identity,
        clock: systemClock,
        logger: new MemoryLogger(),
        metrics: new MemoryMetrics(),
        engine: { mode, sessionPollMs: 50 },
        platform,
        env: {},
        plugins,
      });
    const plan = await (await build('plan')).engine.plan(AbortSignal.timeout(30_000));
    expect(plan.rendered?.body).toBe('# hi 10.0.0.1\ngroup MESH\nneighbor MESH 10.0.0.2\nneighbor MESH 10.0.0.3\n');
    expect(device.commits).toEqual([]);
    const agent = await build('apply');
    const stop = new AbortController();
    const running = agent.engine.start(stop.signal);
    const sessions = () =>
      agent.status
        .current()
        .sessions.map((s) => `${s.peer}=${s.state}`)
        .join(' ');
    await eventually(
      () => (device.confirms >= 1 && sessions() === '10.0.0.2=Established 10.0.0.3=Established' ? true : undefined),
      { what: 'a confirmed commit and the sessions it configured, read back from the device' },
    );
    expect(device.commits).toEqual([plan.rendered?.body]);
    stop.abort();
    await running;
  });
});
