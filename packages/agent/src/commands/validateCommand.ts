import { describeConfigField, systemClock, type PlatformOverrides } from '@meshrr/core';
import type { CommandIo } from '../cli/io.js';
import { loadAgentConfig } from '../config/loadAgentConfig.js';
import { registeredPlatforms, sourceSchemas } from '../container.js';
import { loadPlatform, platformSchemas } from '../platforms/platformRegistry.js';
import { loadPlugins } from '../plugins/loadPlugins.js';
import { DiscardingMetrics } from '../runtime/discardingMetrics.js';
import { createLogger } from '../runtime/logger.js';
import { runValidate, type ValidateOptions } from './validate.js';

/**
 * `meshrr validate` wired: the built-in discovery and platform schemas — plus, with
 * `--load-plugins` only, those the configuration's plugins bring (importing them runs their code,
 * which validate announces on standard error) — and a way to load the platform to check its
 * initial configuration. Resolves to the exit code.
 */
export async function validateCommand(
  flags: ValidateOptions,
  overrides: PlatformOverrides,
  io: CommandIo,
): Promise<number> {
  const first = await loadAgentConfig(flags.config, io.env, { platformOverrides: overrides }).catch(() => undefined);
  const names = first?.config.plugins ?? [];
  const load = flags.loadPlugins === true && names.length > 0;
  if (load)
    io.stderr(
      `meshrr validate: importing plugin${names.length === 1 ? '' : 's'} ${names.join(', ')} (--load-plugins): this runs their code\n`,
    );
  const plugins = load
    ? await loadPlugins(names, undefined, (i) => describeConfigField(first!.config.origin, ['plugins', i]))
    : [];
  const platforms = registeredPlatforms(plugins);
  const logger = createLogger({ level: 'warn', destination: { write: (line: string) => io.stderr(line) } });
  return runValidate(flags, io, {
    sourceSchemas: await sourceSchemas(io.env, plugins),
    platformSchemas: platformSchemas(platforms),
    platformOverrides: overrides,
    pluginsNotLoaded: load ? [] : names,
    loadPlatform: (config) =>
      loadPlatform(platforms, config, {
        logger,
        clock: systemClock,
        metrics: new DiscardingMetrics(),
        baseDir: process.cwd(),
      }),
  });
}
