import type { MeshrrConfig, SelectionConfig } from '../api/config.js';
import type { DiscoveredPeer, RouterIdentity } from '../api/peer.js';
import type { BgpSessionState, ManagedState, PeerDecision } from '../api/state.js';
import { computeDesiredState } from '../desired/computeDesiredState.js';
import { toManagedState } from '../desired/diffManagedState.js';
import { EMPTY_PEER_MEMORY, type PeerMemory } from '../desired/peerMemory.js';
import { meshGroup, testConfig } from './testConfig.js';

/** One simulated router: its router-id (= address) and the tier (region) it balances across. */
export interface SimulatedRouter {
  readonly routerId: string;
  readonly tier: string;
}

/** Settings of {@link UpstreamSimulation}. */
export interface UpstreamSimulationOptions {
  readonly routers: readonly SimulatedRouter[];
  /** Upstream addresses discovered at the start (each with a BGP speaker unless made dead). */
  readonly upstreams: readonly string[];
  readonly maxPeers: number;
  /** Selection timing (defaults: the configuration defaults). */
  readonly selection?: Partial<SelectionConfig>;
  /** A session to a live upstream is Established this long after it is configured. Default 500 ms. */
  readonly establishMs?: number;
  /** How long after a discovery change each router sees it (its quiescence). Default 500 ms. */
  readonly discoveryDelayMs?: number;
  /** Seed of the deterministic random source (jitter). Default 1. */
  readonly seed?: number;
  /** Zone label per upstream address (absent = no zone). */
  readonly zones?: Readonly<Record<string, string>>;
}

/** A removal of an Established upstream that left a router with fewer Established upstreams than before. */
export interface EstablishedDrop {
  readonly at: number;
  readonly router: string;
  readonly before: number;
  readonly after: number;
  readonly removed: readonly string[];
}

interface RouterState {
  readonly spec: SimulatedRouter;
  readonly identity: RouterIdentity;
  actual: ManagedState;
  memory: PeerMemory;
  /** upstream → when it was configured. */
  readonly configuredAt: Map<string, number>;
  dueAt: number | undefined;
}

const UPSTREAM = 'UPSTREAM';
const TIER = 'TIER';

/**
 * A whole tier of routers choosing `max_peers` upstreams through the public desired-state API
 * (`computeDesiredState`), with simulated time, discovery and BGP sessions: a configured session
 * to a live upstream comes up `establishMs` after it was configured; a dead or fake upstream never
 * answers. Every router applies its desired state at once (no device), reconciles when its
 * discovery, its sessions or its own deadline say so — as the engine does — and the simulation
 * counts session adds and removes and checks that no removal ever lowered a router's Established
 * upstreams. Used by the selection tests and the balance benchmark.
 */
