import { registerHooks } from 'node:module';

/** Defined (as `true`) by the agent's bundler; undeclared when the agent runs from tsc's output or sources. */
declare const __MESHRR_BUNDLE__: boolean | undefined;

/**
 * The packages a plugin shares with the agent, and the file of the bundle that exports each. A
 * plugin's `ContainerModule` must come from the agent's inversify and its errors and tokens from the
 * agent's `@meshrr/core`: the bundled agent carries its own copies of both, so a plugin that imported
 * the copies in `node_modules` would fail `instanceof` checks (and its errors would lose their kind).
 */
export const SHARED_WITH_PLUGINS: Readonly<Record<string, string>> = {
  '@meshrr/core': 'plugin-api/core.js',
  inversify: 'plugin-api/inversify.js',
};

let shared = false;

/**
 * In the bundled agent, resolves every later import of a {@link SHARED_WITH_PLUGINS} package (by
 * plugins, from ESM or CommonJS) to the bundle's own copy, so plugins and agent use one instance of
 * each. Idempotent. Does nothing when the agent is not bundled: then it imports those packages from
 * `node_modules` itself, as plugins do.
 */
export function shareAgentModulesWithPlugins(): void {
  if (shared || typeof __MESHRR_BUNDLE__ === 'undefined') return;
  shared = true;
  const distDir = new URL('../', import.meta.url);
  const urls = new Map(Object.entries(SHARED_WITH_PLUGINS).map(([name, file]) => [name, new URL(file, distDir).href]));
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const url = urls.get(specifier);
      return url === undefined ? nextResolve(specifier, context) : { url, format: 'module', shortCircuit: true };
    },
  });
}
