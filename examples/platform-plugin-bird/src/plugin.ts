import { PLUGIN_API_VERSION, type AgentPlugin } from '@meshrr/core';
import { birdPlatformModule } from './module.js';

/** What the agent imports from `plugins: [meshrr-platform-bird]`. */
export const plugin: AgentPlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'platform-bird',
  module: birdPlatformModule(),
};
