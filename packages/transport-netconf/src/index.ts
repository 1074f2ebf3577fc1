/**
 * `@meshrr/transport-netconf`: NETCONF over SSH (ssh2) with RFC 6242 framing, RFC 6241
 * operations and a Junos/cRPD dialect implementing core's `Transport`/`ConfigSession`.
 * Layers: `ssh/` (channel, host-key pinning) → `framing/` → `rpc/` (client, replies, errors) →
 * `ops/` (one file per standard RPC) → `junos/` (dialect) → `session/` (connect, back-off).
 */
export { netconfTransportModule } from './module.js';
export { resolveNetconfOptions } from './options.js';
export type { NetconfTransportOptions, ResolvedNetconfOptions } from './options.js';
export {
  HostKeyMismatchError,
  LockDeniedError,
  MalformedReplyError,
  RpcTimeoutError,
  SessionClosedError,
  UnsupportedOperationError,
} from './errors.js';
export * from './framing/index.js';
export * from './rpc/index.js';
export * from './ops/index.js';
export * from './ssh/index.js';
export { parseXml, XmlSyntaxError, escapeXml, child, children, childText, descendants } from './xml/index.js';
export type { XmlElement } from './xml/index.js';
export { JunosTransport, NetconfConnectorToken, NetconfTransportOptionsToken } from './junos/junosTransport.js';
export { JunosConfigSession } from './junos/junosConfigSession.js';
export type { JunosSessionOptions } from './junos/junosConfigSession.js';
export { commitConfiguration, commitConfigurationXml, confirmMinutes } from './junos/commitConfiguration.js';
export type { JunosCommitRequest } from './junos/commitConfiguration.js';
export {
  isJunosChangeFormat,
  JUNOS_CHANGE_FORMATS,
  loadConfiguration,
  loadConfigurationXml,
  loadRollback,
} from './junos/loadConfiguration.js';
export type { JunosChangeFormat } from './junos/loadConfiguration.js';
export {
  GET_DIFF_XML,
  GET_MANAGED_CONFIGURATION_XML,
  getCandidateDiff,
  getManagedConfiguration,
  MESHRR_GROUP,
} from './junos/getConfiguration.js';
export { lockConfiguration, unlockConfiguration } from './junos/lockConfiguration.js';
export { closeConfiguration, openPrivateConfiguration } from './junos/openConfiguration.js';
export { managedStateFromConfiguration, parseAsRange } from './junos/managedState.js';
export { bgpSessionsFrom, bgpStateOf, getBgpSessions, peerAddressOf } from './junos/bgpSessions.js';
export { repairUnclosedRoutingEngine } from './junos/repairRoutingEngine.js';
export { sshNetconfConnector } from './session/connector.js';
export type { NetconfConnector } from './session/connector.js';
