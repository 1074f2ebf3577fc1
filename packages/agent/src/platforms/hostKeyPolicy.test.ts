import { describe, expect, it } from 'vitest';
import { parseHostKeyPolicy } from './hostKeyPolicy.js';

describe('host key policies', () => {
  it.each([
    ['pin:SHA256:abc', { kind: 'fingerprint', sha256: 'SHA256:abc' }],
    ['known-hosts:/etc/ssh/known_hosts', { kind: 'known-hosts', path: '/etc/ssh/known_hosts' }],
    ['tofu:/secret/ssh/crpd_host_key', { kind: 'trust-on-first-use', path: '/secret/ssh/crpd_host_key' }],
    ['insecure-accept-any', { kind: 'accept-any' }],
  ])('%s', (value, policy) => {
    expect(parseHostKeyPolicy(value)).toEqual(policy);
  });

  it('read-only commands (plan, discover) check a tofu file but never record into it (issue 11 item 11)', () => {
    expect(parseHostKeyPolicy('tofu:/secret/ssh/crpd_host_key', true)).toEqual({
      kind: 'trust-on-first-use',
      path: '/secret/ssh/crpd_host_key',
      record: false,
    });
    expect(parseHostKeyPolicy('pin:SHA256:abc', true)).toEqual({ kind: 'fingerprint', sha256: 'SHA256:abc' });
  });

  it.each(['pin:', 'accept-any', 'tofu', 'insecure-accept-any:x'])('refuses %s', (value) => {
    expect(parseHostKeyPolicy(value)).toBeUndefined();
  });
});
