import type { ServiceIdentifier } from 'inversify';

/**
 * One peer as a discovery source saw it. No policy is applied at discovery time (Prometheus
 * rule): selection, self-exclusion and guards happen in the core.
 */
export interface DiscoveredPeer {
  /** Canonical IP literal (IPv4 dotted quad or RFC 5952 IPv6). Sources validate it. */
  readonly address: string;
  /** Port carried from SRV records or endpoints, when the source knows one. */
  readonly port?: number;
  /**
   * Metadata for selection and status: `name` (host or pod name), `zone` (topology zone or
   * redundancy group, used to spread `max_peers` selection), `node`, and source-specific keys.
   */
  readonly labels: Readonly<Record<string, string>>;
}

/** The addresses and identity of the router this agent manages. */
export interface RouterIdentity {
  /** BGP router-id and the key of this router in the work queue (meshrr: `POD_IP`). */
  readonly routerId: string;
  /** Every address the router owns, IPv4 and IPv6, never selected as its own peer. */
  readonly addresses: readonly string[];
}
export const RouterIdentity: ServiceIdentifier<RouterIdentity> = Symbol.for('@meshrr/core:RouterIdentity');
