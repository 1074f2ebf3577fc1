import { Container, type ContainerModule } from 'inversify';
import { Clock, Logger, Metrics } from '../api/ambient.js';
import { MeshrrConfig } from '../api/config.js';
import { DiscoveryProvider } from '../api/discovery.js';
import { RouterIdentity } from '../api/peer.js';
import { Renderer } from '../api/renderer.js';
import { SafetyStateStore } from '../api/safetyState.js';
import type { ManagedState } from '../api/state.js';
import { Transport } from '../api/transport.js';
import { coreModule } from '../engine/coreModule.js';
import { DiscoveryManager } from '../engine/discoveryManager.js';
import { Engine } from '../engine/engine.js';
import type { EngineOptions } from '../engine/engineOptions.js';
import { RouterReconciler } from '../engine/routerReconciler.js';
import { StatusStore } from '../engine/statusStore.js';
import { FakeClock } from './fakeClock.js';
import { FakeDevice } from './fakeDevice.js';
import { FakeRenderer } from './fakeRenderer.js';
import { FakeTransport } from './fakeTransport.js';
import { MemoryDiscoveryProvider } from './memoryDiscovery.js';
import { MemoryLogger } from './memoryLogger.js';
import { MemoryMetrics } from './memoryMetrics.js';
import { testConfig } from './testConfig.js';

/** Settings of {@link createTestContainer}; everything has a default. */
export interface TestContainerOptions {
  /** Default: `testConfig()` (one mesh group `mesh` on the `memory` source). */
  readonly config?: MeshrrConfig;
  /** Default: router `10.0.0.1` owning `10.0.0.1`. */
  readonly identity?: RouterIdentity;
  /** Engine options; default `{ mode: 'apply' }`. */
  readonly engine?: EngineOptions;
  /** What the fake device holds at the start. Default: nothing managed. */
  readonly initialState?: ManagedState;
  /** Extra modules (e.g. a discovery provider under test), loaded after the fakes. */
  readonly modules?: readonly ContainerModule[];
  /** Bind the fake transport and renderer (default true); false lets `modules` bind real ones. */
  readonly fakeDevice?: boolean;
  /** Where the engine saves its safety state (the removal ledger); default: none (memory only). */
  readonly safetyState?: SafetyStateStore;
  /** The `FakeClock`'s start (ms since the epoch); default 2026-01-01. An agent restarted later starts later. */
  readonly startAt?: number;
}

/** The container and typed handles on every fake and engine part. */
export interface TestContainer {
  readonly container: Container;
  readonly clock: FakeClock;
  readonly logger: MemoryLogger;
  readonly metrics: MemoryMetrics;
  readonly config: MeshrrConfig;
  readonly identity: RouterIdentity;
  readonly device: FakeDevice;
  readonly renderer: FakeRenderer;
  readonly memory: MemoryDiscoveryProvider;
  readonly engine: Engine;
  readonly status: StatusStore;
  readonly discovery: DiscoveryManager;
  readonly reconciler: RouterReconciler;
}

/**
 * A container wired like the agent's, with fakes: `coreModule(engine options)`, a `FakeClock`,
 * `MemoryLogger`, `MemoryMetrics`, the `memory` discovery provider (plus core's `static`), a
 * `FakeDevice` behind `FakeTransport` and `FakeRenderer`, then `modules`. Other packages use it to
 * test against the real engine.
 */
export function createTestContainer(options: TestContainerOptions = {}): TestContainer {
  const clock = new FakeClock(options.startAt);
  const logger = new MemoryLogger();
  const metrics = new MemoryMetrics();
  const config = options.config ?? testConfig();
  const identity = options.identity ?? { routerId: '10.0.0.1', addresses: ['10.0.0.1'] };
  const device = new FakeDevice(clock, options.initialState);
  const renderer = new FakeRenderer();
  const memory = new MemoryDiscoveryProvider();
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(Clock).toConstantValue(clock);
  container.bind(Logger).toConstantValue(logger);
  container.bind(Metrics).toConstantValue(metrics);
  container.bind(MeshrrConfig).toConstantValue(config);
  container.bind(RouterIdentity).toConstantValue(identity);
  if (options.fakeDevice ?? true) {
    container.bind(Transport).toConstantValue(new FakeTransport(device));
    container.bind(Renderer).toConstantValue(renderer);
  }
  container.bind(DiscoveryProvider).toConstantValue(memory);
  if (options.safetyState !== undefined) container.bind(SafetyStateStore).toConstantValue(options.safetyState);
  container.load(coreModule(options.engine ?? { mode: 'apply' }), ...(options.modules ?? []));
  return {
    container,
    clock,
    logger,
    metrics,
    config,
    identity,
    device,
    renderer,
    memory,
    engine: container.get(Engine),
    status: container.get(StatusStore),
    discovery: container.get(DiscoveryManager),
    reconciler: container.get(RouterReconciler),
  };
}
