/**
 * `meshrr-platform-bird`: an example third-party meshrr platform plugin written only against
 * `@meshrr/core`'s public API — BIRD 2 as route reflector and route server (`--platform bird`).
 * The agent imports {@link plugin}; this entry stays small (the renderer and the transport are
 * imported when the platform is loaded), so loading the plugin costs an agent next to nothing.
 */
export { plugin } from './plugin.js';
export { birdPlatformModule } from './module.js';
export { birdPlatformProvider } from './provider.js';
export { birdOptionsSchema } from './options.js';
export type { BirdOptions } from './options.js';
