import { addressesOf, requireState, type LabState, type RouterState } from '../state/labState.js';
import { isAlive } from '../system/processes.js';
import type { Announcement } from '../topology/schema.js';
import { snapshot, type RouterSnapshot } from './frrQueries.js';
import { birdSnapshot } from '../bird/birdQueries.js';
import { birdFiles } from '../bird/birdDaemon.js';
import { stateDirOf, type LabRef } from './handle.js';

/** One BGP session of a router. */
export interface SessionStatus {
  /** The peer's address (IPv4 or IPv6: a dual-stack pair of routers has a session per family). */
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
  /** Established: for how long, when bgpd answered (ms). */
  readonly establishedForMs?: number;
}

/** One router of the lab. */
export interface RouterStatus {
  readonly name: string;
  readonly kind: 'rr' | 'client';
  readonly group: string;
  readonly address: string;
  /** Every address of the router, `address` first (both families in a dual-stack lab). */
  readonly addresses: readonly string[];
  readonly generation: number;
  /** Its BGP daemon: `frr` (clients always) or `bird`. */
  readonly daemon: 'frr' | 'bird';
  /** The daemon (and the agent, for route reflectors with one) running and answering (vtysh / birdc). */
  readonly running: boolean;
  readonly sessions: readonly SessionStatus[];
  /**
   * `Date.now()` when this router's bgpd answered (absent when not running): a session came up
   * about `answeredAt - establishedForMs` — FRR counts the uptime in whole seconds (`monotime`),
   * so the real time is within 1 s either side; `answeredAt - establishedForMs + 1000` (and
   * `answeredAt` itself) are upper bounds.
   */
  readonly answeredAt?: number;
}

/** Where one client prefix is seen. */
export interface PrefixStatus {
  readonly prefix: string;
  readonly origin: string;
  readonly communities: readonly string[];
  /** Every router with a best path for it, with that path's local preference, communities and AS path. */
  readonly seenAt: readonly {
    readonly router: string;
    readonly localPref: number | undefined;
    readonly communities: readonly string[];
    /** `65001 65002`; `''` when the path has no AS (learned inside the AS). */
    readonly asPath: string;
  }[];
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
  const { zebra, bgpd, bird, agent } = router.processes;
  const daemon = router.daemon === 'bird' ? bird : bgpd;
  return [zebra, bgpd, bird, agent].every((p) => p === undefined || isAlive(p)) && daemon !== undefined;
}

/** One router's sessions and paths: `birdc` for a BIRD route reflector, vtysh for FRR. */
function routerSnapshot(router: RouterState, prefixes: readonly string[]): Promise<RouterSnapshot> {
  return router.daemon === 'bird'
    ? birdSnapshot(birdFiles(router.dir).socket, prefixes)
    : snapshot(router.dir, prefixes);
}

function routerStatus(state: LabState, router: RouterState, view: RouterSnapshot | undefined): RouterStatus {
  const byAddress = new Map(state.routers.flatMap((r) => addressesOf(r).map((a) => [a, r] as const)));
  return {
    name: router.name,
    kind: router.kind,
    group: router.group,
    address: router.address,
    addresses: addressesOf(router),
    generation: router.generation,
    daemon: router.daemon ?? 'frr',
    running: view !== undefined,
    ...(view === undefined ? {} : { answeredAt: view.answeredAt }),
    sessions: (view?.neighbors ?? []).map((n) => ({
      peer: n.peer,
      peerName: byAddress.get(n.peer)?.name,
      group: byAddress.get(n.peer)?.group,
      state: n.state,
      connectionsEstablished: n.connectionsEstablished,
      connectionsDropped: n.connectionsDropped,
      dynamic: n.dynamic,
      ...(n.establishedForMs === undefined ? {} : { establishedForMs: n.establishedForMs }),
    })),
  };
}

function prefixStatus(
  state: LabState,
  views: ReadonlyMap<string, RouterSnapshot>,
  client: RouterState,
  announcement: Announcement,
): PrefixStatus {
  const seenAt = state.routers.flatMap((r) => {
    const best =
      r.name === client.name
        ? undefined
        : views
            .get(r.name)
            ?.paths.get(announcement.prefix)
            ?.find((p) => p.best);
    return best === undefined
      ? []
      : [{ router: r.name, localPref: best.localPref, communities: best.communities, asPath: best.asPath }];
  });
  return { prefix: announcement.prefix, origin: client.name, communities: announcement.communities, seenAt };
}

/**
 * Reads a lab's live state from its daemons (vtysh for FRR, birdc for BIRD, whose connection
 * counters are always 0: BIRD keeps none): every router with its sessions (peer address, the lab
 * router behind it, state, connection counters) and, for every client prefix, the routers holding a
 * best path to it. Works from any process (reads `<stateDir>/lab.json`).
 * @throws {LabError} when there is no lab in the state directory.
 */
export async function labStatus(ref: LabRef): Promise<LabStatus> {
  const state = requireState(stateDirOf(ref));
  const asked = [...new Set(state.routers.flatMap((r) => r.prefixes.map((p) => p.prefix)))];
  const views = new Map<string, RouterSnapshot>();
  await Promise.all(
    state.routers.filter(running).map(async (r) => {
      const view = await routerSnapshot(r, asked).catch(() => undefined);
      if (view !== undefined) views.set(r.name, view);
    }),
  );
  const routers = state.routers.map((r) => routerStatus(state, r, views.get(r.name)));
  const prefixes = state.routers
    .filter((r) => r.kind === 'client')
    .flatMap((c) => c.prefixes.map((p) => prefixStatus(state, views, c, p)));
  const dns =
    state.dns === undefined
      ? undefined
      : { address: state.dns.address, running: state.dns.process !== undefined && isAlive(state.dns.process) };
  return { name: state.name, stateDir: state.stateDir, dns, routers, prefixes };
}