export class UpstreamSimulation {
  readonly #options: Required<Omit<UpstreamSimulationOptions, 'selection' | 'zones'>> & {
    zones: Readonly<Record<string, string>>;
  };
  readonly #config: MeshrrConfig;
  readonly #routers: RouterState[];
  readonly #dead = new Set<string>();
  #upstreams: string[];
  #seed: number;
  /** Simulated time (ms). */
  now = 1_000_000;
  /** Sessions added / removed by all routers since the last {@link resetCounters}. */
  adds = 0;
  removes = 0;
  /** Every pass that removed an Established upstream and lowered the router's Established count. */
  readonly drops: EstablishedDrop[] = [];
  /** Every decision taken since the last {@link resetCounters}, with the router. */
  readonly decisions: (PeerDecision & { readonly router: string; readonly at: number })[] = [];

  constructor(options: UpstreamSimulationOptions) {
    this.#options = {
      establishMs: 500,
      discoveryDelayMs: 500,
      seed: 1,
      ...options,
      zones: options.zones ?? {},
    };
    this.#seed = this.#options.seed;
    const base = testConfig();
    this.#config = testConfig({
      groups: [meshGroup(TIER), meshGroup(UPSTREAM, { maxPeers: options.maxPeers })],
      selection: { ...base.selection, ...options.selection },
    });
    this.#upstreams = [...options.upstreams];
    this.#routers = options.routers.map((spec) => ({
      spec,
      identity: { routerId: spec.routerId, addresses: [spec.routerId] },
      actual: { groups: [], gracefulShutdown: false },
      memory: EMPTY_PEER_MEMORY,
      configuredAt: new Map(),
      dueAt: this.now,
    }));
  }

  /** Deterministic uniform [0, 1) (a 32-bit LCG), standing in for `Clock.random`. */
  readonly random = (): number => {
    this.#seed = (Math.imul(this.#seed, 1_664_525) + 1_013_904_223) >>> 0;
    return this.#seed / 2 ** 32;
  };

  /** Discovery now returns `addresses` (every router sees it after its discovery delay). */
  setUpstreams(addresses: readonly string[]): void {
    this.#upstreams = [...addresses];
    this.#wakeAll(this.now + this.#options.discoveryDelayMs);
  }

  /** The upstream's BGP speaker is gone (`true`) or answers again (`false`): sessions follow at once. */
  setDead(address: string, dead: boolean): void {
    if (dead) this.#dead.add(address);
    else this.#dead.delete(address);
    for (const r of this.#routers) if (r.configuredAt.has(address)) this.#wake(r, this.now);
  }

  /** Zeroes the add/remove counters and forgets the decisions (e.g. after the initial convergence). */
  resetCounters(): void {
    this.adds = 0;
    this.removes = 0;
    this.decisions.length = 0;
  }

  /** Runs every reconcile due up to `now + ms`, in time order. */
  runFor(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let next: RouterState | undefined;
      for (const r of this.#routers)
        if (r.dueAt !== undefined && (next === undefined || r.dueAt < next.dueAt!)) next = r;
      if (next === undefined || next.dueAt! > end) break;
      this.now = Math.max(this.now, next.dueAt!);
      this.#pass(next);
    }
    this.now = end;
  }

  /** Established sessions per upstream (every discovered upstream listed, 0 included). */
  loads(): Map<string, number> {
    const load = new Map(this.#upstreams.map((u) => [u, 0]));
    for (const r of this.#routers)
      for (const s of this.#sessions(r)) if (s.state === 'Established') load.set(s.peer, (load.get(s.peer) ?? 0) + 1);
    return load;
  }

  /** Established upstream sessions of one router. */
  establishedOf(routerId: string): string[] {
    const r = this.#routers.find((x) => x.spec.routerId === routerId);
    return r === undefined
      ? []
      : this.#sessions(r)
          .filter((s) => s.state === 'Established')
          .map((s) => s.peer);
  }

  /** The upstreams configured on each router (by router-id). */
  configured(): Map<string, readonly string[]> {
    return new Map(this.#routers.map((r) => [r.spec.routerId, [...r.configuredAt.keys()]]));
  }

  /** Has every router settled (no pass due before the far future, all configured sessions Established)? */
  get settled(): boolean {
    return this.#routers.every((r) => this.#sessions(r).every((s) => s.state === 'Established'));
  }

  #sessions(r: RouterState): BgpSessionState[] {
    return [...r.configuredAt].map(([peer, at]) => ({
      peer,
      group: UPSTREAM,
      state: !this.#dead.has(peer) && this.now >= at + this.#options.establishMs ? 'Established' : 'Active',
    }));
  }

  #discovered(r: RouterState): Map<string, readonly DiscoveredPeer[]> {
    const tier = this.#routers
      .filter((x) => x.spec.tier === r.spec.tier)
      .map((x) => ({ address: x.spec.routerId, labels: {} }));
    const upstreams = this.#upstreams.map((address) => {
      const zone = this.#options.zones[address];
      return { address, labels: zone === undefined ? {} : { zone } };
    });
    return new Map([
      [TIER, tier],
      [UPSTREAM, upstreams],
    ]);
  }

  #pass(r: RouterState): void {
    r.dueAt = undefined;
    const sessions = this.#sessions(r);
    const upBefore = new Set(sessions.filter((s) => s.state === 'Established').map((s) => s.peer));
    const result = computeDesiredState({
      config: this.#config,
      identity: r.identity,
      discovered: this.#discovered(r),
      actual: r.actual,
      sessions,
      memory: r.memory,
      now: this.now,
      gracefulShutdown: false,
      random: this.random,
    });
    r.memory = result.memory;
    r.actual = toManagedState(result.desired);
    const wanted = new Set(result.desired.groups.find((g) => g.name === UPSTREAM)?.neighbors ?? []);
    const removed = [...r.configuredAt.keys()].filter((p) => !wanted.has(p));
    for (const peer of removed) r.configuredAt.delete(peer);
    for (const peer of wanted)
      if (!r.configuredAt.has(peer)) {
        r.configuredAt.set(peer, this.now);
        this.adds += 1;
        this.#wake(r, this.now + this.#options.establishMs);
      }
    this.removes += removed.length;
    for (const d of result.desired.decisions)
      if (d.group === UPSTREAM && d.action !== 'keep')
        this.decisions.push({ ...d, router: r.spec.routerId, at: this.now });
    const gone = new Set(this.#upstreams);
    const upAfter = [...upBefore].filter((p) => wanted.has(p)).length;
    const lostToChoice = removed.filter((p) => upBefore.has(p) && gone.has(p));
    if (lostToChoice.length > 0 && upAfter < Math.min(upBefore.size, this.#options.maxPeers))
      this.drops.push({
        at: this.now,
        router: r.spec.routerId,
        before: upBefore.size,
        after: upAfter,
        removed: lostToChoice,
      });
    if (result.nextDeadline !== undefined) this.#wake(r, result.nextDeadline);
  }

  #wake(r: RouterState, at: number): void {
    if (r.dueAt === undefined || at < r.dueAt) r.dueAt = at;
  }

  #wakeAll(at: number): void {
    for (const r of this.#routers) this.#wake(r, at);
  }
}
