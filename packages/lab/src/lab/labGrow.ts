import { LabError } from '../errors.js';
import { allocateAddress, allocatePort } from '../state/addressing.js';
import { requireState, saveState } from '../state/labState.js';
import type { ClientSpec } from '../topology/schema.js';
import { stateDirOf, type LabRef } from './handle.js';
import { clientRecord } from './labUp.js';
import { routeReflectorRecord, startClient, startRouteReflector } from './routerLifecycle.js';

/**
 * Adds a client FRR to a running lab without touching any route reflector (it must be accepted
 * through a listen range). Resolves once its FRR runs.
 * @throws {LabError} when a router of that name exists or its group is unknown.
 */
export async function labAddClient(ref: LabRef, spec: ClientSpec): Promise<void> {
  const state = requireState(stateDirOf(ref));
  if (state.routers.some((r) => r.name === spec.name))
    throw new LabError(`a router named ${spec.name} already exists in lab ${state.name}`);
  const client = clientRecord(state, spec);
  state.routers.push(client);
  saveState(state);
  await startClient(state, client, state.groups[client.group]?.asn ?? client.asn);
}

/**
 * Scales a route-reflector group up by one pod (`<group>-<n>`, next free index) with a new address,
 * like `kubectl scale`: it starts, and enters DNS once Ready. Resolves with the new router's name
 * and address once it is in DNS.
 * @throws {LabError} for an unknown group or when the pod fails to start.
 */
export async function labAddRouteReflector(
  ref: LabRef,
  groupName: string,
): Promise<{ readonly router: string; readonly address: string }> {
  const state = requireState(stateDirOf(ref));
  const group = state.groups[groupName];
  if (group === undefined)
    throw new LabError(
      `no route-reflector group ${groupName} in lab ${state.name}; groups: ${Object.keys(state.groups).join(', ')}`,
    );
  let index = 0;
  while (state.routers.some((r) => r.name === `${groupName}-${index}`)) index += 1;
  const name = `${groupName}-${index}`;
  const address = allocateAddress(state, group.index, new Set(state.routers.map((r) => r.address)));
  const router = routeReflectorRecord(state, group, name, address, allocatePort(state));
  state.routers.push(router);
  saveState(state);
  await startRouteReflector(state, router, group);
  return { router: name, address };
}
