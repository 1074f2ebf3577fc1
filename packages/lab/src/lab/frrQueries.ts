import { vtyshJson } from '../frr/vtysh.js';

/** One BGP neighbor as FRR reports it. */
export interface NeighborInfo {
  readonly peer: string;
  readonly state: string;
  readonly connectionsEstablished: number;
  readonly connectionsDropped: number;
  readonly peerGroup: string | undefined;
  readonly dynamic: boolean;
}

/** One path to a prefix. */
export interface PathInfo {
  readonly best: boolean;
  readonly localPref: number | undefined;
  readonly communities: readonly string[];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** `show bgp neighbors json` of the FRR in `dir`, as a list (keys that are not addresses skipped). */
export async function neighbors(dir: string): Promise<NeighborInfo[]> {
  const json = record(await vtyshJson(dir, 'show bgp neighbors json'));
  return Object.entries(json)
    .filter(([key]) => /^[0-9a-f.:]+$/i.test(key))
    .map(([peer, raw]) => {
      const n = record(raw);
      return {
        peer,
        state: typeof n['bgpState'] === 'string' ? n['bgpState'] : 'Unknown',
        connectionsEstablished: num(n['connectionsEstablished']),
        connectionsDropped: num(n['connectionsDropped']),
        peerGroup: typeof n['peerGroup'] === 'string' ? n['peerGroup'] : undefined,
        dynamic: typeof n['peerSubnetRangeGroup'] === 'string',
      };
    });
}

/** Paths FRR in `dir` has for `prefix` (`show bgp ipv4 unicast PREFIX json`; empty when absent). */
export async function paths(dir: string, prefix: string): Promise<PathInfo[]> {
  const json = record(await vtyshJson(dir, `show bgp ipv4 unicast ${prefix} json`));
  const list = Array.isArray(json['paths']) ? (json['paths'] as unknown[]) : [];
  return list.map((raw) => {
    const p = record(raw);
    const community = record(p['community'])['string'];
    return {
      best: record(p['bestpath'])['overall'] === true,
      localPref: typeof p['locPrf'] === 'number' ? p['locPrf'] : typeof p['localpref'] === 'number' ? p['localpref'] : undefined,
      communities: typeof community === 'string' ? community.split(' ').filter((c) => c !== '') : [],
    };
  });
}

