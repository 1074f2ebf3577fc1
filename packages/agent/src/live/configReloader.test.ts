import { Secret, type MeshrrConfig } from '@meshrr/core';
import { MemoryLogger, MemoryMetrics, testConfig } from '@meshrr/core/testing';
import { describe, expect, it } from 'vitest';
import { ConfigReloader, configFingerprint } from './configReloader.js';

function withKey(config: MeshrrConfig, key: string): MeshrrConfig {
  const [first, ...rest] = config.groups;
  return {
    ...config,
    groups: [
      { ...first!, bgp: { authentication: { method: 'md5', keyFile: '/k', key: new Secret(key, '/k') } } },
      ...rest,
    ],
  };
}

describe('ConfigReloader', () => {
  it('refuses an invalid configuration and keeps the running one; applies a valid different one; ignores an identical one', async () => {
    const running = testConfig();
    const applied: MeshrrConfig[] = [];
    let next: () => MeshrrConfig = () => {
      throw new Error('meshrr.conf.yml:3:1: bgpgroups[0].type: must be mesh or subtractive');
    };
    const metrics = new MemoryMetrics();
    const logger = new MemoryLogger();
    const reloader = new ConfigReloader(running, {
      load: () => Promise.resolve({ config: next() }),
      apply: (candidate) => {
        applied.push(candidate.config);
        return Promise.resolve();
      },
      logger,
      metrics,
    });

    expect(await reloader.reload('file-change', ['/etc/meshrr/meshrr.conf.yml'])).toBe('refused');
    expect(applied).toEqual([]);
    expect(reloader.problem).toContain('bgpgroups[0].type: must be mesh or subtractive');
    expect(reloader.problem).toContain('the running configuration is kept');
    expect(metrics.value('meshrr_config_reloads_total', { trigger: 'file-change', result: 'refused' })).toBe(1);
    expect(metrics.value('meshrr_config_last_reload_successful')).toBe(0);
    expect(logger.messages('error').join('\n')).toContain('configuration reload refused');

    next = () => testConfig();
    expect(await reloader.reload('sighup')).toBe('unchanged');
    expect(applied).toEqual([]);
    expect(reloader.problem).toBeUndefined();
    expect(metrics.value('meshrr_config_last_reload_successful')).toBe(1);

    const changed = { ...testConfig(), updateSeconds: running.updateSeconds + 1 };
    next = () => changed;
    expect(await reloader.reload('sighup')).toBe('applied');
    expect(applied).toEqual([changed]);
    expect(await reloader.reload('sighup')).toBe('unchanged');
    expect(metrics.value('meshrr_config_reloads_total', { trigger: 'sighup', result: 'applied' })).toBe(1);
    expect(metrics.value('meshrr_config_reloads_total', { trigger: 'sighup', result: 'unchanged' })).toBe(2);
  });

  it('keeps the running configuration when applying fails, and reloads one at a time', async () => {
    let applying = 0;
    let most = 0;
    let fail = true;
    const reloader = new ConfigReloader(testConfig(), {
      load: () => Promise.resolve({ config: { ...testConfig(), updateSeconds: 99 } }),
      apply: async () => {
        applying += 1;
        most = Math.max(most, applying);
        await new Promise((resolve) => setImmediate(resolve));
        applying -= 1;
        if (fail) throw new Error('platform frr: templates: no such directory');
      },
      logger: new MemoryLogger(),
      metrics: new MemoryMetrics(),
    });
    expect(await reloader.reload('sighup')).toBe('refused');
    expect(reloader.problem).toContain('(not applied)');
    fail = false;
    const results = await Promise.all([reloader.reload('sighup'), reloader.reload('file-change')]);
    expect(results).toEqual(['applied', 'unchanged']);
    expect(most).toBe(1);
  });

  it('fingerprints a changed session key as a change without keeping the key', () => {
    const a = configFingerprint(withKey(testConfig(), 'key-one'));
    const b = configFingerprint(withKey(testConfig(), 'key-two'));
    expect(a).not.toBe(b);
    expect(configFingerprint(withKey(testConfig(), 'key-one'))).toBe(a);
    expect(a).not.toContain('key-one');
  });
});
