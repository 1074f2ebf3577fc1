import { FILE_LIMITS, readBoundedTextSync } from '@meshrr/core';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../errors.js';
import type { ProcessRecord } from '../system/processes.js';
import type { IpFamily } from './addressing.js';
import type { GroupPlan } from '../topology/loadTopology.js';
import type { Announcement, Daemon } from '../topology/schema.js';

/** One router of a lab: a route reflector (with an agent) or a client FRR. */
export interface RouterState {
  readonly name: string;
  readonly kind: 'rr' | 'client';
  /** RR: its group. Client: the RR group it peers with. */
  readonly group: string;
  readonly netns: string;
  switchPort: string;
  /** Its primary address (`POD_IP`): IPv4, or IPv6 in an IPv6-only lab and for IPv6 clients. */
  address: string;
  /**
   * Every address on its `eth0`, `address` first (`POD_IPS`): both families in a dual-stack lab.
   * Absent in labs started before IPv6: `[address]`.
   */
  addresses?: string[];
  /** Run directory of the current incarnation (FRR sockets, configs, logs). */
  dir: string;
  readonly asn: number;
  /** 0 at `up`, +1 per replacement. */
  generation: number;
  /** Route reflector: its BGP daemon (absent: FRR, as in labs started before BIRD). Clients run FRR. */
  readonly daemon?: Daemon;
  processes: { zebra?: ProcessRecord; bgpd?: ProcessRecord; bird?: ProcessRecord; agent?: ProcessRecord };
  /** Client: names of the RRs it peers with. */
  peers: string[];
  /** Client: what it announces. */
  readonly prefixes: readonly Announcement[];
  /** Client: its session options (MD5 key, first-AS check); absent = none, checked. */
  readonly session?: { readonly password?: string; readonly enforceFirstAs?: boolean };
  /** Client: the IP version it peers over (absent: IPv4). */
  readonly transport?: IpFamily;
}

/** Every address of a router or DNS server, primary first. */
export function addressesOf(node: { readonly address: string; readonly addresses?: readonly string[] }): string[] {
  return [...(node.addresses ?? [node.address])];
}

/** The DNS server of a lab. */
export interface DnsState {
  readonly netns: string;
  readonly switchPort: string;
  readonly address: string;
  readonly dir: string;
  /** Every address (both families in a dual-stack lab), `address` first; absent: `[address]`. */
  readonly addresses?: readonly string[];
  process?: ProcessRecord;
}

/** Everything `down`, `status` and `replace` need, persisted as `<stateDir>/lab.json`. */
export interface LabState {
  readonly version: 1;
  readonly labId: string;
  readonly name: string;
  readonly topologyFile: string;
  readonly stateDir: string;
  /** Cluster namespace used in DNS names (`<svc>.<namespace>.svc.cluster.local`). */
  readonly namespace: string;
  readonly network: string;
  /** The lab's IPv6 /64 (absent in labs started before IPv6). */
  readonly network6?: string;
  /** Address families of route reflectors and DNS, primary first (absent: IPv4 only). */
  readonly ipFamilies?: readonly IpFamily[];
  readonly switchNetns: string;
  /** Every namespace the lab created (also the ones of routers that failed half-way). */
  namespaces: string[];
  dns?: DnsState;
  routers: RouterState[];
  /** Next free host number per /24 (key: third octet). */
  nextHost: Record<string, number>;
  nextPort: number;
  /** Agent entry point and node binary used for RR agents; undefined = FRR only. */
  readonly agent?: {
    readonly node: string;
    readonly main: string;
    readonly httpPort: number;
    readonly logLevel: string;
    readonly extraArgs?: readonly string[];
    /** Container image the agents run from (podman), instead of `node main`. */
    readonly image?: string;
  };
  /** The route-reflector groups by name (what `replace` needs to start a new pod). */
  readonly groups: Record<string, GroupPlan>;
}

/** Path of the state file in a state directory. */
export function stateFile(stateDir: string): string {
  return join(stateDir, 'lab.json');
}

/** Writes the state atomically (temp file + rename). */
export function saveState(state: LabState): void {
  mkdirSync(state.stateDir, { recursive: true });
  const file = stateFile(state.stateDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * Reads `<stateDir>/lab.json`, or undefined when there is none.
 * @throws {LabError} when the file exists but is not a lab state.
 */
export function readState(stateDir: string): LabState | undefined {
  let text: string;
  try {
    text = readBoundedTextSync(stateFile(stateDir), { maxBytes: FILE_LIMITS.configuration, what: 'lab state' });
  } catch (error) {
    if ((error as { missing?: boolean }).missing === true) return undefined;
    throw new LabError(`cannot read lab state ${stateFile(stateDir)}`, { cause: error });
  }
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== 'object' || parsed === null || (parsed as { version?: unknown }).version !== 1) {
    throw new LabError(`${stateFile(stateDir)} is not a meshrr lab state (version 1)`);
  }
  return parsed as LabState;
}

/**
 * Reads the state or throws {@link LabError} saying no lab runs there.
 */
export function requireState(stateDir: string): LabState {
  const state = readState(stateDir);
  if (state === undefined) throw new LabError(`no lab in ${stateDir} (no lab.json): run "meshrr lab up" first`);
  return state;
}

/** The router called `name`. @throws {LabError} naming the known routers when absent. */
export function findRouter(state: LabState, name: string): RouterState {
  const router = state.routers.find((r) => r.name === name);
  if (router === undefined)
    throw new LabError(
      `no router ${name} in lab ${state.name}; routers: ${state.routers.map((r) => r.name).join(', ')}`,
    );
  return router;
}
