import { LabError } from '../errors.js';
import { vtyshConfigure } from '../frr/vtysh.js';
import { requireState, saveState, type LabState, type RouterState } from '../state/labState.js';
import { stateDirOf, type LabRef } from './handle.js';
import { labAddRouteReflector } from './labGrow.js';
import { peeringAddress, stopRouter } from './routerLifecycle.js';

/** What {@link labScale} did. */
export interface ScaleResult {
  readonly group: string;
  readonly before: number;
  readonly after: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** The `<group>-<n>` index of a router of the group (routers named otherwise sort last). */
function ordinal(group: string, router: RouterState): number {
  const match = new RegExp(`^${group}-(\\d+)$`).exec(router.name);
  return match === null ? Number.MAX_SAFE_INTEGER : Number(match[1]);
}

function podsOf(state: LabState, group: string): RouterState[] {
  return state.routers
    .filter((r) => r.kind === 'rr' && r.group === group)
    .sort((a, b) => ordinal(group, a) - ordinal(group, b));
}

/** Removes a scaled-in route reflector from the clients that peered with it (their neighbor goes too). */
async function forgetAtClients(state: LabState, removed: RouterState): Promise<void> {
  for (const client of state.routers.filter((c) => c.kind === 'client' && c.peers.includes(removed.name))) {
    if (client.processes.bgpd !== undefined)
      await vtyshConfigure(client.dir, [`router bgp ${client.asn}`, `no neighbor ${peeringAddress(client, removed)}`]);
    client.peers = client.peers.filter((name) => name !== removed.name);
  }
}

/**
 * Scales a route-reflector group to `count` pods like `kubectl scale`: scale-out adds pods one
 * after the other (`<group>-<n>`, the lowest free index, a new address; each enters DNS once
 * Ready); scale-in deletes the highest-numbered pods like a StatefulSet (each leaves DNS, its
 * agent drains on SIGTERM, FRR stops, its namespace goes) and clients that peered with one lose
 * that neighbor. Resolves once every added pod is in DNS and every removed one is gone.
 * @throws {LabError} for an unknown group or a count that is not an integer ≥ 0.
 */
export async function labScale(ref: LabRef, groupName: string, count: number): Promise<ScaleResult> {
  const stateDir = stateDirOf(ref);
  const state = requireState(stateDir);
  if (state.groups[groupName] === undefined)
    throw new LabError(
      `no route-reflector group ${groupName} in lab ${state.name}; groups: ${Object.keys(state.groups).join(', ')}`,
    );
  if (!Number.isInteger(count) || count < 0)
    throw new LabError(`scale ${groupName}: the count must be an integer ≥ 0 (got ${String(count)})`);
  const pods = podsOf(state, groupName);
  const added: string[] = [];
  for (let n = pods.length; n < count; n += 1) added.push((await labAddRouteReflector(stateDir, groupName)).router);
  const removed: string[] = [];
  for (const pod of pods.slice(count).reverse()) {
    await stopRouter(state, pod);
    await forgetAtClients(state, pod);
    state.routers = state.routers.filter((r) => r !== pod);
    saveState(state);
    removed.push(pod.name);
  }
  return { group: groupName, before: pods.length, after: Math.max(count, 0), added, removed };
}
