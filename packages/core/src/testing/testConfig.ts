import { DEFAULT_SELECTION } from '../config/schema/extensionSchemas.js';
import type { DesiredGroup, GroupChange } from '../api/state.js';
import type { MeshrrConfig, MeshGroupConfig, SubtractiveGroupConfig } from '../api/config.js';

/** A mesh group fed by the `memory` source (or the given source). */
export function meshGroup(name: string, extra: Partial<Omit<MeshGroupConfig, 'kind' | 'name'>> = {}): MeshGroupConfig {
  return { kind: 'mesh', name, source: { sourcetype: 'memory', options: {} }, ...extra };
}

/** A subtractive group (route reflection; pass `asRanges` for a route server). */
export function subtractiveGroup(
  name: string,
  prefixes: readonly string[],
  extra: Partial<Omit<SubtractiveGroupConfig, 'kind' | 'name' | 'prefixes'>> = {},
): SubtractiveGroupConfig {
  return { kind: 'subtractive', name, prefixes, asRanges: [], ...extra };
}

/**
 * A complete, valid {@link MeshrrConfig} for tests: AS 65000, ipv4rr, one mesh group `mesh`
 * fed by the `memory` source, the documented defaults for safety, quiescence and commit, and
 * `origin` `/etc/meshrr/meshrr.conf.yml`. `overrides` replace whole top-level fields (nested
 * objects such as `safety` are merged).
 */
export function testConfig(
  overrides: Partial<Omit<MeshrrConfig, 'safety' | 'quiescence' | 'commit'>> & {
    safety?: Partial<MeshrrConfig['safety']>;
    quiescence?: Partial<MeshrrConfig['quiescence']>;
    commit?: Partial<MeshrrConfig['commit']>;
  } = {},
): MeshrrConfig {
  const { safety, selection, quiescence, commit, ...rest } = overrides;
  return {
    origin: '/etc/meshrr/meshrr.conf.yml',
    encryptedRootPw: '',
    asn: { value: 65000, text: '65000' },
    mode: 'ipv4rr',
    groups: [meshGroup('mesh')],
    updateSeconds: 30,
    plugins: [],
    platform: { name: 'junos', options: {} },
    ...rest,
    safety: {
      maxRemovalShare: 0.5,
      removalWindowMs: 300_000,
      minGroupPeers: 1,
      allowLargeRemovals: false,
      vanishedHoldDownMs: 30_000,
      ...safety,
    },
    selection: { ...DEFAULT_SELECTION, ...selection },
    quiescence: { minMs: 500, maxMs: 5_000, ...quiescence },
    commit: { confirmTimeoutS: 120, comment: 'meshrr', verifyMs: 5_000, ...commit },
  };
}

/**
 * A {@link DesiredGroup} for renderer tests: a mesh group (iBGP, `ipv4-unicast`, family transport
 * `all`, owning only `type`) with no neighbors; `over` replaces any field.
 */
export function desiredGroup(name: string, over: Partial<DesiredGroup> = {}): DesiredGroup {
  return {
    name,
    kind: 'mesh',
    peerType: 'internal',
    neighbors: [],
    allow: [],
    peerAsRanges: [],
    families: ['ipv4-unicast'],
    familyTransport: 'all',
    owned: ['type'],
    ...over,
  };
}

/**
 * A {@link GroupChange} of group `name` that changes nothing (not created, not removed, no
 * neighbor or allow entry added or removed, no statement) unless `over` says so: `over` replaces
 * any field. For renderer, guard and diff tests.
 */
export function groupChange(name: string, over: Partial<GroupChange> = {}): GroupChange {
  return {
    name,
    create: false,
    remove: false,
    addNeighbors: [],
    removeNeighbors: [],
    addAllow: [],
    removeAllow: [],
    ...over,
  };
}
