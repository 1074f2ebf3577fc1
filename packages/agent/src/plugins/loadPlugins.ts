import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { MeshrrError, PLUGIN_API_VERSION, type AgentPlugin } from '@meshrr/core';
import { shareAgentModulesWithPlugins } from './sharedModules.js';

/** A plugin named in `plugins:` could not be used. */
export class PluginLoadError extends MeshrrError {
  constructor(
    readonly pluginName: string,
    message: string,
    options?: { cause?: unknown; where?: string },
  ) {
    super(
      'plugin-load',
      `${options?.where === undefined ? '' : `${options.where}: `}plugin ${pluginName}: ${message}`,
      options,
    );
  }
}

/**
 * Where in the plugin's own code an import failed: the first `file:line:column` of the error's
 * stack (or of a syntax error's header) that is not Node's or meshrr's, e.g.
 * `/usr/lib/node_modules/acme-plugin/index.js:3:9`.
 */
export function pluginCodeLocation(error: unknown): string | undefined {
  const text = error instanceof Error ? `${error.stack ?? ''}\n${error.message}` : String(error);
  for (const match of text.matchAll(/((?:file:\/\/)?\/[^\s():]+\.[cm]?[jt]s):(\d+)(?::(\d+))?/g)) {
    const file = match[1]!.replace(/^file:\/\//, '');
    if (/\/(packages\/agent|@meshrr\/agent)\//.test(file) || file.includes('/node:')) continue;
    return `${decodeURI(file)}:${match[2]}${match[3] === undefined ? '' : `:${match[3]}`}`;
  }
  return undefined;
}

/** How a module specifier is imported; injectable so tests need no installed package. */
export type ModuleImporter = (specifier: string) => Promise<Record<string, unknown>>;

const defaultImporter: ModuleImporter = (specifier) => {
  shareAgentModulesWithPlugins();
  return import(specifier) as Promise<Record<string, unknown>>;
};

/**
 * Node's ESM loader throws a SyntaxError without any file or line in it. To name them, the
 * plugin's entry file is resolved and checked with `node --check`, whose first line is
 * `<file>:<line>`. `undefined` when the entry file itself parses (the error is in a module it
 * imports) or cannot be resolved.
 */
function syntaxErrorLocation(specifier: string): string | undefined {
  let file: string;
  try {
    const url = import.meta.resolve(specifier);
    if (!url.startsWith('file:')) return undefined;
    file = fileURLToPath(url);
  } catch {
    return undefined;
  }
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 30_000 });
  const first = check.stderr.split('\n')[0] ?? '';
  return check.status !== 0 && /:\d+$/.test(first) ? first : undefined;
}

function checkShape(name: string, exported: unknown, at: string | undefined): AgentPlugin {
  const where = at === undefined ? {} : { where: at };
  if (typeof exported !== 'object' || exported === null) {
    throw new PluginLoadError(
      name,
      'does not export `plugin` (expected `export const plugin: AgentPlugin = { apiVersion: 1, name, module }`)',
      where,
    );
  }
  const candidate = exported as Record<string, unknown>;
  if (candidate['apiVersion'] !== PLUGIN_API_VERSION) {
    throw new PluginLoadError(
      name,
      `apiVersion ${JSON.stringify(candidate['apiVersion'])} is not supported (this meshrr supports ${PLUGIN_API_VERSION})`,
      where,
    );
  }
  if (typeof candidate['name'] !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(candidate['name'])) {
    throw new PluginLoadError(name, '`name` must be a kebab-case string', where);
  }
  if (!(candidate['module'] instanceof ContainerModule)) {
    throw new PluginLoadError(
      name,
      '`module` must be an inversify ContainerModule (is inversify a peer dependency of the plugin, so both use one copy?)',
      where,
    );
  }
  return candidate as unknown as AgentPlugin;
}

/**
 * Loads the packages named in the configuration's `plugins:` by dynamic import — which runs their
 * code — checks the exported `plugin` (apiVersion, kebab-case name, ContainerModule) and refuses
 * duplicates. Every failure is a {@link PluginLoadError} naming where the plugin is listed
 * (`where(index)`, e.g. `meshrr.conf.yml:31:5: plugins[0]`), the package, what is wrong and, for
 * an import that threw, the file and line in the plugin's code.
 */
export async function loadPlugins(
  names: readonly string[],
  importer: ModuleImporter = defaultImporter,
  where: (index: number) => string | undefined = () => undefined,
): Promise<AgentPlugin[]> {
  const plugins: AgentPlugin[] = [];
  for (const [index, name] of names.entries()) {
    const at = where(index);
    let loaded: Record<string, unknown>;
    try {
      loaded = await importer(name);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const location =
        pluginCodeLocation(error) ?? (error instanceof SyntaxError ? syntaxErrorLocation(name) : undefined);
      const hint =
        code === 'ERR_MODULE_NOT_FOUND' && (error as Error).message.includes(name)
          ? 'is not installed (npm install it next to meshrr)'
          : `failed to import${location === undefined ? '' : ` at ${location}`}: ${(error as Error).message.split('\n')[0]}`;
      throw new PluginLoadError(name, hint, { cause: error, ...(at === undefined ? {} : { where: at }) });
    }
    const plugin = checkShape(name, loaded['plugin'], at);
    if (plugins.some((p) => p.name === plugin.name))
      throw new PluginLoadError(
        name,
        `a plugin named ${plugin.name} is already loaded`,
        at === undefined ? {} : { where: at },
      );
    plugins.push(plugin);
  }
  return plugins;
}
