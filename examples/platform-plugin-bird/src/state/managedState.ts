import {
  canonicalNeighbors,
  canonicalPrefixes,
  parseAsRange,
  type AsRange,
  type ManagedGroup,
  type ManagedState,
} from '@meshrr/core';
import { GRACEFUL_SHUTDOWN_MARKER, parseDescription } from '../render/names.js';
import type { BirdProtocol } from './showProtocols.js';

interface GroupParts {
  neighbors: string[];
  allow: string[];
  asRanges: AsRange[];
}

function partsOf(groups: Map<string, GroupParts>, name: string): GroupParts {
  let parts = groups.get(name);
  if (parts === undefined) {
    parts = { neighbors: [], allow: [], asRanges: [] };
    groups.set(name, parts);
  }
  return parts;
}

/** The configured neighbor of a session protocol, without a `%interface` suffix. */
export function neighborOf(protocol: BirdProtocol): string | undefined {
  return protocol.neighborAddress?.split('%')[0];
}

/**
 * What meshrr manages in BIRD's running configuration, read back from `show protocols all` (the
 * daemon is the state store, not the file): groups from their static markers (`meshrr group=<G>
 * [as=…]`, so an empty group and its peer AS ranges count), neighbors from the BGP protocols of a
 * group, `allow` from its dynamic-BGP listeners (`Neighbor range`), graceful shutdown from its
 * marker protocol. Sessions a listener spawned, and the operator's own protocols, are not part of
 * it. Lists canonical and sorted, groups by name.
 */
export function managedStateOf(protocols: readonly BirdProtocol[]): ManagedState {
  const groups = new Map<string, GroupParts>();
  for (const protocol of protocols) {
    const description = parseDescription(protocol.description);
    if (description === undefined) continue;
    const parts = partsOf(groups, description.group);
    if (protocol.proto === 'Static') {
      for (const text of description.asRanges) {
        const range = parseAsRange(text);
        if (range !== undefined) parts.asRanges.push(range);
      }
    } else if (protocol.proto === 'BGP') {
      if (protocol.neighborRange !== undefined) parts.allow.push(protocol.neighborRange);
      else if (!description.range) {
        const neighbor = neighborOf(protocol);
        if (neighbor !== undefined) parts.neighbors.push(neighbor);
      }
    }
  }
  const managed: ManagedGroup[] = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, parts]) => {
      const neighbors = canonicalNeighbors(parts.neighbors);
      const allow = canonicalPrefixes(parts.allow);
      return {
        name,
        neighbors: neighbors.ok ? neighbors.value : parts.neighbors,
        allow: allow.ok ? allow.value : parts.allow,
        peerAsRanges: [...parts.asRanges].sort((a, b) => a.start - b.start || a.end - b.end),
      };
    });
  return { groups: managed, gracefulShutdown: protocols.some((p) => p.name === GRACEFUL_SHUTDOWN_MARKER) };
}
