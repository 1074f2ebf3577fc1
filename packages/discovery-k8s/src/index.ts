/**
 * `@meshrr/discovery-k8s`: meshrr's `sourcetype: kubernetes` peer source. Watches the
 * EndpointSlices of a Service (list + watch with bookmarks, re-list on 410 Gone, backoff, keep
 * last good), merges every slice and address family, filters by endpoint conditions (terminating
 * pods leave at once) and labels peers with pod name, zone and node.
 */
export { k8sDiscoveryModule } from './module.js';
export { K8sDiscoveryProvider } from './k8sDiscoveryProvider.js';
export type { K8sProviderSettings } from './k8sDiscoveryProvider.js';
export { k8sOptionsSchema } from './config/options.js';
export type { K8sDiscoveryOptions } from './config/options.js';
export { K8sConfigError } from './config/k8sConfigError.js';
export { loadClusterAccess } from './config/clusterAccess.js';
export type { ClusterAccess, ClusterAccessInput, K8sEnvironment } from './config/clusterAccess.js';
export { K8sApiError } from './api/k8sApiError.js';
export type { K8sStatusDetails } from './api/k8sApiError.js';
export { K8sPeerSource } from './source/k8sPeerSource.js';
export type { K8sSourceSettings } from './source/k8sPeerSource.js';
export { peersFromSlices } from './source/slicePeers.js';
export type { EndpointPolicy, SlicePeersResult } from './source/slicePeers.js';
export { parseEndpointSlice } from './source/endpointSlice.js';
export type { EndpointSlice, SliceEndpoint } from './source/endpointSlice.js';
