import { closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { deriveRouterId, formatIpAddress, parseCidr, parseIpAddress } from '@meshrr/core';
import { agentAnswers, runBirdInit, runInitContainer, startAgent, type AgentLaunch } from '../agent/agentProcess.js';
import { writePodConfig, writePolicyTemplates } from '../agent/podConfig.js';
import { updateRecords, type RecordChange } from '../dns/bindServer.js';
import { LabError } from '../errors.js';
import { clientConfig, routeReflectorBaseConfig } from '../frr/frrConfig.js';
import { prepareFrrDir, startFrr, stopFrr } from '../frr/frrDaemons.js';
import { addressesOf, findRouter, saveState, type LabState, type RouterState } from '../state/labState.js';
import { addressOfFamily, linkPrefixLength, nodeAddresses } from '../state/addressing.js';
import { createNode, deleteNetns } from '../system/netns.js';
import { isAlive, stopProcess, waitFor } from '../system/processes.js';
import { daemonOf, type GroupPlan } from '../topology/loadTopology.js';
import { prepareBirdDir, startBird, stopBird } from '../bird/birdDaemon.js';
import { READY_TIMEOUT_MS } from '../system/timeouts.js';

/** How long an agent may take to answer `/healthz` after start. */
const AGENT_READY_TIMEOUT_MS = READY_TIMEOUT_MS;

/** The last `count` lines of a log file, from its last 64 KiB at most ('' when unreadable). */
function tail(file: string, count: number): string {
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, 64 * 1024);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      return buffer.toString('utf8').trimEnd().split('\n').slice(-count).join('\n');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

/** The first host of a prefix with its length (`10.201.1.0/24` → `10.201.1.1/24`, `fd10::/48` → `fd10::1/48`), put on `lo`. */
function loopbackOf(prefix: string): string {
  const parsed = parseCidr(prefix);
  if (!parsed.ok) throw new LabError(`invalid prefix ${prefix}: ${parsed.reason}`);
  const { family, length, network } = parsed.cidr;
  const host = length >= (family === 4 ? 31 : 127) ? network : network + 1n;
  return `${formatIpAddress({ family, value: host })}/${length}`;
}

function routerDir(state: LabState, router: RouterState): string {
  return join(state.stateDir, 'routers', `${router.name}.${router.generation}`);
}

/**
 * DNS records of a Ready route reflector: the headless service name and the per-pod name, an A
 * record per IPv4 and an AAAA record per IPv6 address of the pod (as CoreDNS serves a dual-stack
 * headless Service).
 */
export function podRecords(state: LabState, router: RouterState, op: RecordChange['op']): RecordChange[] {
  const service = `${state.groups[router.group]?.service ?? router.group}.${state.namespace}.svc`;
  return addressesOf(router).flatMap((address) => [
    { op, name: service, address },
    { op, name: `${router.name}.${service}`, address },
  ]);
}

/**
 * The BGP router-id a lab FRR starts with: its IPv4 address, or — IPv6-only — the one meshrr's
 * agent derives from the IPv6 `POD_IP` (`deriveRouterId`), so the agent's config changes nothing.
 */
export function labRouterId(router: RouterState): string {
  const addresses = addressesOf(router);
  const ipv4 = addressOfFamily(addresses, 'ipv4');
  if (ipv4 !== undefined) return ipv4;
  const ip = parseIpAddress(router.address);
  if (ip === undefined) throw new LabError(`router ${router.name}: invalid address ${router.address}`);
  return deriveRouterId(ip);
}

/** Gives `router` the addresses of IPv4 slot `slot` (its IPv6 twin per the lab's families; a client's of its transport). */
export function assignAddresses(state: LabState, router: RouterState, slot: string): void {
  const addresses = nodeAddresses(state, slot, router.kind === 'client' ? (router.transport ?? 'ipv4') : undefined);
  router.address = addresses[0] ?? slot;
  router.addresses = addresses;
}

async function plugIn(state: LabState, router: RouterState, loopbacks: readonly string[]): Promise<void> {
  if (!state.namespaces.includes(router.netns)) state.namespaces.push(router.netns);
  saveState(state);
  await createNode({
    netns: router.netns,
    switchNetns: state.switchNetns,
    switchPort: router.switchPort,
    cidrs: addressesOf(router).map((a) => `${a}/${linkPrefixLength(a)}`),
    loopbacks,
  });
}

/**
 * Starts the router's BGP daemon with its base configuration: FRR (zebra + bgpd), or BIRD from
 * the `bird.conf` that `meshrr init` renders (the pod's init container; the lab's minimal one
 * when the lab runs no agents). Needs the pod's meshrr.conf.yml in the run directory.
 */
async function startDaemon(state: LabState, router: RouterState, group: GroupPlan): Promise<void> {
  if (router.daemon === 'bird') {
    prepareBirdDir(router.dir, router.address);
    if (state.agent !== undefined) await runBirdInit(agentLaunch(state, router));
    router.processes = { bird: await startBird(router.netns, router.dir, router.name) };
    return;
  }
  await prepareFrrDir(router.dir, routeReflectorBaseConfig(router.asn, labRouterId(router), group.frrPolicy));
  router.processes = { ...(await startFrr(router.netns, router.dir, router.name)) };
}

/**
 * Starts a route reflector like a pod: namespace + address, its daemon (FRR, or BIRD for
 * `daemon: bird`) with the base config, the agent (when the lab has one) with POD_IP and a pod-like
 * meshrr.conf.yml, then — once Ready (agent `/healthz` 200, or the daemon up without agent) — adds
 * its address to DNS. State is saved after each process start so `down` can clean up after a failure.
 */
export async function startRouteReflector(state: LabState, router: RouterState, group: GroupPlan): Promise<void> {
  router.dir = routerDir(state, router);
  await plugIn(state, router, []);
  const dns = state.dns;
  if (dns === undefined) throw new LabError('the lab DNS server is not running');
  mkdirSync(router.dir, { recursive: true });
  writePodConfig(router.dir, group.meshrr, state.namespace, dns.address, group.secretFiles);
  await startDaemon(state, router, group);
  saveState(state);
  if (router.daemon !== 'bird') writePolicyTemplates(router.dir, group.meshrr, group.frrPolicy);
  if (state.agent !== undefined) await startRouterAgent(state, router, { init: true });
  await updateRecords(dns.netns, podRecords(state, router, 'add'));
}

/** How the lab runs the agent of `router` (without the container image). @throws {LabError} when the lab has no agents. */
function agentLaunch(state: LabState, router: RouterState): AgentLaunch {
  if (state.agent === undefined) throw new LabError(`lab ${state.name} runs no agents`);
  const { node, main, httpPort, logLevel, extraArgs } = state.agent;
  return {
    node,
    main,
    httpPort,
    logLevel,
    extraArgs: extraArgs ?? [],
    netns: router.netns,
    dir: router.dir,
    address: router.address,
    addresses: addressesOf(router),
    label: router.name,
    labId: state.labId,
    ...(router.daemon === undefined ? {} : { daemon: router.daemon }),
  };
}

/**
 * Starts the agent of a route reflector (the lab's agent settings, the router's run directory and
 * address; in its container image when the lab has one) and resolves once it answers `/healthz`.
 * `init`: run the pod's init container first (at pod start; a container restart does not).
 * State is saved once the process runs.
 * @throws {LabError} when the lab has no agent, or the agent exits or does not answer in time.
 */
export async function startRouterAgent(
  state: LabState,
  router: RouterState,
  options: { readonly init: boolean },
): Promise<void> {
  if (state.agent === undefined) throw new LabError(`lab ${state.name} runs no agents`);
  const { image, httpPort } = state.agent;
  const launch = agentLaunch(state, router);
  if (image !== undefined && options.init) await runInitContainer({ ...launch, image });
  const agent = await startAgent(image === undefined ? launch : { ...launch, image });
  router.processes.agent = agent;
  saveState(state);
  const log = join(router.dir, 'agent.log');
  await waitFor(
    `agent of ${router.name} to answer /healthz (log: ${log})`,
    async () => {
      if (!isAlive(agent))
        throw new LabError(
          `the agent of ${router.name} exited during start-up; last lines of ${log}:\n${tail(log, 15)}`,
        );
      return agentAnswers(router.netns, httpPort, '/healthz');
    },
    AGENT_READY_TIMEOUT_MS,
  );
}

/** The address `client` peers with on route reflector `rr`: the one of the client's transport family. */
export function peeringAddress(client: RouterState, rr: RouterState): string {
  const address = addressOfFamily(addressesOf(rr), client.transport ?? 'ipv4');
  if (address === undefined)
    throw new LabError(
      `client ${client.name} peers over ${client.transport ?? 'ipv4'} but ${rr.name} has no such address`,
    );
  return address;
}

/** Addresses of the route reflectors a client peers with (of its transport family). */
function clientNeighbors(state: LabState, client: RouterState): string[] {
  return client.peers.map((name) => peeringAddress(client, findRouter(state, name)));
}

/**
 * Starts a client FRR: namespace + address, its prefixes' first hosts on `lo`, FRR with the full
 * client config (neighbors: its route reflectors' current addresses).
 */
export async function startClient(state: LabState, client: RouterState, peerAsn: number): Promise<void> {
  client.dir = routerDir(state, client);
  await plugIn(
    state,
    client,
    client.prefixes.map((p) => loopbackOf(p.prefix)),
  );
  const config = clientConfig({
    asn: client.asn,
    routerId: labRouterId(client),
    peerAsn,
    neighbors: clientNeighbors(state, client),
    prefixes: client.prefixes,
    ...(client.transport === undefined ? {} : { transport: client.transport }),
    ...client.session,
  });
  await prepareFrrDir(client.dir, config);
  client.processes = { ...(await startFrr(client.netns, client.dir, client.name)) };
  saveState(state);
}

/**
 * A new route-reflector record `name` of `group` (generation 0, no process yet) with its daemon and
 * the addresses of IPv4 slot `slot` (per the lab's `ipFamilies`).
 */
export function routeReflectorRecord(
  state: LabState,
  group: GroupPlan,
  name: string,
  slot: string,
  switchPort: string,
): RouterState {
  const addresses = nodeAddresses(state, slot);
  return {
    name,
    kind: 'rr',
    group: group.name,
    netns: `mlab-${state.labId}-${name}`,
    switchPort,
    address: addresses[0] ?? slot,
    addresses,
    dir: '',
    asn: group.asn,
    generation: 0,
    daemon: daemonOf(group, name),
    processes: {},
    peers: [],
    prefixes: [],
  };
}

/**
 * Stops a router like a pod deletion: a route reflector leaves DNS first (ignored when the DNS
 * server is down), then the agent (SIGTERM: graceful shutdown, 15 s grace), its daemon, and the namespace.
 * Idempotent.
 */
export async function stopRouter(state: LabState, router: RouterState): Promise<void> {
  if (router.kind === 'rr' && state.dns?.process !== undefined) {
    await updateRecords(state.dns.netns, podRecords(state, router, 'delete')).catch(() => undefined);
  }
  if (router.processes.agent !== undefined) await stopProcess(router.processes.agent, 15_000);
  await stopFrr(router.processes);
  await stopBird(router.processes.bird);
  router.processes = {};
  await deleteNetns(router.netns);
  state.namespaces = state.namespaces.filter((name) => name !== router.netns);
  saveState(state);
}
