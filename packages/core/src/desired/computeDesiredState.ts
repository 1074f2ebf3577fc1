import type { MeshGroupConfig, MeshrrConfig } from '../api/config.js';
import { pushAll, minOf } from '../collections/bulk.js';
import type { DiscoveredPeer, RouterIdentity } from '../api/peer.js';
import type {
  BgpSessionState,
  DesiredGroup,
  DesiredRouterConfig,
  ManagedChange,
  ManagedState,
  PeerDecision,
} from '../api/state.js';
import { sortIpAddressTexts } from '../net/ipAddress.js';
import { diffManagedState, toManagedState } from './diffManagedState.js';
import { exclusiveNeighbors } from './exclusiveNeighbors.js';
import { canonicalUnicast } from './candidates.js';
import type { DesiredStateCache } from './desiredStateCache.js';
import type { BalanceSet } from './maxPeersChoice.js';
import { groupStatements, neighborFamilyOverrides, retiredGroupStatements } from './groupStatements.js';
import { routerStatements } from './routerStatements.js';
import type { PeerMemory } from './peerMemory.js';
import { selectPeers } from './selectPeers.js';
import { prefixSubtractor } from './subtractPrefixes.js';

/** Everything the desired state depends on. */
export interface DesiredStateInput {
  readonly config: MeshrrConfig;
  readonly identity: RouterIdentity;
  /**
   * Last good complete set per mesh group name. A group ABSENT here has never synced: its
   * configured neighbors are kept exactly as they are (`keep`, `source-not-synced`).
   */
  readonly discovered: ReadonlyMap<string, readonly DiscoveredPeer[]>;
  readonly actual: ManagedState;
  readonly sessions: readonly BgpSessionState[];
  readonly memory: PeerMemory;
  readonly now: number;
  readonly gracefulShutdown: boolean;
  /**
   * Removals the engine's safety guards hold back: these peers stay configured in their group
   * (decision `hold` with the given reason) and are still subtracted from every allow list.
   */
  readonly held?: readonly PeerDecision[];
  /** Uniform in [0, 1): jitter of penalties and balance pacing (the engine passes `Clock.random`). Default 0. */
  readonly random?: () => number;
}

/** The desired configuration, the minimal change to it, the updated memory, the next deadline. */
export interface DesiredStateResult {
  readonly desired: DesiredRouterConfig;
  readonly change: ManagedChange;
  readonly memory: PeerMemory;
  readonly nextDeadline?: number;
}

interface MeshOutcome {
  readonly neighbors: readonly string[];
  readonly decisions: readonly PeerDecision[];
  readonly memory: PeerMemory;
  readonly nextDeadline?: number;
}

/**
 * The routers that choose from `group`'s candidates together with this one: the discovered peers
 * of its `balanceAcross` groups (default: every mesh group without `maxPeers`), plus this router
 * under its address there (else its router-id). Undefined when there is no such peer.
 */
function balanceSet(
  group: MeshGroupConfig,
  input: DesiredStateInput,
  canonical: (text: string) => string | undefined,
): BalanceSet | undefined {
  const names =
    group.balanceAcross ??
    input.config.groups
      .filter((g) => g.kind === 'mesh' && g.maxPeers === undefined && g.name !== group.name)
      .map((g) => g.name);
  const members = new Set<string>();
  for (const name of names)
    for (const peer of input.discovered.get(name) ?? []) {
      const address = canonical(peer.address);
      if (address !== undefined) members.add(address);
    }
  const own = input.identity.addresses.map((a) => canonical(a) ?? a);
  const selfKey = own.find((a) => members.has(a)) ?? input.identity.routerId;
  members.add(selfKey);
  return members.size > 1 ? { members: [...members], selfKey } : undefined;
}

