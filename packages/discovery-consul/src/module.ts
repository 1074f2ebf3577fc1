import { DiscoveryProvider } from '@meshrr/core';
import { ContainerModule } from 'inversify';
import { ConsulDiscoveryProvider, type ConsulProviderSettings } from './consulDiscoveryProvider.js';

/**
 * The package's inversify module: adds a {@link ConsulDiscoveryProvider} (kind `consul`) to the
 * multi-bound `DiscoveryProvider` token. `settings.env` is the agent's environment (never read
 * from `process.env` here). Load it once per container.
 */
export function consulDiscoveryModule(settings: ConsulProviderSettings): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DiscoveryProvider).toConstantValue(new ConsulDiscoveryProvider(settings));
  });
}
