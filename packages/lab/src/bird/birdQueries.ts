import { cidrContains, hostCidr, parseCidr } from '@meshrr/core';
import type { NeighborInfo, PathInfo, RouterSnapshot } from '../lab/frrQueries.js';
import { PROGRAMS } from '../system/prerequisites.js';
import { run } from '../system/run.js';
import { LabError } from '../errors.js';
import { COMMAND_TIMEOUT_MS } from '../system/timeouts.js';

/** One protocol of `birdc show protocols all` (text output), with the fields the lab reads. */
interface ProtocolText {
  readonly name: string;
  readonly proto: string;
  readonly since: string | undefined;
  readonly fields: Map<string, string>;
}

/** RFC 4271 state names from BIRD's `BGP state:` (BIRD's `Passive` is Active without own attempts). */
const STATES: Readonly<Record<string, string>> = { Passive: 'Active', Down: 'Idle' };

/** Splits `birdc show protocols all` output into protocols (header at column 0, details indented). */
function protocolsOf(text: string): ProtocolText[] {
  const protocols: ProtocolText[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('BIRD ') || line.startsWith('Name ')) continue;
    if (!/^\s/.test(line)) {
      const [name, proto, , , since] = line.trim().split(/\s+/);
      if (name !== undefined && proto !== undefined) protocols.push({ name, proto, since, fields: new Map() });
      continue;
    }
    const field = /^\s+([A-Za-z][A-Za-z ]*?):\s+(.*?)\s*$/.exec(line);
    const current = protocols.at(-1);
    // The first value of a field wins: channel details below repeat keys such as State.
    if (field !== null && current !== undefined && !current.fields.has(field[1]!))
      current.fields.set(field[1]!, field[2]!);
  }
  return protocols;
}

/**
 * The BGP sessions in `birdc show protocols all` output: one per BGP protocol with a `Neighbor
 * address` (listeners with a `Neighbor range` are not sessions). `dynamic` when the address lies
 * in a listener's range (a session BIRD spawned from it); the uptime of an Established session
 * from the `Since` column when it is epoch seconds (`timeformat protocol "%s.%3f"`, which the BIRD
 * plugin renders) and `nowMs`. BIRD counts no connections: both counters are 0.
 */
export function parseBirdProtocols(text: string, nowMs: number): NeighborInfo[] {
  const bgp = protocolsOf(text).filter((p) => p.proto === 'BGP');
  const ranges = bgp.flatMap((p) => {
    const parsed = parseCidr(p.fields.get('Neighbor range') ?? '');
    return parsed.ok ? [parsed.cidr] : [];
  });
  return bgp.flatMap((p): NeighborInfo[] => {
    const peer = p.fields.get('Neighbor address');
    if (peer === undefined || p.fields.has('Neighbor range')) return [];
    const raw = p.fields.get('BGP state') ?? 'Idle';
    const state = STATES[raw] ?? raw;
    const host = hostCidr(peer);
    const since = p.since !== undefined && /^\d+(\.\d+)?$/.test(p.since) ? Number(p.since) * 1000 : undefined;
    return [
      {
        peer,
        state,
        connectionsEstablished: 0,
        connectionsDropped: 0,
        peerGroup: undefined,
        dynamic: host !== undefined && ranges.some((range) => cidrContains(range, host)),
        ...(state === 'Established' && since !== undefined
          ? { establishedForMs: Math.max(0, Math.round(nowMs - since)) }
          : {}),
      },
    ];
  });
}

/**
 * The routes in `birdc show route … all` output, by prefix: `best` for the route marked `*` when
 * it is a `unicast` route (one whose next hop resolved; BIRD keeps unresolved ones as
 * `unreachable`), with `BGP.local_pref`, `BGP.as_path` and `BGP.community` (`(65000,101)` → `65000:101`).
 */
export function parseBirdRoutes(text: string): Map<string, PathInfo[]> {
  const routes = new Map<string, PathInfo[]>();
  let prefix: string | undefined;
  let current: { best: boolean; localPref: number | undefined; communities: string[]; asPath: string } | undefined;
  for (const line of text.split('\n')) {
    const start = /^(\S+)?\s+(unicast|unreachable|blackhole|prohibit)\s+\[[^\]]*\]\s*(\*)?/.exec(line);
    if (start !== null && !line.startsWith('\t')) {
      if (start[1] !== undefined) prefix = start[1];
      if (prefix === undefined) continue;
      current = { best: start[3] === '*' && start[2] === 'unicast', localPref: undefined, communities: [], asPath: '' };
      routes.set(prefix, [...(routes.get(prefix) ?? []), current]);
      continue;
    }
    const attribute = /^\s+BGP\.(local_pref|community|as_path):\s*(.*?)\s*$/.exec(line);
    if (attribute === null || current === undefined) continue;
    if (attribute[1] === 'local_pref') current.localPref = Number(attribute[2]);
    else if (attribute[1] === 'as_path') current.asPath = attribute[2]!;
    else current.communities = [...attribute[2]!.matchAll(/\((\d+),\s*(\d+)\)/g)].map((m) => `${m[1]}:${m[2]}`);
  }
  return routes;
}

/** Output of one `birdc` command against the control socket `socket` (exit 1 = "not found" answers, kept). */
async function birdc(socket: string, command: string): Promise<string> {
  const out = await run(PROGRAMS.birdc, ['-s', socket, command], { timeoutMs: COMMAND_TIMEOUT_MS });
  if (out.stdout.includes('Unable to connect') || out.stderr.includes('Unable to connect'))
    throw new LabError(`birdc ${command} (${socket}): ${`${out.stdout}${out.stderr}`.trim()}`);
  return out.stdout;
}

/**
 * One BIRD router's view: its sessions (`show protocols all`) and its routes to the asked prefixes
 * (one `show route where net ~ [ … ] all`, exact prefixes).
 * @throws {LabError} when BIRD does not answer on `socket`.
 */
export async function birdSnapshot(socket: string, prefixes: readonly string[]): Promise<RouterSnapshot> {
  const [protocols, routes] = await Promise.all([
    birdc(socket, 'show protocols all'),
    prefixes.length === 0 ? '' : birdc(socket, `show route where net ~ [ ${prefixes.join(', ')} ] all`),
  ]);
  const byPrefix = parseBirdRoutes(routes);
  const answeredAt = Date.now();
  return {
    neighbors: parseBirdProtocols(protocols, answeredAt),
    answeredAt,
    paths: new Map(prefixes.map((p) => [p, byPrefix.get(p) ?? []])),
  };
}