function meshGroup(
  group: MeshGroupConfig,
  input: DesiredStateInput,
  memory: PeerMemory,
  sessions: ReadonlyMap<string, BgpSessionState>,
  cache: DesiredStateCache | undefined,
  canonical: (text: string) => string | undefined,
): MeshOutcome {
  const configured = input.actual.groups.find((g) => g.name === group.name)?.neighbors ?? [];
  const discovered = input.discovered.get(group.name);
  let outcome: MeshOutcome;
  if (discovered === undefined) {
    outcome = {
      neighbors: configured,
      decisions: configured.map((peer) => ({
        group: group.name,
        peer,
        action: 'keep' as const,
        reason: 'source-not-synced',
      })),
      memory,
    };
  } else {
    const balance = group.maxPeers === undefined ? undefined : balanceSet(group, input, canonical);
    outcome = selectPeers(
      {
        group: group.name,
        routerId: input.identity.routerId,
        ...(group.maxPeers === undefined ? {} : { maxPeers: group.maxPeers }),
        candidates: discovered,
        self: input.identity.addresses,
        configured,
        sessions,
        memory,
        now: input.now,
        vanishedHoldDownMs: input.config.safety.vanishedHoldDownMs,
        selection: input.config.selection,
        ...(balance === undefined ? {} : { balance }),
        ...(input.random === undefined ? {} : { random: input.random }),
      },
      cache,
    );
  }
  const holds = (input.held ?? []).filter((h) => h.group === group.name);
  if (holds.length === 0) return outcome;
  const heldPeers = new Set(holds.map((h) => h.peer));
  return {
    ...outcome,
    neighbors: sortIpAddressTexts(new Set([...outcome.neighbors, ...heldPeers])),
    decisions: [...outcome.decisions.filter((d) => !heldPeers.has(d.peer)), ...holds].sort((a, b) =>
      a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0,
    ),
  };
}

/**
 * Groups on the device that the configuration no longer has, but whose removal the guards hold:
 * kept with the held neighbors (and their current allow and AS ranges) until a later commit may
 * remove them.
 */
function heldRetiredGroups(input: DesiredStateInput): DesiredGroup[] {
  const configured = new Set(input.config.groups.map((g) => g.name));
  const out: DesiredGroup[] = [];
  for (const actual of input.actual.groups) {
    if (configured.has(actual.name)) continue;
    const held = (input.held ?? []).filter((h) => h.group === actual.name && actual.neighbors.includes(h.peer));
    if (held.length === 0) continue;
    const neighbors = sortIpAddressTexts(held.map((h) => h.peer));
    out.push({
      ...retiredGroupStatements(actual, input.config.mode),
      name: actual.name,
      kind: 'mesh',
      neighbors,
      allow: actual.allow,
      peerAsRanges: actual.peerAsRanges,
    });
  }
  return out;
}

/** The entries of `record` that `keep`, as a record; `record` itself when it keeps them all. */
function kept<T>(
  record: Readonly<Record<string, T>>,
  keep: (key: string, value: T) => boolean,
): Readonly<Record<string, T>> {
  let all = true;
  for (const key in record)
    if (Object.hasOwn(record, key) && !keep(key, record[key]!)) {
      all = false;
      break;
    }
  return all ? record : Object.fromEntries(Object.entries(record).filter(([key, value]) => keep(key, value)));
}

/**
 * Drops what no longer matters: session entries of peers configured in no group, vanished entries
 * of groups gone, penalties that ran out for addresses neither configured nor discovered, and
 * balance pacing of groups without `max_peers`. A part with nothing to drop is kept as it is.
 */
function pruneMemory(
  memory: PeerMemory,
  groups: readonly DesiredGroup[],
  input: DesiredStateInput,
  canonical: (text: string) => string | undefined,
): PeerMemory {
  const configured = new Set<string>();
  for (const g of groups) for (const peer of g.neighbors) configured.add(peer);
  const meshGroups = new Set(groups.filter((g) => g.kind === 'mesh').map((g) => g.name));
  const balanced = new Set(
    input.config.groups.filter((g) => g.kind === 'mesh' && g.maxPeers !== undefined).map((g) => g.name),
  );
  let around: Set<string> | undefined;
  const isAround = (peer: string): boolean => {
    if (around === undefined) {
      around = new Set(configured);
      for (const peers of input.discovered.values())
        for (const p of peers) around.add(canonical(p.address) ?? p.address);
    }
    return around.has(peer);
  };
  return {
    vanishedSince: kept(memory.vanishedSince, (group) => meshGroups.has(group)),
    sessions: kept(memory.sessions, (peer) => configured.has(peer)),
    penalties: kept(memory.penalties, (peer, p) => p.until > input.now || isAround(peer)),
    balanceDueAt: kept(memory.balanceDueAt, (group) => balanced.has(group)),
  };
}

