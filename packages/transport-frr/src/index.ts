/**
 * `@meshrr/transport-frr`: applies rendered `frr.conf` files to FRR with `frr-reload.py`, reads
 * back what meshrr manages from `show running-config` and BGP sessions from
 * `show bgp neighbors json`; bound as core's `Transport` by {@link frrTransportModule}.
 */
export { FrrTransport } from './transport.js';
export { frrTransportModule } from './module.js';
export { FRR_CONF_FORMAT, FRR_PLATFORM } from './session/frrConfigSession.js';
export type { FrrTransportOptions } from './options.js';
export { parseFrrRunningConfig, MANAGED_DESCRIPTION } from './config/parseRunningConfig.js';
export { parseBgpNeighbors } from './frr/bgpNeighbors.js';
