import {
  checkPeerAddress,
  RejectedRecordsError,
  type DiscoveredPeer,
  type DiscoveryError,
  type RejectedRecord,
} from '@meshrr/core';
import type { EndpointSlice, SliceEndpoint } from './endpointSlice.js';

/** Which endpoints of the slices are peers (from the source options). */
export interface EndpointPolicy {
  readonly conditions: 'ready' | 'serving' | 'any';
  readonly includeTerminating: boolean;
  readonly addressFamilies: readonly ('ipv4' | 'ipv6')[];
  readonly portName: string | undefined;
}

/** Result of {@link peersFromSlices}: the complete set, or why none can be given. */
export type SlicePeersResult =
  | { readonly ok: true; readonly peers: readonly DiscoveredPeer[] }
  | { readonly ok: false; readonly error: DiscoveryError };

const FAMILY_OF_TYPE: Readonly<Record<string, 'ipv4' | 'ipv6'>> = { IPv4: 'ipv4', IPv6: 'ipv6' };

/**
 * Conditions per the EndpointSlice v1 API: `ready` unset means true; `serving` unset defers to
 * `ready`; `terminating` unset means false.
 */
function admitted(endpoint: SliceEndpoint, policy: EndpointPolicy): boolean {
  const ready = endpoint.conditions?.ready ?? true;
  const serving = endpoint.conditions?.serving ?? ready;
  if (endpoint.conditions?.terminating === true && !policy.includeTerminating) return false;
  return policy.conditions === 'any' || (policy.conditions === 'ready' ? ready : serving);
}

function labelsOf(endpoint: SliceEndpoint): Record<string, string> {
  const labels: Record<string, string> = {};
  const name = endpoint.targetRef?.name ?? endpoint.hostname;
  if (name) labels['name'] = name;
  if (endpoint.zone) labels['zone'] = endpoint.zone;
  if (endpoint.nodeName) labels['node'] = endpoint.nodeName;
  if (endpoint.hostname) labels['hostname'] = endpoint.hostname;
  const ready = endpoint.conditions?.ready ?? true;
  labels['ready'] = String(ready);
  labels['serving'] = String(endpoint.conditions?.serving ?? ready);
  labels['terminating'] = String(endpoint.conditions?.terminating ?? false);
  return labels;
}

/** The port to carry for a slice: `undefined` = no port, `null` = the slice lacks the named port. */
function slicePort(slice: EndpointSlice, portName: string | undefined): number | undefined | null {
  if (portName === undefined) return undefined;
  const port = (slice.ports ?? []).find((p) => (p.name ?? '') === portName);
  if (port === undefined) return null;
  return port.port ?? undefined;
}

/**
 * The complete peer set of a Service from all its EndpointSlices (any number of slices, IPv4 and
 * IPv6): endpoints admitted by `policy`, each endpoint's first address (the API declares them
 * fungible) validated as a unicast IP literal
 * (canonical text), merged by address and port (the first slice by name wins, so the result does
 * not depend on event order), in slice-name order. FQDN slices and families not asked for are
 * skipped. An address the policy refuses, or one of the other family than its slice's
 * `addressType`, fails the whole set with a {@link RejectedRecordsError} listing every rejected
 * endpoint: a partial set is never returned.
 */
export function peersFromSlices(slices: Iterable<EndpointSlice>, policy: EndpointPolicy): SlicePeersResult {
  const byKey = new Map<string, DiscoveredPeer>();
  const rejected: RejectedRecord[] = [];
  const ordered = [...slices].sort((a, b) =>
    a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
  );
  for (const slice of ordered) {
    const family = FAMILY_OF_TYPE[slice.addressType];
    if (family === undefined || !policy.addressFamilies.includes(family)) continue;
    const port = slicePort(slice, policy.portName);
    if (port === null) continue;
    const where = `EndpointSlice ${slice.metadata.namespace ?? ''}/${slice.metadata.name}`;
    for (const endpoint of slice.endpoints ?? []) {
      if (!admitted(endpoint, policy)) continue;
      // The API: "addresses ... are all assumed to be fungible and clients may choose to only use
      // the first element" — one endpoint is one router, so one peer (never two sessions to it).
      const text = endpoint.addresses[0];
      if (text === undefined) continue;
      const check = checkPeerAddress(text);
      if (!check.ok) {
        rejected.push({ record: `${where} ${text}`, reason: check.class, detail: `${where}: ${check.reason}` });
        continue;
      }
      if ((check.address.includes(':') ? 'ipv6' : 'ipv4') !== family) {
        const detail = `${where}: ${text} is an ${family === 'ipv4' ? 'IPv6' : 'IPv4'} address in an ${slice.addressType} EndpointSlice`;
        rejected.push({ record: `${where} ${text}`, reason: 'wrong-family', detail });
        continue;
      }
      const key = `${check.address}|${port ?? ''}`;
      if (!byKey.has(key))
        byKey.set(
          key,
          port === undefined
            ? { address: check.address, labels: labelsOf(endpoint) }
            : { address: check.address, port, labels: labelsOf(endpoint) },
        );
    }
  }
  if (rejected.length > 0) return { ok: false, error: new RejectedRecordsError('EndpointSlices', rejected) };
  return { ok: true, peers: [...byKey.values()] };
}
