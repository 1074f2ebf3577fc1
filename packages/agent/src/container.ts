/**
 * THE composition root: the only file that builds an inversify `Container`. It binds the ambient
 * services and the validated configuration as constants, loads core's module, the discovery
 * provider modules, the platform's renderer and transport (or the dry-run device) and the plugins.
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
  Renderer,
  RouterIdentity,
  StaticDiscoveryProvider,
  StatusProvider,
  Transport,
  coreModule,
  type AgentPlugin,
  type EngineOptions,
  type OptionsSchema,
} from '@meshrr/core';
import { dnsDiscoveryModule } from '@meshrr/discovery-dns';
import { DryRunDevice } from './dryrun/dryRunDevice.js';
import { platformModules, type PlatformSettings } from './platform.js';

/** Everything the agent's container is built from; all values already validated. */
export interface AgentContainerSettings {
  readonly config: MeshrrConfig;
  readonly identity: RouterIdentity;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly engine: EngineOptions;
  readonly platform: PlatformSettings;
  /** Write changes to this directory instead of a device (`--dry-run <dir>`). */
  readonly dryRunDir?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly plugins: readonly AgentPlugin[];
}

/** The discovery provider modules every agent loads (built-in `static` comes with core). */
export function discoveryModules(env: Readonly<Record<string, string | undefined>>): ContainerModule[] {
  const resolvConfPath = env['MESHRR_RESOLV_CONF'];
  return [dnsDiscoveryModule(resolvConfPath === undefined ? {} : { resolvConfPath })];
}

/**
 * The options schema of every discovery kind the agent knows (built-in, bundled, plugins), for
 * validating `source` blocks at load time (`meshrr validate`, start-up).
 */
export function sourceSchemas(env: Readonly<Record<string, string | undefined>>, plugins: readonly AgentPlugin[]): Map<string, OptionsSchema<unknown>> {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(DiscoveryProvider).to(StaticDiscoveryProvider);
  container.load(...discoveryModules(env), ...plugins.map((p) => p.module));
  const schemas = new Map<string, OptionsSchema<unknown>>();
  for (const provider of container.getAll(DiscoveryProvider)) schemas.set(provider.kind, provider.optionsSchema);
  return schemas;
}

/** The built container's entry points. */
export interface AgentRoot {
  readonly engine: Engine;
  readonly discovery: DiscoveryManager;
  readonly status: StatusProvider;
  readonly transport: Transport;
}

/** Builds the agent's container and returns its entry points. */
export function buildAgent(settings: AgentContainerSettings): AgentRoot {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(MeshrrConfig).toConstantValue(settings.config);
  container.bind(RouterIdentity).toConstantValue(settings.identity);
  container.bind(Clock).toConstantValue(settings.clock);
  container.bind(Logger).toConstantValue(settings.logger);
  container.bind(Metrics).toConstantValue(settings.metrics);
  const platform = platformModules(settings.platform, settings.clock, settings.logger);
  if (settings.dryRunDir === undefined) {
    container.load(platform.renderer, platform.transport);
  } else {
    const device = new DryRunDevice(settings.dryRunDir, settings.platform.platform);
    const probe = new Container();
    probe.load(platform.renderer);
    container.bind(Renderer).toConstantValue(device.recordingRenderer(probe.get(Renderer)));
    container.bind(Transport).toConstantValue(device.transport());
  }
  container.load(coreModule(settings.engine), ...discoveryModules(settings.env), ...settings.plugins.map((p) => p.module));
  return { engine: container.get(Engine), discovery: container.get(DiscoveryManager), status: container.get(StatusProvider), transport: container.get(Transport) };
}
