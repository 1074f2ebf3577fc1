/**
 * `@meshrr/discovery-dns`: meshrr's `sourcetype: dns` peer source on raw DNS messages (dns-packet
 * over UDP/TCP): A/AAAA or SRV, resolv.conf search list and ndots, TTL-driven refresh, NXDOMAIN vs
 * NODATA vs failures told apart, TCP on truncation, strict address validation.
 */
export { dnsDiscoveryModule } from './module.js';
export { DnsDiscoveryProvider } from './dnsDiscoveryProvider.js';
export type { DnsProviderSettings } from './dnsDiscoveryProvider.js';
export { dnsOptionsSchema } from './config/options.js';
export type { DnsDiscoveryOptions } from './config/options.js';
export { DnsPeerSource } from './source/dnsPeerSource.js';
export type { DnsSourceSettings } from './source/dnsPeerSource.js';
export { DnsClient } from './client/dnsClient.js';
export type { DnsClientSettings } from './client/dnsClient.js';
export { parseNameserver, formatNameserver } from './config/nameserver.js';
export type { NameserverEndpoint, NameserverParse } from './config/nameserver.js';
export { parseResolvConf, DEFAULT_RESOLVER_SETTINGS } from './config/resolvConf.js';
export type { ResolverSettings, ResolvConfParse } from './config/resolvConf.js';
export { searchCandidates } from './config/searchCandidates.js';
