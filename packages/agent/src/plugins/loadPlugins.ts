import { ContainerModule } from 'inversify';
import { MeshrrError, PLUGIN_API_VERSION, type AgentPlugin } from '@meshrr/core';
import { shareAgentModulesWithPlugins } from './sharedModules.js';

/** A plugin named in `plugins:` could not be used. */
export class PluginLoadError extends MeshrrError {
  constructor(
    readonly pluginName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('plugin-load', `plugin ${pluginName}: ${message}`, options);
  }
}

/** How a module specifier is imported; injectable so tests need no installed package. */
export type ModuleImporter = (specifier: string) => Promise<Record<string, unknown>>;

const defaultImporter: ModuleImporter = (specifier) => {
  shareAgentModulesWithPlugins();
  return import(specifier) as Promise<Record<string, unknown>>;
};

function checkShape(name: string, exported: unknown): AgentPlugin {
  if (typeof exported !== 'object' || exported === null) {
    throw new PluginLoadError(
      name,
      'does not export `plugin` (expected `export const plugin: AgentPlugin = { apiVersion: 1, name, module }`)',
    );
  }
  const candidate = exported as Record<string, unknown>;
  if (candidate['apiVersion'] !== PLUGIN_API_VERSION) {
    throw new PluginLoadError(
      name,
      `apiVersion ${JSON.stringify(candidate['apiVersion'])} is not supported (this meshrr supports ${PLUGIN_API_VERSION})`,
    );
  }
  if (typeof candidate['name'] !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(candidate['name'])) {
    throw new PluginLoadError(name, '`name` must be a kebab-case string');
  }
  if (!(candidate['module'] instanceof ContainerModule)) {
    throw new PluginLoadError(
      name,
      '`module` must be an inversify ContainerModule (is inversify a peer dependency of the plugin, so both use one copy?)',
    );
  }
  return candidate as unknown as AgentPlugin;
}

/**
 * Loads the packages named in the configuration's `plugins:` by dynamic import, checks the exported
 * `plugin` (apiVersion, kebab-case name, ContainerModule) and refuses duplicates. Every failure is
 * a {@link PluginLoadError} naming the package and what is wrong.
 */
export async function loadPlugins(
  names: readonly string[],
  importer: ModuleImporter = defaultImporter,
): Promise<AgentPlugin[]> {
  const plugins: AgentPlugin[] = [];
  for (const name of names) {
    let loaded: Record<string, unknown>;
    try {
      loaded = await importer(name);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const hint =
        code === 'ERR_MODULE_NOT_FOUND' ? 'is not installed (npm install it next to meshrr)' : 'failed to import';
      throw new PluginLoadError(name, hint, { cause: error });
    }
    const plugin = checkShape(name, loaded['plugin']);
    if (plugins.some((p) => p.name === plugin.name))
      throw new PluginLoadError(name, `a plugin named ${plugin.name} is already loaded`);
    plugins.push(plugin);
  }
  return plugins;
}
