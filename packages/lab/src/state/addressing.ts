import { formatIpAddress, parseCidr } from '@meshrr/core';
import { LabError } from '../errors.js';
import type { LabState } from './labState.js';

/** Third octet of the /24 holding automatically addressed clients. */
export const CLIENT_SUBNET = 200;
/** Host number of the DNS server in the network's first /24. */
export const DNS_HOST = 2;

function base(network: string): bigint {
  const parsed = parseCidr(network);
  if (!parsed.ok) throw new LabError(`invalid lab network ${network}`);
  return parsed.cidr.network;
}

/** The address `<network>.<subnet>.<host>` as text. */
export function addressIn(network: string, subnet: number, host: number): string {
  return formatIpAddress({ family: 4, value: base(network) + BigInt(subnet * 256 + host) });
}

/**
 * Allocates the next unused host of `<network>.<subnet>.0/24` (1–254, never reused in a lab, so a
 * replaced router always gets a NEW address). @throws {LabError} when the /24 is used up.
 */
export function allocateAddress(state: LabState, subnet: number, taken: ReadonlySet<string> = new Set()): string {
  const key = String(subnet);
  for (let host = state.nextHost[key] ?? 1; host <= 254; host += 1) {
    const address = addressIn(state.network, subnet, host);
    if (subnet === 0 && host === DNS_HOST) continue;
    if (taken.has(address)) continue;
    state.nextHost[key] = host + 1;
    return address;
  }
  throw new LabError(`no free address left in ${addressIn(state.network, subnet, 0)}/24`);
}

/** Next switch port name (`p<n>`, unique in the lab). */
export function allocatePort(state: LabState): string {
  const port = `p${state.nextPort}`;
  state.nextPort += 1;
  return port;
}
