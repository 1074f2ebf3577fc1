import { LabError } from '../errors.js';
import { vtyshConfigure } from '../frr/vtysh.js';
import { allocateAddress, allocatePort, CLIENT_SUBNET } from '../state/addressing.js';
import {
  addressesOf,
  findRouter,
  requireState,
  saveState,
  type LabState,
  type RouterState,
} from '../state/labState.js';
import { stateDirOf, type LabRef } from './handle.js';
import { assignAddresses, peeringAddress, startClient, startRouteReflector, stopRouter } from './routerLifecycle.js';

/** What {@link labReplace} did. */
export interface ReplaceResult {
  readonly router: string;
  readonly oldAddress: string;
  readonly newAddress: string;
  /** From the start of the deletion until the new pod was in DNS (ms). */
  readonly elapsedMs: number;
}

/** Points every client that peered with one of `oldAddresses` at the router's new address of its family (what a VIP does). */
async function repointClients(state: LabState, router: RouterState, oldAddresses: readonly string[]): Promise<void> {
  const clients = state.routers.filter(
    (c) => c.kind === 'client' && c.peers.includes(router.name) && c.processes.bgpd !== undefined,
  );
  await Promise.all(
    clients.map((c) =>
      vtyshConfigure(c.dir, [
        `router bgp ${c.asn}`,
        ...oldAddresses.map((old) => `no neighbor ${old}`),
        `neighbor ${peeringAddress(c, router)} peer-group RR`,
      ]),
    ),
  );
}

/**
 * Replaces a router like deleting its pod: a route reflector leaves DNS, its agent and FRR stop and
 * its namespace goes; a new incarnation (generation + 1) comes up with a NEW address from its
 * group's /24, a fresh run directory and a new agent, and re-enters DNS once Ready. Clients that
 * peered with it are pointed at the new address. A client router is replaced the same way (new
 * address from the clients' /24 unless it had a fixed one).
 * @throws {LabError} for an unknown router or when the new incarnation fails to start.
 */
export async function labReplace(ref: LabRef, routerName: string): Promise<ReplaceResult> {
  const started = performance.now();
  const state = requireState(stateDirOf(ref));
  const router = findRouter(state, routerName);
  const oldAddress = router.address;
  const oldAddresses = addressesOf(router);
  await stopRouter(state, router);
  const group = state.groups[router.group];
  if (group === undefined) throw new LabError(`router ${routerName}: unknown group ${router.group}`);
  router.generation += 1;
  assignAddresses(
    state,
    router,
    allocateAddress(
      state,
      router.kind === 'rr' ? group.index : CLIENT_SUBNET,
      new Set(state.routers.map((r) => r.address)),
    ),
  );
  router.switchPort = allocatePort(state);
  saveState(state);
  if (router.kind === 'rr') {
    await startRouteReflector(state, router, group);
    await repointClients(state, router, oldAddresses);
  } else {
    await startClient(state, router, group.asn);
  }
  saveState(state);
  return { router: routerName, oldAddress, newAddress: router.address, elapsedMs: performance.now() - started };
}
