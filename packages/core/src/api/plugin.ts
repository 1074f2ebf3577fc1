import type { ContainerModule } from 'inversify';

/** The plugin API version this core implements (the envelope below; each contract inside is versioned too). */
export const PLUGIN_API_VERSION = 1 as const;

/**
 * What a third-party package exports as `plugin` (a named export). The agent loads packages named
 * in `plugins:` by dynamic import, checks `apiVersion` and this shape, and loads `module` into the
 * container. A module binds one or more of the multi-bound contracts: `DiscoveryProvider`
 * (a `sourcetype`) and `PlatformProvider` (a routing daemon, with its own `apiVersion`,
 * `PLATFORM_API_VERSION`). It must depend on `@meshrr/core` and `inversify` as peer
 * dependencies.
 */
export interface AgentPlugin {
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  /** kebab-case, unique among loaded plugins. */
  readonly name: string;
  readonly module: ContainerModule;
}