/**
 * The configuration this router should have (meshrr's group semantics, faults fixed):
 * mesh groups by {@link selectPeers} (or kept as they are while their source has never synced);
 * subtractive groups allow their prefixes minus every neighbor of every mesh group (held ones
 * included), as the minimal CIDR set; route-server groups (AS ranges) are eBGP with those ranges.
 * Groups on the device but not in the configuration are removed by the change, except neighbors the
 * guards hold (`held`), which keep such a group alive until a later commit. An address is a
 * neighbor of one group only ({@link exclusiveNeighbors} gives the precedence). Pure and
 * deterministic: same input, same output. With `cache` (one per engine, see {@link DesiredStateCache})
 * the stages reuse what did not change since the last pass: the same result, less work.
 */
export function computeDesiredState(input: DesiredStateInput, cache?: DesiredStateCache): DesiredStateResult {
  const canonical = cache === undefined ? canonicalUnicast : (text: string) => cache.canonical(text);
  const sessions = new Map(input.sessions.map((s) => [s.peer, s]));
  let memory = input.memory;
  const deadlines: number[] = [];
  const meshGroups: DesiredGroup[] = [];
  const configuredNames = new Set(input.config.groups.map((g) => g.name));
  const meshDecisions: PeerDecision[] = (input.held ?? []).filter((h) => !configuredNames.has(h.group));
  for (const group of input.config.groups) {
    if (group.kind !== 'mesh') continue;
    const outcome = meshGroup(group, input, memory, sessions, cache, canonical);
    memory = outcome.memory;
    if (outcome.nextDeadline !== undefined) deadlines.push(outcome.nextDeadline);
    pushAll(meshDecisions, outcome.decisions);
    const statements = groupStatements(group, input.config, input.identity.routerId);
    const overrides = neighborFamilyOverrides(outcome.neighbors, statements.families, statements.familyTransport);
    meshGroups.push({
      ...statements,
      ...(overrides === undefined ? {} : { neighborFamilies: overrides }),
      name: group.name,
      kind: 'mesh',
      neighbors: outcome.neighbors,
      allow: [],
      peerAsRanges: [],
    });
  }
  pushAll(meshGroups, heldRetiredGroups(input));
  const exclusive = exclusiveNeighbors(meshGroups, meshDecisions, input.actual, input.held ?? []);
  const groups = [...exclusive.groups];
  const decisions = exclusive.decisions;
  const exclusions = groups.flatMap((g) => g.neighbors);
  const subtractive = input.config.groups.filter((g) => g.kind === 'subtractive');
  let subtractor: ((prefixes: readonly string[]) => string[]) | undefined;
  const subtract = (prefixes: readonly string[]): string[] => (subtractor ??= prefixSubtractor(exclusions))(prefixes);
  const allowLists =
    cache === undefined
      ? new Map(subtractive.map((g) => [g.name, subtract(g.prefixes)]))
      : cache.allowLists(exclusions, subtractive, subtract);
  for (const group of subtractive) {
    groups.push({
      ...groupStatements(group, input.config, input.identity.routerId),
      name: group.name,
      kind: 'subtractive',
      neighbors: [],
      allow: allowLists.get(group.name)!,
      peerAsRanges: [...group.asRanges].sort((a, b) => a.start - b.start || a.end - b.end),
    });
  }
  groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const desired: DesiredRouterConfig = {
    routerId: input.identity.routerId,
    asn: input.config.asn,
    mode: input.config.mode,
    groups,
    gracefulShutdown: input.gracefulShutdown,
    ...routerStatements(input.config),
    decisions,
  };
  const result = {
    desired,
    change: diffManagedState(input.actual, toManagedState(desired)),
    memory: pruneMemory(memory, groups, input, canonical),
    ...(deadlines.length > 0 ? { nextDeadline: minOf(deadlines)! } : {}),
  };
  if (cache !== undefined) {
    cache.keepGroups(configuredNames);
    let addresses = exclusions.length + input.actual.groups.reduce((n, g) => n + g.neighbors.length, 0);
    for (const peers of input.discovered.values()) addresses += peers.length;
    cache.endPass(addresses);
  }
  return result;
}
