import { Container } from 'inversify';
import {
  loadConfig,
  PLATFORM_API_VERSION,
  PLUGIN_API_VERSION,
  PlatformProvider,
  formatConfigIssue,
} from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { plugin } from './index.js';

const BASE = 'asn: "65000"\nbgpgroups:\n- {name: M, type: mesh, source: {sourcetype: static, addresses: [10.0.0.2]}}\n';

function schemas() {
  const container = new Container();
  container.load(plugin.module);
  return new Map(container.getAll(PlatformProvider).map((p) => [p.name, p.optionsSchema] as const));
}

describe('meshrr-platform-bird', () => {
  it('exports a plugin the agent loads: API version 1, a kebab-case name, platform bird of contract version 1', () => {
    expect(plugin.apiVersion).toBe(PLUGIN_API_VERSION);
    expect(plugin.name).toBe('platform-bird');
    const container = new Container();
    container.load(plugin.module);
    const providers = container.getAll(PlatformProvider);
    expect(providers.map((p) => [p.name, p.apiVersion])).toEqual([['bird', PLATFORM_API_VERSION]]);
  });

  it('takes its options from the file, MESHRR_BIRD_* and the command line, with defaults', () => {
    const result = loadConfig(
      { text: `${BASE}platform:\n  name: bird\n  include: [/etc/bird/local.conf]\n`, origin: 'f.yml' },
      {
        MESHRR_BIRD_CONTROL_SOCKET: '/run/bird.ctl',
        MESHRR_BIRD_HOLD_TIME_SECONDS: '9',
      },
      {
        platformSchemas: schemas(),
        platformOverrides: {
          options: [{ key: 'connect_delay_seconds', value: '1', origin: '--platform-option connect_delay_seconds' }],
        },
      },
    );
    expect(result.ok && result.config.platform).toEqual({
      name: 'bird',
      options: {
        config_file: '/etc/bird/bird.conf',
        control_socket: '/run/bird.ctl',
        include: ['/etc/bird/local.conf'],
        connect_retry_seconds: 5,
        connect_delay_seconds: 1,
        error_wait_min_seconds: 5,
        error_wait_max_seconds: 60,
        hold_time_seconds: 9,
        multihop_ttl: 10,
        command_timeout_seconds: 30,
      },
    });
    const list = loadConfig(
      { text: `${BASE}platform: {name: bird}\n`, origin: 'f.yml' },
      { MESHRR_BIRD_INCLUDE: '/a.conf, /b.conf' },
      { platformSchemas: schemas() },
    );
    expect(list.ok && (list.config.platform.options as { include: string[] }).include).toEqual(['/a.conf', '/b.conf']);
  });

  it('refuses bad options, naming the file position or the variable', () => {
    const result = loadConfig(
      {
        text: `${BASE}platform:\n  name: bird\n  config_file: bird.conf\n  hold_time_seconds: 2\n  error_wait_min_seconds: 90\n`,
        origin: 'f.yml',
      },
      { MESHRR_BIRD_CONTROL_SOCKET: '/run/"bird".ctl' },
      { platformSchemas: schemas() },
    );
    expect(result.ok ? [] : result.errors.map(formatConfigIssue)).toEqual([
      'f.yml:6:16: platform.config_file: must be an absolute path (found "bird.conf")',
      '<environment>: MESHRR_BIRD_CONTROL_SOCKET: must not contain a double quote or a line break (found "/run/\\"bird\\".ctl")',
      'f.yml:7:22: platform.hold_time_seconds: must be 0 or 3–65535 (found 2)',
      'f.yml:5:3: platform.error_wait_max_seconds: must not be less than error_wait_min_seconds (set platform.error_wait_max_seconds in the configuration file, MESHRR_BIRD_ERROR_WAIT_MAX_SECONDS or --platform-option error_wait_max_seconds=…)',
    ]);
  });
});
