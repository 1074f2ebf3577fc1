import { randomBytes } from 'node:crypto';
import { pushAll } from '@meshrr/core';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { startBind, writeBindConfig } from '../dns/bindServer.js';
import { LabError } from '../errors.js';
import {
  addressIn,
  allocateAddress,
  allocatePort,
  CLIENT_SUBNET,
  DNS_HOST,
  linkPrefixLength,
  nodeAddresses,
} from '../state/addressing.js';
import { readState, saveState, type LabState, type RouterState } from '../state/labState.js';
import { createNode, createSwitch } from '../system/netns.js';
import { assertPrerequisites } from '../system/prerequisites.js';
import { loadTopology, type Topology } from '../topology/loadTopology.js';
import type { ClientSpec } from '../topology/schema.js';
import { handleOf, type LabHandle } from './handle.js';
import { labDown } from './labDown.js';
import { routeReflectorRecord, startClient, startRouteReflector } from './routerLifecycle.js';
import { daemonOf } from '../topology/loadTopology.js';

/** Options of {@link labUp}. */
export interface LabUpOptions {
  /** Where the lab keeps its state (`lab.json`, router dirs, logs). Must not hold a running lab. */
  readonly stateDir: string;
  /** The agent's built `main.js`; without it the route reflectors run FRR with the base config only. */
  readonly agentMain?: string;
  /** node binary for the agents. Default `process.execPath`. */
  readonly node?: string;
  /** Agent HTTP port inside each router namespace. Default 9090. */
  readonly httpPort?: number;
  /** Agent `--log-level`. Default `info`. */
  readonly logLevel?: string;
  /**
   * Extra arguments for every agent's `run` (after the standard ones); `{dir}` becomes the router's
   * run directory, which holds `frr-templates/` (the group policy as render-frr templates).
   */
  readonly agentArgs?: readonly string[];
  /**
   * Run every agent from this container image (podman + runc; `meshrr init`, then the sidecar),
   * each container joining its router's network namespace like a pod's sidecar. The image must
   * carry FRR's vtysh and frr-reload.py (Dockerfile target agent-frr). Needs `agentMain` too (it
   * selects that the lab has agents; the image's own agent is what runs).
   */
  readonly agentImage?: string;
  /** Lab id used in namespace names (`mlab-<id>-…`, 1-8 of a-z0-9). Default: 4 random hex digits. */
  readonly labId?: string;
}

function initialState(topology: Topology, options: LabUpOptions, labId: string): LabState {
  const agent =
    options.agentMain === undefined
      ? undefined
      : {
          node: options.node ?? process.execPath,
          main: resolve(options.agentMain),
          httpPort: options.httpPort ?? 9090,
          logLevel: options.logLevel ?? 'info',
          extraArgs: options.agentArgs ?? [],
          ...(options.agentImage === undefined ? {} : { image: options.agentImage }),
        };
  return {
    version: 1,
    labId,
    name: topology.name,
    topologyFile: topology.file,
    stateDir: resolve(options.stateDir),
    namespace: topology.namespace,
    network: topology.network,
    network6: topology.network6,
    ipFamilies: topology.ipFamilies,
    switchNetns: `mlab-${labId}-sw`,
    namespaces: [],
    routers: [],
    nextHost: {},
    nextPort: 1,
    groups: Object.fromEntries(topology.groups.map((g) => [g.name, g])),
    ...(agent === undefined ? {} : { agent }),
  };
}

async function startDns(state: LabState): Promise<void> {
  const netns = `mlab-${state.labId}-dns`;
  const addresses = nodeAddresses(state, addressIn(state.network, 0, DNS_HOST));
  const dns = {
    netns,
    switchPort: allocatePort(state),
    address: addresses[0] ?? fail('dns'),
    addresses,
    dir: resolve(state.stateDir, 'dns'),
  };
  state.dns = dns;
  state.namespaces.push(netns);
  saveState(state);
  await createNode({
    netns,
    switchNetns: state.switchNetns,
    switchPort: dns.switchPort,
    cidrs: addresses.map((a) => `${a}/${linkPrefixLength(a)}`),
    loopbacks: [],
  });
  writeBindConfig(dns.dir, addresses);
  state.dns = { ...dns, process: await startBind(netns, dns.dir) };
  saveState(state);
}

function routeReflectors(state: LabState, topology: Topology): RouterState[] {
  return topology.groups.flatMap((group) =>
    Array.from({ length: group.count }, (_, i): RouterState => {
      const address = allocateAddress(state, group.index);
      return routeReflectorRecord(state, group, `${group.name}-${i}`, address, allocatePort(state));
    }),
  );
}

/**
 * A client router record for `spec` in a running lab: its address (`spec.address` or the next in
 * the network's 200th /24; its IPv6 twin for an IPv6 client) and the first `spec.peers` route reflectors of its group.
 */
