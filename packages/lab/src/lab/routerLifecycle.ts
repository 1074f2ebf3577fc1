import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { formatIpAddress, parseCidr } from '@meshrr/core';
import { agentAnswers, runInitContainer, startAgent } from '../agent/agentProcess.js';
import { writePodConfig, writePolicyTemplates } from '../agent/podConfig.js';
import { updateRecords, type RecordChange } from '../dns/bindServer.js';
import { LabError } from '../errors.js';
import { clientConfig, routeReflectorBaseConfig } from '../frr/frrConfig.js';
import { prepareFrrDir, startFrr, stopFrr } from '../frr/frrDaemons.js';
import { findRouter, saveState, type LabState, type RouterState } from '../state/labState.js';
import { createNode, deleteNetns } from '../system/netns.js';
import { isAlive, stopProcess, waitFor } from '../system/processes.js';
import type { GroupPlan } from '../topology/loadTopology.js';
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

/** The first host of a prefix with its length (`10.201.1.0/24` → `10.201.1.1/24`), put on `lo`. */
function loopbackOf(prefix: string): string {
  const parsed = parseCidr(prefix);
  if (!parsed.ok) throw new LabError(`invalid prefix ${prefix}: ${parsed.reason}`);
  const host = parsed.cidr.length >= 31 ? parsed.cidr.network : parsed.cidr.network + 1n;
  return `${formatIpAddress({ family: 4, value: host })}/${parsed.cidr.length}`;
}

function routerDir(state: LabState, router: RouterState): string {
  return join(state.stateDir, 'routers', `${router.name}.${router.generation}`);
}

/** DNS records of a Ready route reflector: the headless service name and the per-pod name. */
export function podRecords(state: LabState, router: RouterState, op: RecordChange['op']): RecordChange[] {
  const service = `${state.groups[router.group]?.service ?? router.group}.${state.namespace}.svc`;
  return [
    { op, name: service, address: router.address },
    { op, name: `${router.name}.${service}`, address: router.address },
  ];
}

async function plugIn(state: LabState, router: RouterState, loopbacks: readonly string[]): Promise<void> {
  if (!state.namespaces.includes(router.netns)) state.namespaces.push(router.netns);
  saveState(state);
  await createNode({
    netns: router.netns,
    switchNetns: state.switchNetns,
    switchPort: router.switchPort,
    cidr: `${router.address}/16`,
    loopbacks,
  });
}

/**
 * Starts a route reflector like a pod: namespace + address, FRR with the base config, the agent
 * (when the lab has one) with POD_IP and a pod-like meshrr.conf.yml, then — once Ready (agent
 * `/healthz` 200, or FRR up without agent) — adds its address to DNS. State is saved after each
 * process start so `down` can clean up after a failure.
 */
export async function startRouteReflector(state: LabState, router: RouterState, group: GroupPlan): Promise<void> {
  router.dir = routerDir(state, router);
  await plugIn(state, router, []);
  await prepareFrrDir(router.dir, routeReflectorBaseConfig(router.asn, router.address, group.frrPolicy));
  router.processes = { ...(await startFrr(router.netns, router.dir, router.name)) };
  saveState(state);
  const dns = state.dns;
  if (dns === undefined) throw new LabError('the lab DNS server is not running');
  writePodConfig(router.dir, group.meshrr, state.namespace, dns.address);
  writePolicyTemplates(router.dir, group.meshrr, group.frrPolicy);
  if (state.agent !== undefined) await startRouterAgent(state, router, { init: true });
  await updateRecords(dns.netns, podRecords(state, router, 'add'));
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
  const { node, main, httpPort, logLevel, extraArgs, image } = state.agent;
  const launch = {
    node,
    main,
    httpPort,
    logLevel,
    extraArgs: extraArgs ?? [],
    netns: router.netns,
    dir: router.dir,
    address: router.address,
    label: router.name,
    labId: state.labId,
  };
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

/** Addresses of the route reflectors a client peers with. */
function clientNeighbors(state: LabState, client: RouterState): string[] {
  return client.peers.map((name) => findRouter(state, name).address);
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
    routerId: client.address,
    peerAsn,
    neighbors: clientNeighbors(state, client),
    prefixes: client.prefixes,
  });
  await prepareFrrDir(client.dir, config);
  client.processes = { ...(await startFrr(client.netns, client.dir, client.name)) };
  saveState(state);
}

/**
 * Stops a router like a pod deletion: a route reflector leaves DNS first (ignored when the DNS
 * server is down), then the agent (SIGTERM: graceful shutdown, 15 s grace), FRR, and the namespace.
 * Idempotent.
 */
export async function stopRouter(state: LabState, router: RouterState): Promise<void> {
  if (router.kind === 'rr' && state.dns?.process !== undefined) {
    await updateRecords(state.dns.netns, podRecords(state, router, 'delete')).catch(() => undefined);
  }
  if (router.processes.agent !== undefined) await stopProcess(router.processes.agent, 15_000);
  await stopFrr(router.processes);
  router.processes = {};
  await deleteNetns(router.netns);
  state.namespaces = state.namespaces.filter((name) => name !== router.netns);
  saveState(state);
}
