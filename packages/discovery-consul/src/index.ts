/**
 * `@meshrr/discovery-consul`: meshrr's `sourcetype: consul` peer source. Blocking queries on
 * `/v1/health/service/<name>` (passing instances, tags, datacenter, Enterprise namespace and
 * partition, ACL token file, TLS), Consul's index rules and rate limit, backoff and keep last good.
 */
export { consulDiscoveryModule } from './module.js';
export { ConsulDiscoveryProvider } from './consulDiscoveryProvider.js';
export type { ConsulProviderSettings } from './consulDiscoveryProvider.js';
export { consulOptionsSchema } from './config/options.js';
export type { ConsulDiscoveryOptions } from './config/options.js';
export { ConsulConfigError, resolveConsulEndpoint } from './config/consulEndpoint.js';
export type { ConsulEndpoint, ConsulEnvironment } from './config/consulEndpoint.js';
export { ConsulPeerSource } from './source/consulPeerSource.js';
export type { ConsulSourceSettings } from './source/consulPeerSource.js';
export { HealthServiceClient, healthServicePath } from './api/healthServiceClient.js';
export type { HealthServiceAnswer, HealthServiceQuery } from './api/healthServiceClient.js';
export { peersFromHealthEntries } from './api/healthEntries.js';
export type { EntryPolicy } from './api/healthEntries.js';
export { nextBlockingIndex, parseConsulIndex } from './source/blockingIndex.js';
export { TokenBucket } from './source/tokenBucket.js';
