import type { MeshrrConfig } from '../api/config.js';
import type { DesiredRouterConfig, RouterStatementKind } from '../api/state.js';

/**
 * The router-level statements of the configuration: graceful restart (owned when
 * `graceful_restart` is written; `false` = none) and the dynamic-peer limit (a daemon limit
 * meshrr always renders where the daemon has one; never owned on a shared device).
 */
export function routerStatements(config: MeshrrConfig): Pick<DesiredRouterConfig, 'gracefulRestart' | 'owned'> {
  const owned: RouterStatementKind[] = config.gracefulRestart === undefined ? [] : ['graceful-restart'];
  return {
    ...(config.gracefulRestart === undefined || config.gracefulRestart === false
      ? {}
      : { gracefulRestart: config.gracefulRestart }),
    owned,
  };
}
