import { requireState, type LabState, type RouterState } from '../state/labState.js';
import { isAlive } from '../system/processes.js';
import { neighbors, paths } from './frrQueries.js';
import { stateDirOf, type LabRef } from './handle.js';

/** One BGP session of a router. */
export interface SessionStatus {
  readonly peer: string;
  /** The lab router holding `peer` now, or undefined (a stale neighbor, an address that left). */
  readonly peerName: string | undefined;
  /** That router's group (`client` routers report the group they peer with). */
  readonly group: string | undefined;
  readonly state: string;
  readonly connectionsEstablished: number;
  readonly connectionsDropped: number;
  /** Accepted through a listen range (dynamic neighbor). */
  readonly dynamic: boolean;
}

/** One router of the lab. */
export interface RouterStatus {
  readonly name: string;
  readonly kind: 'rr' | 'client';
  readonly group: string;
  readonly address: string;
  readonly generation: number;
  /** FRR (and the agent, for route reflectors with one) running. */
  readonly running: boolean;
  readonly sessions: readonly SessionStatus[];
}

/** Where one client prefix is seen. */
export interface PrefixStatus {
  readonly prefix: string;
  readonly origin: string;
  readonly communities: readonly string[];
  /** Every router with a best path for it, with that path's local preference and communities. */
  readonly seenAt: readonly { readonly router: string; readonly localPref: number | undefined; readonly communities: readonly string[] }[];
}

/** What {@link labStatus} returns (the JSON of `meshrr lab status --output json`). */
export interface LabStatus {
  readonly name: string;
  readonly stateDir: string;
  readonly dns: { readonly address: string; readonly running: boolean } | undefined;
  readonly routers: readonly RouterStatus[];
  readonly prefixes: readonly PrefixStatus[];
}

function running(router: RouterState): boolean {
  const { zebra, bgpd, agent } = router.processes;
  return [zebra, bgpd, agent].every((p) => p === undefined || isAlive(p)) && bgpd !== undefined;
}

async function routerStatus(state: LabState, router: RouterState): Promise<RouterStatus> {
  const byAddress = new Map(state.routers.map((r) => [r.address, r]));
  const up = running(router);
  const sessions = up ? await neighbors(router.dir).catch(() => []) : [];
  return {
    name: router.name,
    kind: router.kind,
    group: router.group,
    address: router.address,
    generation: router.generation,
    running: up,
    sessions: sessions.map((n) => ({
      peer: n.peer,
      peerName: byAddress.get(n.peer)?.name,
      group: byAddress.get(n.peer)?.group,
      state: n.state,
      connectionsEstablished: n.connectionsEstablished,
      connectionsDropped: n.connectionsDropped,
      dynamic: n.dynamic,
    })),
  };
}

async function prefixStatus(state: LabState, client: RouterState, announcement: RouterState['prefixes'][number]): Promise<PrefixStatus> {
  const seenAt = await Promise.all(
    state.routers
      .filter((r) => r.name !== client.name && running(r))
      .map(async (r) => ({ router: r.name, best: (await paths(r.dir, announcement.prefix).catch(() => [])).find((p) => p.best) })),
  );
  return {
    prefix: announcement.prefix,
    origin: client.name,
    communities: announcement.communities,
    seenAt: seenAt.flatMap(({ router, best }) => (best === undefined ? [] : [{ router, localPref: best.localPref, communities: best.communities }])),
  };
}

/**
 * Reads a lab's live state from its FRRs: every router with its sessions (peer address, the lab
 * router behind it, state, connection counters) and, for every client prefix, the routers holding a
 * best path to it. Works from any process (reads `<stateDir>/lab.json`).
 * @throws {LabError} when there is no lab in the state directory.
 */
export async function labStatus(ref: LabRef): Promise<LabStatus> {
  const state = requireState(stateDirOf(ref));
  const routers = await Promise.all(state.routers.map((r) => routerStatus(state, r)));
  const prefixes = await Promise.all(state.routers.filter((r) => r.kind === 'client').flatMap((c) => c.prefixes.map((p) => prefixStatus(state, c, p))));
  const dns = state.dns === undefined ? undefined : { address: state.dns.address, running: state.dns.process !== undefined && isAlive(state.dns.process) };
  return { name: state.name, stateDir: state.stateDir, dns, routers, prefixes };
}
