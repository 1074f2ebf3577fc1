import { dirname } from 'node:path';
import {
  describeConfigField,
  systemClock,
  type AgentPlugin,
  type EngineOptions,
  type Logger,
  type MeshrrConfig,
  type Metrics,
  type Platform,
  type PlatformOverrides,
  type PlatformProvider,
  type RouterIdentity,
  type SafetyStateStore,
} from '@meshrr/core';
import type { CommandIo } from '../cli/io.js';
import { buildAgent, registeredPlatforms, sourceSchemas, sourcetypesOf, type AgentRoot } from '../container.js';
import { loadAgentConfig, routerIdentityFrom } from '../config/loadAgentConfig.js';
import { withSessionKeys } from '../config/sessionKeys.js';
import { loadPlatform, platformSchemas } from '../platforms/platformRegistry.js';
import { loadPlugins } from '../plugins/loadPlugins.js';
import { createLogger } from '../runtime/logger.js';
import { FileSafetyStateStore } from '../state/fileSafetyStateStore.js';

/** Flags shared by the commands that run the engine (`run`, `plan`, `discover`). */
export interface EngineCommandOptions {
  readonly config?: string;
  readonly logLevel: string;
  readonly dryRun?: string;
  /** `run --state-dir`: where the engine saves its safety state (the removal ledger). */
  readonly stateDir?: string;
}

/** The configuration with every schema applied, the plugins it names and the registered platforms. */
export interface AgentConfiguration {
  readonly config: MeshrrConfig;
  readonly warnings: readonly string[];
  readonly plugins: readonly AgentPlugin[];
  readonly platforms: ReadonlyMap<string, PlatformProvider>;
  /** The session key files the configuration names (read into its groups' `authentication.key`). */
  readonly keyFiles: readonly string[];
}

/**
 * Loads the configuration twice: first as written, to learn the plugins; then, with the plugins
 * loaded, validated with every platform's options schema (the selected platform's options merged
 * from the file, `MESHRR_<PLATFORM>_*` and `overrides`) and — with `checkSources` — every
 * `source` with its provider's schema (loading only the discovery providers it uses). Session
 * keys (`authentication.key_file`) are read into the configuration ({@link withSessionKeys}).
 */
export async function loadAgentConfiguration(
  path: string | undefined,
  env: CommandIo['env'],
  overrides: PlatformOverrides,
  checkSources: boolean,
): Promise<AgentConfiguration> {
  const first = await loadAgentConfig(path, env, { platformOverrides: overrides });
  const plugins = await loadPlugins(first.config.plugins, undefined, (i) =>
    describeConfigField(first.config.origin, ['plugins', i]),
  );
  const platforms = registeredPlatforms(plugins);
  const loaded = await loadAgentConfig(path, env, {
    platformSchemas: platformSchemas(platforms),
    platformOverrides: overrides,
    ...(checkSources ? { sourceSchemas: await sourceSchemas(env, plugins, sourcetypesOf(first.config)) } : {}),
  });
  const { config, keyFiles } = await withSessionKeys(loaded.config);
  return { config, warnings: loaded.warnings, plugins, platforms, keyFiles };
}

/** Loads the configuration's platform with its validated options and context from the ambient services. */
export function loadConfiguredPlatform(
  configuration: AgentConfiguration,
  services: { readonly logger: Logger; readonly metrics: Metrics; readonly readOnly?: boolean },
): Promise<Platform> {
  const { config } = configuration;
  return loadPlatform(configuration.platforms, config, {
    logger: services.logger.child({ platform: config.platform.name }),
    clock: systemClock,
    metrics: services.metrics,
    baseDir: config.origin.startsWith('<') ? process.cwd() : dirname(config.origin),
    ...(services.readOnly === true ? { readOnly: true } : {}),
  });
}

