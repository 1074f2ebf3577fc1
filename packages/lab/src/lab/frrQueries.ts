import { vtyshJson, vtyshJsonMany } from '../frr/vtysh.js';
import { PROGRAMS } from '../system/prerequisites.js';
import { runChecked } from '../system/run.js';
import { COMMAND_TIMEOUT_MS } from '../system/timeouts.js';

/** One BGP neighbor as FRR reports it. */
export interface NeighborInfo {
  readonly peer: string;
  readonly state: string;
  readonly connectionsEstablished: number;
  readonly connectionsDropped: number;
  readonly peerGroup: string | undefined;
  readonly dynamic: boolean;
  /** Established: for how long (bgpd's `bgpTimerUpMsec` when it answered: whole seconds, ×1000). */
  readonly establishedForMs?: number;
}

/** One path to a prefix. */
export interface PathInfo {
  readonly best: boolean;
  readonly localPref: number | undefined;
  readonly communities: readonly string[];
  /** AS path as text, `65001 65002` (`''` for a path with no AS: learned inside the AS). */
  readonly asPath: string;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** Parses `show bgp neighbors json` into a list (keys that are not addresses skipped). */
export function parseNeighbors(output: unknown): NeighborInfo[] {
  const json = record(output);
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
        ...(n['bgpState'] === 'Established' && typeof n['bgpTimerUpMsec'] === 'number'
          ? { establishedForMs: n['bgpTimerUpMsec'] }
          : {}),
      };
    });
}

/** The vtysh command showing the paths to `prefix`: `show bgp ipv4 unicast …` or, for an IPv6 prefix, `show bgp ipv6 unicast …`. */
export function showPathsCommand(prefix: string): string {
  return `show bgp ${prefix.includes(':') ? 'ipv6' : 'ipv4'} unicast ${prefix} json`;
}

/** Parses `show bgp ipv4|ipv6 unicast PREFIX json` (`{}` when absent → empty). */
export function parsePaths(output: unknown): PathInfo[] {
  const json = record(output);
  const list = Array.isArray(json['paths']) ? (json['paths'] as unknown[]) : [];
  return list.map((raw) => {
    const p = record(raw);
    const community = record(p['community'])['string'];
    const asPath = record(p['aspath'])['string'];
    return {
      asPath: typeof asPath === 'string' && asPath !== 'Local' ? asPath : '',
      best: record(p['bestpath'])['overall'] === true,
      localPref:
        typeof p['locPrf'] === 'number' ? p['locPrf'] : typeof p['localpref'] === 'number' ? p['localpref'] : undefined,
      communities: typeof community === 'string' ? community.split(' ').filter((c) => c !== '') : [],
    };
  });
}

/** Paths FRR in `dir` has for `prefix` (empty when absent). */
export async function paths(dir: string, prefix: string): Promise<PathInfo[]> {
  return parsePaths(await vtyshJson(dir, showPathsCommand(prefix)));
}

/** One router's BGP view: its neighbors and its paths for each asked prefix. */
export interface RouterSnapshot {
  readonly neighbors: readonly NeighborInfo[];
  /** `Date.now()` when bgpd's answer was in (its `establishedForMs` count back from at most then). */
  readonly answeredAt: number;
  readonly paths: ReadonlyMap<string, readonly PathInfo[]>;
}

/** Reads neighbors and the paths of `prefixes` from the FRR in `dir` with a single vtysh call. */
export async function snapshot(dir: string, prefixes: readonly string[]): Promise<RouterSnapshot> {
  const [neighborJson, ...pathJson] = await vtyshJsonMany(dir, [
    'show bgp neighbors json',
    ...prefixes.map(showPathsCommand),
  ]);
  return {
    neighbors: parseNeighbors(neighborJson),
    answeredAt: Date.now(),
    paths: new Map(prefixes.map((p, i) => [p, parsePaths(pathJson[i])])),
  };
}

/** `show running-config` of the FRR in `dir` (text; dynamic neighbors are not part of it). */
export async function runningConfig(dir: string): Promise<string> {
  return runChecked(PROGRAMS.vtysh, ['--vty_socket', dir, '-c', 'show running-config'], {
    timeoutMs: COMMAND_TIMEOUT_MS,
  });
}
