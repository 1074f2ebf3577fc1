import {
  systemClock,
  type MeshrrConfig,
  type RouterIdentity,
  type Logger,
  type AgentPlugin,
  type EngineOptions,
} from '@meshrr/core';
import type { CommandIo } from '../cli/io.js';
import { buildAgent, sourceSchemas, sourcetypesOf, type AgentRoot } from '../container.js';
import { loadAgentConfig, routerIdentityFrom } from '../config/loadAgentConfig.js';
import type { PlatformSettings } from '../platform.js';
import { loadPlugins } from '../plugins/loadPlugins.js';
import { createLogger } from '../runtime/logger.js';
import { PromMetrics } from '../runtime/promMetrics.js';

/** Flags shared by the commands that run the engine (`run`, `plan`, `discover`). */
export interface EngineCommandOptions {
  readonly config?: string;
  readonly logLevel: string;
  readonly dryRun?: string;
}

/** A fully wired agent for one command. */
export interface AgentSetup {
  readonly config: MeshrrConfig;
  readonly identity: RouterIdentity;
  readonly logger: Logger;
  readonly metrics: PromMetrics;
  readonly plugins: readonly AgentPlugin[];
  readonly root: AgentRoot;
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
 * Loads configuration, identity and plugins, validates every `source` with its provider's schema,
 * and builds the container. Configuration errors throw `CliError` (exit 1) before anything runs.
 */
export async function setUpAgent(
  options: EngineCommandOptions,
  platform: PlatformSettings,
  engine: EngineOptions,
  io: CommandIo,
): Promise<AgentSetup> {
  const identity = routerIdentityFrom(io.env);
  const first = await loadAgentConfig(options.config, io.env);
  const plugins = await loadPlugins(first.config.plugins);
  const { config, warnings } = await loadAgentConfig(
    options.config,
    io.env,
    await sourceSchemas(io.env, plugins, sourcetypesOf(first.config)),
  );
  const logger = createLogger({
    level: options.logLevel,
    secretValues: secretValues(io, config),
    destination: { write: (line: string) => io.stderr(line) },
  });
  for (const w of warnings) logger.warn({ warning: w }, 'configuration warning');
  const metrics = new PromMetrics();
  metrics
    .gauge({
      name: 'meshrr_build_info',
      help: 'meshrr build information (always 1).',
      labelNames: ['version', 'platform', 'node'],
    })
    .set({ version: '0.1.0', platform: platform.platform, node: process.version }, 1);
  const root = await buildAgent({
    config,
    identity,
    clock: systemClock,
    logger,
    metrics,
    engine,
    platform,
    ...(options.dryRun === undefined ? {} : { dryRunDir: options.dryRun }),
    env: io.env,
    plugins,
  });
  return { config, identity, logger, metrics, plugins, root };
}
