import { DiscoveryProvider } from '@meshrr/core';
import { ContainerModule } from 'inversify';
import { DnsDiscoveryProvider, type DnsProviderSettings } from './dnsDiscoveryProvider.js';

/**
 * The package's inversify module: adds a {@link DnsDiscoveryProvider} (kind `dns`) to the
 * multi-bound `DiscoveryProvider` token. Load it once per container.
 */
export function dnsDiscoveryModule(settings: DnsProviderSettings = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DiscoveryProvider).toConstantValue(new DnsDiscoveryProvider(settings));
  });
}
