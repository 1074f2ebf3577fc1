import { ContainerModule } from 'inversify';
import { PLUGIN_API_VERSION, PlatformProvider, type AgentPlugin } from '@meshrr/core';
import { frrPlatformProvider } from './frr/frrPlatform.js';
import { junosPlatformProvider } from './junos/junosPlatform.js';

/**
 * The platforms that ship with the agent, `junos` and `frr`, packaged exactly like a third-party
 * platform plugin: the agent loads this module next to the modules of `plugins:`, so nothing built
 * in is privileged. Each provider imports its renderer and transport only when selected.
 */
export const builtinPlatformsPlugin: AgentPlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'meshrr-builtin-platforms',
  module: new ContainerModule(({ bind }) => {
    bind(PlatformProvider).toConstantValue(junosPlatformProvider);
    bind(PlatformProvider).toConstantValue(frrPlatformProvider);
  }),
};
