import { DiscoveryProvider } from '@meshrr/core';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { consulDiscoveryModule } from './index.js';

describe('consulDiscoveryModule', () => {
  it('multi-binds a DiscoveryProvider of kind consul', () => {
    const container = new Container();
    container.load(consulDiscoveryModule({ env: {} }));
    const [provider] = container.getAll(DiscoveryProvider);
    expect(provider?.kind).toBe('consul');
    expect(
      provider!.optionsSchema.safeParse({
        service: 'bgp-rr',
        tag: 'core',
        address: 'http://consul-server.consul.svc:8500',
      }).success,
    ).toBe(true);
    const bad = provider!.optionsSchema.safeParse({ service: 'bgp-rr', acl_token: 'x' });
    expect(bad.success).toBe(false);
  });
});
