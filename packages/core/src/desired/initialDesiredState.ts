import type { MeshrrConfig } from '../api/config.js';
import type { RouterIdentity } from '../api/peer.js';
import type { DesiredRouterConfig } from '../api/state.js';

/**
 * The desired state of a router before anything was discovered, for a platform's initial
 * configuration (`meshrr init`): its identity, AS and mode, and no managed group. Groups come with
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
    decisions: [],
  };
}
