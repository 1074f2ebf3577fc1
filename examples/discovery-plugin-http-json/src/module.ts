import { DiscoveryProvider } from '@meshrr/core';
import { ContainerModule } from 'inversify';
import { HttpJsonDiscoveryProvider } from './httpJsonDiscoveryProvider.js';

/**
 * The plugin's inversify module: adds an {@link HttpJsonDiscoveryProvider} (kind `http-json`) to
 * the multi-bound `DiscoveryProvider` token. Load it once per container.
 */
export function httpJsonDiscoveryModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DiscoveryProvider).toConstantValue(new HttpJsonDiscoveryProvider());
  });
}
