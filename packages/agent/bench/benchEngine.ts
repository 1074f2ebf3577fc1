/**
 * The real engine (DiscoveryManager → Controller → RouterReconciler) wired for latency benchmarks:
 * the real `systemClock`, core's `static` provider and the `memory` test provider (each wrapped to
 * timestamp the sets they emit), and a {@link TimedFakeDevice} that timestamps every commit RPC.
 * Wired by hand with the constructors the agent's container uses, because `createTestContainer`
 * binds a `FakeClock` and its own `FakeDevice`, and the benchmarks need the real clock (latency) or a
 * device subclass (session model); nothing else differs from `buildAgent`.
 */
import { performance } from 'node:perf_hooks';
import {
  DiscoveryManager,
  Engine,
  RouterReconciler,
  StaticDiscoveryProvider,
  StatusStore,
  systemClock,
  type Clock,
  type CommitOptions,
  type DiscoveryProvider,
  type EngineOptions,
  type MeshrrConfig,
  type PeerSink,
  type Renderer,
  type RouterIdentity,
  type Transport,
} from '@meshrr/core';
import {
  FakeDevice,
  FakeRenderer,
  FakeTransport,
  MemoryDiscoveryProvider,
  MemoryLogger,
  MemoryMetrics,
} from '@meshrr/core/testing';
import { Arrivals } from './arrivals.js';

/** A {@link FakeDevice} that records `performance.now()` of every commit RPC and lets a caller wait for the n-th. */
export class TimedFakeDevice extends FakeDevice {
  readonly #commits = new Arrivals<number>();

  /** `performance.now()` of every commit RPC, in order. */
  get commitTimes(): readonly number[] {
    return this.#commits.items;
  }

  override commit(session: number, options: CommitOptions): void {
    super.commit(session, options);
    this.#commits.push(performance.now());
  }

  /** Resolves with the time of the `count`-th commit (1-based), or undefined after `timeoutMs`. */
  waitForCommit(count: number, timeoutMs: number): Promise<number | undefined> {
    return this.#commits.waitFor(count - 1, () => true, timeoutMs);
  }
}

/** Wraps a provider so every set its sources emit is timestamped (`performance.now()`). */
export class TimedProvider<T> implements DiscoveryProvider<T> {
  readonly emitTimes: number[] = [];
  readonly kind: string;
  readonly optionsSchema: DiscoveryProvider<T>['optionsSchema'];
  readonly #inner: DiscoveryProvider<T>;

  constructor(inner: DiscoveryProvider<T>) {
    this.#inner = inner;
    this.kind = inner.kind;
    this.optionsSchema = inner.optionsSchema;
  }

  create(
    options: T,
    context: Parameters<DiscoveryProvider<T>['create']>[1],
  ): ReturnType<DiscoveryProvider<T>['create']> {
    const source = this.#inner.create(options, context);
    return {
      run: (signal, sink) => {
        const timed: PeerSink = {
          emit: (peers) => {
            this.emitTimes.push(performance.now());
            sink.emit(peers);
          },
          reportSuccess: () => sink.reportSuccess(),
          reportFailure: (error) => sink.reportFailure(error),
        };
        return source.run(signal, timed);
      },
    };
  }
}

/** The wired engine and its instruments. */
export interface BenchEngine {
  readonly engine: Engine;
  readonly device: TimedFakeDevice;
  readonly memory: MemoryDiscoveryProvider;
  readonly staticProvider: TimedProvider<unknown>;
  readonly memoryProvider: TimedProvider<unknown>;
  readonly logger: MemoryLogger;
  readonly status: StatusStore;
}

/** Optional parts of {@link benchEngine}. */
export interface BenchEngineOptions<D extends TimedFakeDevice> {
  /** Default `systemClock`. */
  readonly clock?: Clock;
  /** Default a new {@link TimedFakeDevice} on `clock`. */
  readonly device?: D;
  /** Default `{ mode: 'apply', sessionPollMs: 0 }`. */
  readonly engine?: EngineOptions;
  /** A real transport (e.g. FRR's); default a {@link FakeTransport} on `device` (which then sees no commits). */
  readonly transport?: Transport;
  /** A real renderer (e.g. FRR's); default the {@link FakeRenderer}. */
  readonly renderer?: Renderer;
}

/**
 * Builds the engine for `config` (by default on the real clock, apply mode, no session polling, the
 * fake renderer and a fake transport on `device`; pass `transport` and `renderer` for real ones).
 */
export function benchEngine<D extends TimedFakeDevice = TimedFakeDevice>(
  config: MeshrrConfig,
  identity: RouterIdentity,
  settings: BenchEngineOptions<D> = {},
): BenchEngine & { readonly device: D } {
  const clock = settings.clock ?? systemClock;
  const options = settings.engine ?? { mode: 'apply', sessionPollMs: 0 };
  const logger = new MemoryLogger();
  const metrics = new MemoryMetrics();
  const device = settings.device ?? (new TimedFakeDevice(clock) as D);
  const memory = new MemoryDiscoveryProvider();
  const staticProvider = new TimedProvider<unknown>(new StaticDiscoveryProvider() as DiscoveryProvider<unknown>);
  const memoryProvider = new TimedProvider<unknown>(memory as DiscoveryProvider<unknown>);
  const status = new StatusStore();
  const discovery = new DiscoveryManager(config, [staticProvider, memoryProvider], clock, logger, metrics, status);
  const reconciler = new RouterReconciler(
    config,
    identity,
    settings.transport ?? new FakeTransport(device),
    settings.renderer ?? new FakeRenderer(),
    discovery,
    status,
    clock,
    logger,
    metrics,
    options,
  );
  const engine = new Engine(discovery, reconciler, status, identity, clock, logger, metrics, options, config);
  return { engine, device, memory, staticProvider, memoryProvider, logger, status };
}
