/**
 * THE composition root: the only file that builds an inversify `Container`. It binds the ambient
 * services and the validated configuration as constants, loads core's module, the discovery
 * provider modules the configuration uses, the loaded platform's renderer and transport (or the
 * dry-run device) and the plugins; and it collects the registered platform providers (built-in and
 * plugins alike) from their modules.
 */
import { Container, type ContainerModule } from 'inversify';
import {
  Clock,
  DiscoveryManager,
  DiscoveryProvider,
  Engine,
  Logger,
  MeshrrConfig,
  Metrics,
  PlatformProvider,
  Renderer,
  RouterIdentity,
  SafetyStateStore,
  StaticDiscoveryProvider,
  StatusProvider,
  Transport,
  coreModule,
  type AgentPlugin,
  type EngineOptions,
  type OptionsSchema,
  type Platform,
} from '@meshrr/core';
import { DryRunDevice } from './dryrun/dryRunDevice.js';
import { builtinPlatformsPlugin } from './platforms/builtinPlatforms.js';
import { indexPlatforms } from './platforms/platformRegistry.js';

/** Everything the agent's container is built from; all values already validated. */
export interface AgentContainerSettings {
  readonly config: MeshrrConfig;
  readonly identity: RouterIdentity;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly engine: EngineOptions;
  /** The loaded platform (`config.platform.name`). */
  readonly platform: Platform;
  /** Write changes to this directory instead of a device (`--dry-run <dir>`). */
  readonly dryRunDir?: string;
  /** Where the engine saves its safety state (`--state-dir`); absent: kept in memory only. */
  readonly safetyState?: SafetyStateStore;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly plugins: readonly AgentPlugin[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** Bundled discovery providers by `sourcetype`, each imported only when needed. */
const BUNDLED_DISCOVERY: Readonly<Record<string, (env: Env) => Promise<ContainerModule>>> = {
  dns: async (env) => {
    const { dnsDiscoveryModule } = await import('@meshrr/discovery-dns');
    const resolvConfPath = env['MESHRR_RESOLV_CONF'];
    return dnsDiscoveryModule(resolvConfPath === undefined ? {} : { resolvConfPath });
  },
  kubernetes: async (env) => {
    const { k8sDiscoveryModule } = await import('@meshrr/discovery-k8s');
    return k8sDiscoveryModule({ env });
  },
  consul: async (env) => {
    const { consulDiscoveryModule } = await import('@meshrr/discovery-consul');
    return consulDiscoveryModule({ env });
  },
};

/**
 * The bundled discovery modules for `kinds` (all of them when absent); `static` comes with core and
 * plugin kinds with their plugins.
 */
export async function discoveryModules(env: Env, kinds?: ReadonlySet<string>): Promise<ContainerModule[]> {
  const wanted = Object.keys(BUNDLED_DISCOVERY).filter((kind) => kinds === undefined || kinds.has(kind));
  return Promise.all(wanted.map((kind) => BUNDLED_DISCOVERY[kind]!(env)));
}

/** The `sourcetype`s a configuration uses. */
export function sourcetypesOf(config: MeshrrConfig): Set<string> {
  return new Set(config.groups.flatMap((g) => (g.kind === 'mesh' ? [g.source.sourcetype] : [])));
}

/**
 * The options schema of every discovery kind the agent knows (built-in, bundled — only `kinds` when
 * given, so start-up loads just the providers the configuration uses — and plugins), for validating
 * `source` blocks at load time (`meshrr validate`, start-up). A kind left out of `kinds` that the
 * configuration names is then reported as unknown, so pass every kind the configuration uses.
 */
export async function sourceSchemas(
  env: Env,
  plugins: readonly AgentPlugin[],
  kinds?: ReadonlySet<string>,
): Promise<Map<string, OptionsSchema<unknown>>> {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(DiscoveryProvider).to(StaticDiscoveryProvider);
  container.load(...(await discoveryModules(env, kinds)), ...plugins.map((p) => p.module));
  const schemas = new Map<string, OptionsSchema<unknown>>();
  for (const provider of container.getAll(DiscoveryProvider)) schemas.set(provider.kind, provider.optionsSchema);
  return schemas;
}

/**
 * Every registered platform provider by name: the built-in `junos` and `frr` (packaged as a plugin,
 * {@link builtinPlatformsPlugin}) and those of `plugins`, checked by `indexPlatforms`. Providers must
 * be bound as constants: they are resolved before the agent's container exists.
 * @throws {PlatformError} for a provider of another contract version, a malformed one, or a duplicate name.
 */
export function registeredPlatforms(plugins: readonly AgentPlugin[]): ReadonlyMap<string, PlatformProvider> {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(builtinPlatformsPlugin.module, ...plugins.map((p) => p.module));
  return indexPlatforms(container.getAll(PlatformProvider));
}

/** The built container's entry points. */
export interface AgentRoot {
  readonly engine: Engine;
  readonly discovery: DiscoveryManager;
  readonly status: StatusProvider;
  readonly transport: Transport;
}

/** Builds the agent's container and returns its entry points. */
export async function buildAgent(settings: AgentContainerSettings): Promise<AgentRoot> {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(MeshrrConfig).toConstantValue(settings.config);
  container.bind(RouterIdentity).toConstantValue(settings.identity);
  container.bind(Clock).toConstantValue(settings.clock);
  container.bind(Logger).toConstantValue(settings.logger);
  container.bind(Metrics).toConstantValue(settings.metrics);
  const { platform } = settings;
  if (settings.dryRunDir === undefined) {
    container.bind(Renderer).toConstantValue(platform.renderer);
    container.bind(Transport).toConstantValue(await platform.transport());
  } else {
    const device = new DryRunDevice(settings.dryRunDir, settings.config.platform.name);
    container.bind(Renderer).toConstantValue(device.recordingRenderer(platform.renderer));
    container.bind(Transport).toConstantValue(device.transport());
  }
  if (settings.safetyState !== undefined) container.bind(SafetyStateStore).toConstantValue(settings.safetyState);
  container.load(
    coreModule(settings.engine),
    ...(await discoveryModules(settings.env, sourcetypesOf(settings.config))),
    ...settings.plugins.map((p) => p.module),
  );
  return {
    engine: container.get(Engine),
    discovery: container.get(DiscoveryManager),
    status: container.get(StatusProvider),
    transport: container.get(Transport),
  };
}
