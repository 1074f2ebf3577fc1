import { DiscoveryProvider } from '@meshrr/core';
import { ContainerModule } from 'inversify';
import { K8sDiscoveryProvider, type K8sProviderSettings } from './k8sDiscoveryProvider.js';

/**
 * The package's inversify module: adds a {@link K8sDiscoveryProvider} (kind `kubernetes`) to the
 * multi-bound `DiscoveryProvider` token. `settings.env` is the agent's environment (never read
 * from `process.env` here). Load it once per container.
 */
export function k8sDiscoveryModule(settings: K8sProviderSettings): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DiscoveryProvider).toConstantValue(new K8sDiscoveryProvider(settings));
  });
}
