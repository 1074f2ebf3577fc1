import { systemClock, type PlatformOverrides } from '@meshrr/core';
import type { CommandIo } from '../cli/io.js';
import { loadAgentConfig } from '../config/loadAgentConfig.js';
import { registeredPlatforms, sourceSchemas } from '../container.js';
import { loadPlatform, platformSchemas } from '../platforms/platformRegistry.js';
import { loadPlugins } from '../plugins/loadPlugins.js';
import { DiscardingMetrics } from '../runtime/discardingMetrics.js';
import { createLogger } from '../runtime/logger.js';
import { runValidate, type ValidateOptions } from './validate.js';

/**
 * `meshrr validate` wired: every discovery and platform schema the configuration's plugins bring,
 * and a way to load the platform to check its initial configuration. Resolves to the exit code.
 */
export async function validateCommand(
  flags: ValidateOptions,
  overrides: PlatformOverrides,
  io: CommandIo,
): Promise<number> {
  const first = await loadAgentConfig(flags.config, io.env, { platformOverrides: overrides }).catch(() => undefined);
  const plugins = first === undefined ? [] : await loadPlugins(first.config.plugins);
  const platforms = registeredPlatforms(plugins);
  const logger = createLogger({ level: 'warn', destination: { write: (line: string) => io.stderr(line) } });
  return runValidate(flags, io, {
    sourceSchemas: await sourceSchemas(io.env, plugins),
    platformSchemas: platformSchemas(platforms),
    platformOverrides: overrides,
    loadPlatform: (config) =>
      loadPlatform(platforms, config, {
        logger,
        clock: systemClock,
        metrics: new DiscardingMetrics(),
        baseDir: process.cwd(),
      }),
  });
}
