import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { loadPlugins, PluginLoadError } from './loadPlugins.js';

const module = new ContainerModule(() => undefined);
const importer = (table: Record<string, unknown>) => async (name: string) => {
  if (!(name in table))
    throw Object.assign(new Error(`Cannot find package '${name}'`), { code: 'ERR_MODULE_NOT_FOUND' });
  return table[name] as Record<string, unknown>;
};

describe('loadPlugins', () => {
  it('loads plugins with the right shape, in order', async () => {
    const plugins = await loadPlugins(
      ['@acme/a', '@acme/b'],
      importer({
        '@acme/a': { plugin: { apiVersion: 1, name: 'discovery-a', module } },
        '@acme/b': { plugin: { apiVersion: 1, name: 'discovery-b', module } },
      }),
    );
    expect(plugins.map((p) => p.name)).toEqual(['discovery-a', 'discovery-b']);
  });

  it.each([
    ['@acme/missing', {}, 'plugin @acme/missing: is not installed (npm install it next to meshrr)'],
    ['@acme/x', { '@acme/x': {} }, 'plugin @acme/x: does not export `plugin`'],
    [
      '@acme/x',
      { '@acme/x': { plugin: { apiVersion: 2, name: 'x', module } } },
      'plugin @acme/x: apiVersion 2 is not supported (this meshrr supports 1)',
    ],
    [
      '@acme/x',
      { '@acme/x': { plugin: { apiVersion: 1, name: 'Bad Name', module } } },
      'plugin @acme/x: `name` must be a kebab-case string',
    ],
    [
      '@acme/x',
      { '@acme/x': { plugin: { apiVersion: 1, name: 'x', module: {} } } },
      'plugin @acme/x: `module` must be an inversify ContainerModule',
    ],
  ])('refuses %s with a clear error', async (name, table, message) => {
    const error = await loadPlugins([name], importer(table)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginLoadError);
    expect((error as Error).message).toContain(message);
  });

  it('a plugin whose code throws while imported is named with the file and line of the throw and where it is listed (issue 11 item 9)', async () => {
    const thrower = async (): Promise<Record<string, unknown>> => {
      const error = new TypeError("Cannot read properties of undefined (reading 'x')");
      error.stack = `TypeError: Cannot read properties of undefined (reading 'x')\n    at file:///usr/lib/node_modules/acme-plugin/dist/index.js:12:7\n    at ModuleJob.run (node:internal/modules/esm/module_job:271:25)`;
      throw error;
    };
    await expect(
      loadPlugins(['acme-plugin'], thrower, () => '/etc/meshrr/meshrr.conf.yml:31:5: plugins[0]'),
    ).rejects.toThrow(
      "/etc/meshrr/meshrr.conf.yml:31:5: plugins[0]: plugin acme-plugin: failed to import at /usr/lib/node_modules/acme-plugin/dist/index.js:12:7: Cannot read properties of undefined (reading 'x')",
    );
  });

  it('a plugin with a syntax error is named with the file and line of the error (Node gives neither)', async () => {
    const { fileURLToPath } = await import('node:url');
    const path = fileURLToPath(new URL('./__fixtures__/broken-plugin.mjs', import.meta.url));
    const nodeSyntaxError = async (): Promise<Record<string, unknown>> => {
      // what Node's ESM loader throws: no file, no line
      const error = new SyntaxError("Unexpected token ';'");
      error.stack =
        "SyntaxError: Unexpected token ';'\n    at compileSourceTextModule (node:internal/modules/esm/utils:346:16)";
      throw error;
    };
    await expect(loadPlugins([path], nodeSyntaxError)).rejects.toThrow(
      `plugin ${path}: failed to import at ${path}:3: Unexpected token ';'`,
    );
  });

  it('refuses two plugins with one name', async () => {
    const p = { plugin: { apiVersion: 1, name: 'same', module } };
    await expect(loadPlugins(['a', 'b'], importer({ a: p, b: p }))).rejects.toThrow(
      'plugin b: a plugin named same is already loaded',
    );
  });
});

describe('loadPlugins with a real dynamic import', () => {
  it('imports a plugin file, and its provider kind becomes a valid sourcetype', async () => {
    const { fileURLToPath } = await import('node:url');
    const { sourceSchemas } = await import('../container.js');
    const path = fileURLToPath(new URL('./__fixtures__/echo-plugin.mjs', import.meta.url));
    const plugins = await loadPlugins([path]);
    expect(plugins.map((p) => p.name)).toEqual(['discovery-echo']);
    const schemas = await sourceSchemas({}, plugins);
    expect([...schemas.keys()].sort()).toEqual(['consul', 'dns', 'echo', 'kubernetes', 'static']);
    expect(schemas.get('echo')!.safeParse({ addresses: ['10.0.0.1'] }).success).toBe(true);
    expect(schemas.get('echo')!.safeParse({}).success).toBe(false);
  });
});
