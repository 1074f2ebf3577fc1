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

/** IP versions a lab node can have. */
export type IpFamily = 'ipv4' | 'ipv6';

/** The lab's addressing plan: its IPv4 /16, its IPv6 ULA /64 and which of them nodes get, primary first. */
export interface AddressPlan {
  readonly network: string;
  /** Absent in labs started before IPv6: `fd00:99::/64`. */
  readonly network6?: string;
  /** Absent in labs started before IPv6: `['ipv4']`. */
  readonly ipFamilies?: readonly IpFamily[];
}

/** Default IPv6 network of a lab (a ULA /64, only ever inside the lab's own namespaces). */
export const DEFAULT_NETWORK6 = 'fd00:99::/64';

/**
 * The IPv6 twin of a lab IPv4 address `<network>.<subnet>.<host>`: `<network6>::<subnet>:<host>`,
 * the two numbers written with the same digits (`10.99.1.3` → `fd00:99::1:3`, `10.99.200.11` →
 * `fd00:99::200:11`), so a node's two addresses read alike.
 * @throws {LabError} when `ipv4` is not inside the plan's IPv4 network.
 */
export function ipv6Twin(plan: AddressPlan, ipv4: string): string {
  const parsed = parseCidr(`${ipv4}/32`);
  const offset = parsed.ok ? parsed.cidr.network - base(plan.network) : -1n;
  if (offset < 0n || offset >= 65_536n) throw new LabError(`${ipv4} is not inside the lab network ${plan.network}`);
  const digits = (n: bigint): bigint => BigInt(`0x${n.toString(10)}`);
  const value = base(plan.network6 ?? DEFAULT_NETWORK6) + (digits(offset / 256n) << 16n) + digits(offset % 256n);
  return formatIpAddress({ family: 6, value });
}

/** Prefix length of a node's address on `eth0`: the lab's /16, or its IPv6 /64. */
export function linkPrefixLength(address: string): number {
  return address.includes(':') ? 64 : 16;
}

/**
 * A node's addresses from its IPv4 slot `ipv4`, in the lab's family order (the first is `POD_IP`):
 * `[ipv4]`, `[ipv4, ipv6]` (dual stack) or `[ipv6]` (IPv6-only). `only` restricts them to one
 * family (a client peering over that family).
 */
export function nodeAddresses(plan: AddressPlan, ipv4: string, only?: IpFamily): string[] {
  const families = only === undefined ? (plan.ipFamilies ?? ['ipv4']) : [only];
  return families.map((family) => (family === 'ipv4' ? ipv4 : ipv6Twin(plan, ipv4)));
}

/** The address of `addresses` of one family, if any. */
export function addressOfFamily(addresses: readonly string[], family: IpFamily): string | undefined {
  return addresses.find((a) => a.includes(':') === (family === 'ipv6'));
}
