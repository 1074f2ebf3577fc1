import type { MeshrrConfig } from '../api/config.js';
import type { RouterIdentity } from '../api/peer.js';
import type { RenderedChange, Renderer } from '../api/renderer.js';
import type { DesiredRouterConfig } from '../api/state.js';
import { toManagedState } from './diffManagedState.js';
import { routerStatements } from './routerStatements.js';

/**
 * The desired state of a router before anything was discovered, for a platform's initial
 * configuration (`meshrr init`): its identity, AS and mode, the router-level statements (graceful
 * restart, dynamic-peer limit), and no managed group. Groups come with
 * the agent's first change, once every discovery source synced: an initial `allow` computed
 * without the mesh groups' peers would admit those peers as clients.
 */
export function initialDesiredState(config: MeshrrConfig, identity: RouterIdentity): DesiredRouterConfig {
  return {
    routerId: identity.routerId,
    asn: config.asn,
    mode: config.mode,
    groups: [],
    gracefulShutdown: false,
    ...routerStatements(config),
    decisions: [],
  };
}

/**
 * The initial configuration a whole-file renderer gives for {@link initialDesiredState}: the
 * router's identity and no managed group (an empty change against itself). For a platform's
 * `PlatformInitializer.render`; `desired` is returned for the facts the initializer reports.
 */
export function renderInitialConfig(
  renderer: Renderer,
  config: MeshrrConfig,
  identity: RouterIdentity,
): { readonly desired: DesiredRouterConfig; readonly change: RenderedChange } {
  const desired = initialDesiredState(config, identity);
  return {
    desired,
    change: renderer.renderChange({ desired, actual: toManagedState(desired), change: { groups: [] } }),
  };
}