/** The ambient services an agent root is built with (they outlive a configuration reload). */
export interface AgentServices {
  readonly identity: RouterIdentity;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly engine: EngineOptions;
  readonly env: CommandIo['env'];
  /** `--dry-run <dir>`: a recording device in this directory instead of the daemon. */
  readonly dryRunDir?: string;
  /** `--state-dir <dir>`: the engine's safety state (removal ledger) outlives the process there. */
  readonly safetyState?: SafetyStateStore;
}

/**
 * Loads the configuration's platform and builds the agent's container for `configuration` with
 * `services`: at start-up, and again for each configuration the running agent reloads.
 */
export async function buildAgentRoot(configuration: AgentConfiguration, services: AgentServices): Promise<AgentRoot> {
  const { config, plugins } = configuration;
  const { logger, metrics, engine } = services;
  const platform = await loadConfiguredPlatform(configuration, { logger, metrics, readOnly: engine.mode === 'plan' });
  return buildAgent({
    config,
    identity: services.identity,
    clock: systemClock,
    logger,
    metrics,
    engine,
    platform,
    ...(services.dryRunDir === undefined ? {} : { dryRunDir: services.dryRunDir }),
    ...(services.safetyState === undefined ? {} : { safetyState: services.safetyState }),
    env: services.env,
    plugins,
  });
}

/** A fully wired agent for one command, with the metrics it was given. */
export interface AgentSetup<M extends Metrics = Metrics> {
  readonly config: MeshrrConfig;
  readonly identity: RouterIdentity;
  readonly logger: Logger;
  readonly metrics: M;
  readonly plugins: readonly AgentPlugin[];
  readonly root: AgentRoot;
  /** What the configuration was loaded from, with its key files (to follow them). */
  readonly configuration: AgentConfiguration;
  /** The services the root was built with (to build another one for a reloaded configuration). */
  readonly services: AgentServices;
}

/** Secret values that must never be logged: the licence, the root password hash. */
function secretValues(io: CommandIo, config: MeshrrConfig | undefined): string[] {
  const values = [
    io.env['LICENSE_KEY'],
    io.env['ENCRYPTED_ROOT_PW'],
    io.env['CONSUL_HTTP_TOKEN'],
    config?.encryptedRootPw,
  ];
  return values.filter((v): v is string => v !== undefined && v !== '' && v !== 'NOLOGIN');
}

/**
 * Loads configuration, identity, plugins and the platform, validates every `source` and the
 * platform's options with their schemas, and builds the container with `metrics` (`run`:
 * prom-client; one-shot commands: discarded, so they never load prom-client). Configuration
 * errors throw `CliError` (exit 1) before anything runs.
 */
export async function setUpAgent<M extends Metrics>(
  options: EngineCommandOptions,
  overrides: PlatformOverrides,
  engine: EngineOptions,
  io: CommandIo,
  metrics: M,
): Promise<AgentSetup<M>> {
  const identity = routerIdentityFrom(io.env);
  const configuration = await loadAgentConfiguration(options.config, io.env, overrides, true);
  const { config, warnings, plugins } = configuration;
  const logger = createLogger({
    level: options.logLevel,
    secretValues: secretValues(io, config),
    destination: { write: (line: string) => io.stderr(line) },
  });
  for (const w of warnings) logger.warn({ warning: w }, 'configuration warning');
  metrics
    .gauge({
      name: 'meshrr_build_info',
      help: 'meshrr build information (always 1).',
      labelNames: ['version', 'platform', 'node'],
    })
    .set({ version: '0.1.0', platform: config.platform.name, node: process.version }, 1);
  const services: AgentServices = {
    identity,
    logger,
    metrics,
    engine,
    env: io.env,
    ...(options.dryRun === undefined ? {} : { dryRunDir: options.dryRun }),
    ...(options.stateDir === undefined ? {} : { safetyState: new FileSafetyStateStore(options.stateDir) }),
  };
  const root = await buildAgentRoot(configuration, services);
  return { config, identity, logger, metrics, plugins, root, configuration, services };
}
