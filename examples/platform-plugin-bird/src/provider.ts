import { PLATFORM_API_VERSION, type PlatformProvider } from '@meshrr/core';
import { birdOptionsSchema, type BirdOptions } from './options.js';

/**
 * Platform `bird`: BIRD 2 as route reflector and route server, configured by whole-file reloads
 * over its control socket with `configure check` first and BIRD's own commit confirmed
 * (`configure timeout` / `configure confirm`). The renderer is imported on `load`, so an agent for
 * another platform that loads this plugin pays only for this module and the options schema.
 */
export const birdPlatformProvider: PlatformProvider<BirdOptions> = {
  apiVersion: PLATFORM_API_VERSION,
  name: 'bird',
  summary: 'BIRD 2 over its control socket (configure check, configure timeout/confirm)',
  optionsSchema: birdOptionsSchema,
  async load(options, context) {
    const { birdPlatform } = await import('./platform.js');
    return birdPlatform(options, context);
  },
};
