import type { ContainerModule } from 'inversify';

/** The plugin API version this core implements. */
export const PLUGIN_API_VERSION = 1 as const;

/**
 * What a third-party package exports as `plugin` (or default-free `export const plugin`). The agent
 * loads packages named in `plugins:` by dynamic import, checks `apiVersion` and this shape, and
 * loads `module` into the container. A module binds `DiscoveryProvider` (multi-bound) or other
 * contracts; it must depend on `@meshrr/core` and `inversify` as peer dependencies.
 */
export interface AgentPlugin {
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  /** kebab-case, unique among loaded plugins. */
  readonly name: string;
  readonly module: ContainerModule;
}