export function clientRecord(state: LabState, spec: ClientSpec): RouterState {
  const group = state.groups[spec.peerGroup];
  if (group === undefined) throw new LabError(`client ${spec.name}: unknown group ${spec.peerGroup}`);
  const taken = new Set(state.routers.map((r) => r.address));
  const slot = spec.address ?? allocateAddress(state, CLIENT_SUBNET, taken);
  const transport = spec.transport ?? state.ipFamilies?.[0] ?? 'ipv4';
  const addresses = nodeAddresses(state, slot, transport);
  const members = state.routers.filter((r) => r.kind === 'rr' && r.group === group.name).map((r) => r.name);
  const peers = members.slice(0, spec.peers ?? members.length);
  return {
    name: spec.name,
    kind: 'client',
    group: group.name,
    netns: `mlab-${state.labId}-${spec.name}`,
    switchPort: allocatePort(state),
    address: addresses[0] ?? slot,
    addresses,
    dir: '',
    asn: spec.asn ?? group.asn,
    generation: 0,
    processes: {},
    peers,
    prefixes: spec.prefixes,
    transport,
    session: {
      ...(spec.password === undefined ? {} : { password: spec.password }),
      ...(spec.enforceFirstAs === undefined ? {} : { enforceFirstAs: spec.enforceFirstAs }),
    },
  };
}

/**
 * Brings a topology up: checks root and the FRR/bind9 programs, validates the topology file,
 * creates the switch namespace, the DNS server (bind9, `cluster.local`, TTL 1), every route
 * reflector (namespace, FRR, agent, DNS entry once Ready) and every client FRR. Resolves with the
 * handle once everything runs (sessions may still be coming up: poll {@link labStatus}).
 * @throws {LabPrerequisiteError} when not root or programs are missing; {@link TopologyError} for a
 * bad topology; {@link LabError} when a lab already runs in `stateDir` or something fails to start
 * — then everything started so far is removed (`labDown`) before rethrowing.
 */
export async function labUp(topologyFile: string, options: LabUpOptions): Promise<LabHandle> {
  const topology = loadTopology(topologyFile);
  const bird = usesBird(topology);
  assertPrerequisites({ bird });
  if (bird && options.agentImage !== undefined)
    throw new LabError(
      `${topology.file}: BIRD route reflectors (daemon: bird) cannot run with --agent-image: the agent image carries FRR's tools and no BIRD plugin`,
    );
  if (readState(options.stateDir) !== undefined)
    throw new LabError(`a lab already runs in ${options.stateDir}: run "meshrr lab down" first`);
  const labId = options.labId ?? randomBytes(2).toString('hex');
  if (!/^[a-z0-9]{1,8}$/.test(labId)) throw new LabError(`invalid lab id ${labId}: 1-8 of a-z, 0-9`);
  const state = initialState(topology, options, labId);
  state.namespaces.push(state.switchNetns);
  mkdirSync(state.stateDir, { recursive: true });
  makeTraversable(state.stateDir);
  saveState(state);
  try {
    await createSwitch(state.switchNetns);
    await startDns(state);
    pushAll(state.routers, routeReflectors(state, topology));
    saveState(state);
    await Promise.all(
      state.routers.map((router) =>
        startRouteReflector(
          state,
          router,
          topology.groups.find((g) => g.name === router.group) ?? fail(`group ${router.group}`),
        ),
      ),
    );
    const clients = topology.clients.map((spec) => clientRecord(state, spec));
    pushAll(state.routers, clients);
    saveState(state);
    await Promise.all(
      clients.map((client) => startClient(state, client, state.groups[client.group]?.asn ?? client.asn)),
    );
    return handleOf(state);
  } catch (error) {
    await labDown(state.stateDir);
    throw error;
  }
}

/** True when a route reflector of the topology runs BIRD. */
function usesBird(topology: Topology): boolean {
  return topology.groups.some((g) =>
    Array.from({ length: g.count }, (_, i) => daemonOf(g, `${g.name}-${i}`)).includes('bird'),
  );
}

/**
 * FRR drops to user `frr`, which must reach the router directories: gives "others" search (x)
 * permission on the state directory when it lacks it (mkdtemp makes 0700), and refuses a state
 * directory below a parent "others" cannot search (changing the user's own directories is not ours
 * to do).
 * @throws {LabError} naming the parent and the fix.
 */
function makeTraversable(dir: string): void {
  const mode = statSync(dir).mode;
  if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
  for (let parent = dirname(dir); parent !== dirname(parent); parent = dirname(parent)) {
    if ((statSync(parent).mode & 0o001) === 0) {
      throw new LabError(
        `FRR runs as user frr and cannot reach ${dir}: ${parent} is not searchable by others; choose a state directory elsewhere (e.g. under /tmp) or chmod o+x ${parent}`,
      );
    }
  }
}

function fail(what: string): never {
  throw new LabError(`unreachable: no ${what}`);
}
