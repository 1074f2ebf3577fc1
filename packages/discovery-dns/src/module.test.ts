import { DiscoveryProvider } from '@meshrr/core';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { dnsDiscoveryModule } from './index.js';

describe('dnsDiscoveryModule', () => {
  it('multi-binds a DiscoveryProvider of kind dns beside other providers', () => {
    const container = new Container();
    const other: DiscoveryProvider = {
      kind: 'static',
      optionsSchema: { safeParse: (data: unknown) => ({ success: true, data }) },
      create: () => ({ run: async () => undefined }),
    };
    container.bind(DiscoveryProvider).toConstantValue(other);
    container.load(dnsDiscoveryModule());
    const providers = container.getAll(DiscoveryProvider);
    expect(providers.map((p) => p.kind)).toEqual(['static', 'dns']);
    const dns = providers[1]!;
    expect(dns.optionsSchema.safeParse({ hostname: 'meshrr' }).success).toBe(true);
    const bad = dns.optionsSchema.safeParse({ hostname: 'meshrr', nameservers: ['kube-dns'] });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path)).toEqual([['nameservers', 0]]);
  });
});
