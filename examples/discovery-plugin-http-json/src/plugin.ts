import { PLUGIN_API_VERSION, type AgentPlugin } from '@meshrr/core';
import { httpJsonDiscoveryModule } from './module.js';

/**
 * What the meshrr agent loads when `meshrr.conf.yml` lists this package under `plugins:`:
 * plugin API version 1, name `discovery-http-json`, and the module binding the `http-json`
 * discovery provider.
 */
export const plugin: AgentPlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'discovery-http-json',
  module: httpJsonDiscoveryModule(),
};
