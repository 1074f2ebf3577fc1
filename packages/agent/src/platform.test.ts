import { describe, expect, it } from 'vitest';
import { hostKeyPolicy, platformSettings, type PlatformFlags } from './platform.js';

const flags: PlatformFlags = {
  netconfHost: '127.0.0.1',
  netconfPort: 830,
  netconfUser: 'meshrr',
  sshKey: '/secret/ssh/id_ed25519',
  hostKey: 'tofu:/secret/ssh/crpd_host_key',
  frrVtyDir: '/var/run/frr',
  frrConfig: '/etc/frr/frr.conf',
  vtysh: '/usr/bin/vtysh',
  frrReload: '/usr/lib/frr/frr-reload.py',
  frrConnectRetry: 5,
};

describe('platform settings', () => {
  it('defaults to junos with meshrr paths; MESHRR_PLATFORM or --platform choose frr', () => {
    expect(platformSettings(flags, {})).toEqual({
      platform: 'junos',
      host: '127.0.0.1',
      port: 830,
      username: 'meshrr',
      privateKeyPath: '/secret/ssh/id_ed25519',
      hostKey: 'tofu:/secret/ssh/crpd_host_key',
    });
    expect(platformSettings(flags, { MESHRR_PLATFORM: 'frr' })).toMatchObject({
      platform: 'frr',
      vtyDir: '/var/run/frr',
      configFile: '/etc/frr/frr.conf',
      connectRetrySeconds: 5,
    });
    expect(() => platformSettings({ ...flags, frrConnectRetry: 0 }, { MESHRR_PLATFORM: 'frr' })).toThrow(
      '--frr-connect-retry must be an integer from 1 to 65535',
    );
    expect(platformSettings({ ...flags, platform: 'frr' }, { MESHRR_PLATFORM: 'junos' }).platform).toBe('frr');
    expect(() => platformSettings(flags, { MESHRR_PLATFORM: 'eos' })).toThrow(
      'MESHRR_PLATFORM=eos is not a platform: use junos or frr',
    );
    expect(() => platformSettings({ ...flags, netconfPort: 0 }, {})).toThrow(
      '--netconf-port must be an integer from 1 to 65535',
    );
  });

  it.each([
    ['pin:SHA256:abc', { kind: 'fingerprint', sha256: 'SHA256:abc' }],
    ['known-hosts:/etc/ssh/known_hosts', { kind: 'known-hosts', path: '/etc/ssh/known_hosts' }],
    ['tofu:/secret/ssh/crpd_host_key', { kind: 'trust-on-first-use', path: '/secret/ssh/crpd_host_key' }],
    ['insecure-accept-any', { kind: 'accept-any' }],
  ])('--host-key %s', (value, policy) => {
    expect(hostKeyPolicy(value)).toEqual(policy);
  });

  it.each(['pin:', 'accept-any', 'tofu', 'insecure-accept-any:x'])('refuses --host-key %s', (value) => {
    expect(() => hostKeyPolicy(value)).toThrow(
      'use pin:<SHA256:fingerprint>, known-hosts:<file>, tofu:<file> or insecure-accept-any',
    );
  });
});
