import { ContainerModule } from 'inversify';
import { DiscoveryProvider } from '../api/discovery.js';
import { Reconciler } from '../api/reconciler.js';
import { StatusProvider } from '../api/status.js';
import { StaticDiscoveryProvider } from '../discovery/static/staticProvider.js';
import { DiscoveryManager } from './discoveryManager.js';
import { Engine } from './engine.js';
import { EngineOptions } from './engineOptions.js';
import { RouterReconciler } from './routerReconciler.js';
import { StatusStore } from './statusStore.js';

/**
 * The core's one inversify module. Binds (all singletons): `EngineOptions` (= `options`),
 * `StatusStore` and `StatusProvider` (the same instance), `DiscoveryManager`, `RouterReconciler`
 * and `Reconciler` (the same instance), `Engine`, and the built-in `static` source under the
 * multi-bound `DiscoveryProvider`. The composition root binds `MeshrrConfig`, `RouterIdentity`,
 * `Clock`, `Logger`, `Metrics`, `Transport` and `Renderer`, and loads the provider modules.
 */
export function coreModule(options: EngineOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(EngineOptions).toConstantValue(options);
    bind(StatusStore).toSelf().inSingletonScope();
    bind(StatusProvider).toService(StatusStore);
    bind(DiscoveryManager).toSelf().inSingletonScope();
    bind(RouterReconciler).toSelf().inSingletonScope();
    bind(Reconciler).toService(RouterReconciler);
    bind(Engine).toSelf().inSingletonScope();
    bind(DiscoveryProvider).to(StaticDiscoveryProvider).inSingletonScope();
  });
}
