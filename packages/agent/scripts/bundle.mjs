#!/usr/bin/env node
// Bundles the compiled agent (dist/meshrr.js and everything it imports, workspace packages
// included) into dist/main.js plus chunks that load on demand (dist/main-chunk-*.js): one file to
// read and compile at start-up instead of hundreds, and each command's code only when it runs.
// Run by `npm run build` after tsc. Native and very large dependencies stay external (resolved from
// node_modules at run time, loaded only by the commands that use them).
// A workspace module that finds files next to itself (`new URL(..., import.meta.url)`) keeps
// finding them: its `import.meta.url` becomes its original dist path, relative to the bundle.
import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');

/**
 * zod's error-message translations (40-odd locales, ~370 kB, half of zod) are left out: meshrr
 * reports in English, which zod configures by itself; `z.locales` then offers only `en`.
 */
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)
        ? { path: join(args.resolveDir, '../locales/en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * prom-client's Pushgateway and AggregatorRegistry (cluster) are made lazy: the agent uses neither,
 * and loading them at start pulls in node:http, https, zlib and cluster (~10 MB of the idle RSS).
 */
const lazyPromClientExtras = {
  name: 'prom-client-lazy-extras',
  setup(b) {
    b.onLoad({ filter: /[\\/]prom-client[\\/]index\.js$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      for (const [name, module] of [
        ['Pushgateway', './lib/pushgateway'],
        ['AggregatorRegistry', './lib/cluster'],
      ]) {
        const eager = `exports.${name} = require('${module}');`;
        if (!text.includes(eager)) throw new Error(`prom-client changed: "${eager}" not found in ${args.path}`);
        text = text.replace(
          eager,
          `Object.defineProperty(exports, '${name}', { enumerable: true, get: () => require('${module}') });`,
        );
      }
      return { contents: text, loader: 'js' };
    });
  },
};

/**
 * commander loads node:child_process (and with it net and dgram) at start for executable
 * subcommands, which meshrr has none of: it is loaded on first use instead.
 */
const lazyCommanderChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) throw new Error(`commander changed: "${eager}" not found in ${args.path}`);
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: text.replace(eager, lazy), loader: 'js' };
    });
  },
};

/**
 * pino loads worker_threads, assert and thread-stream at start for its worker transports, which
 * meshrr does not use (it logs through a destination stream): they are loaded on first use instead.
 */
const lazyPinoWorkers = {
  name: 'pino-lazy-workers',
  setup(b) {
    const edits = {
      'tools.js': [
        ["const { isMainThread } = require('worker_threads')", ''],
        ['if (!opts.sync && isMainThread) {', "if (!opts.sync && require('worker_threads').isMainThread) {"],
      ],
      'transport.js': [
        ["const ThreadStream = require('thread-stream')", ''],
        ['const stream = new ThreadStream({', "const stream = new (require('thread-stream'))({"],
      ],
    };
    b.onLoad({ filter: /[\\/]pino[\\/]lib[\\/](tools|transport)\.js$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      for (const [from, to] of edits[args.path.split(/[\\/]/).pop()]) {
        if (!text.includes(from)) throw new Error(`pino changed: "${from}" not found in ${args.path}`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

/** `import.meta.url` of a bundled workspace module → the URL of its original file, relative to the bundle. */
const originalLocation = {
  name: 'original-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const from = relative(outdir, args.path).split('\\').join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(from)}, import.meta.url).href`),
        loader: 'js',
      };
    });
  },
};

// Chunks of an earlier build would pile up (their names carry content hashes).
for (const name of await readdir(outdir)) if (/^main-.*\.js$/.test(name)) await rm(join(outdir, name));
await rm(join(outdir, 'plugin-api'), { recursive: true, force: true });

// The plugin API: what plugins import as `@meshrr/core` and `inversify` when the bundled agent loads
// them (src/plugins/sharedModules.ts redirects those imports here), so that plugins share the
// agent's instances (classes, errors) instead of loading second copies from node_modules.
const pluginApi = {
  'plugin-api/core': join(root, '..', 'core', 'dist', 'index.js'),
  'plugin-api/inversify': fileURLToPath(import.meta.resolve('inversify')),
};

const result = await build({
  entryPoints: { main: join(outdir, 'meshrr.js'), ...pluginApi },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  chunkNames: 'main-[name]-[hash]',
  external: ['ssh2', 'cpu-features', '@kubernetes/client-node'],
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __meshrrRequire } from 'node:module';\nconst require = __meshrrRequire(import.meta.url);",
  },
  define: { __MESHRR_BUNDLE__: 'true' },
  plugins: [originalLocation, englishOnlyZod, lazyPromClientExtras, lazyCommanderChildProcess, lazyPinoWorkers],
  legalComments: 'none',
  // Whitespace and syntax only (names stay, so stack traces stay readable): no comments also means
  // pure-ASCII sources, which V8 keeps at one byte per character (one non-ASCII character in a
  // comment doubled the size of a chunk's source in memory).
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: process.env.MESHRR_BUNDLE_META !== undefined,
});
if (result.metafile)
  (await import('node:fs')).writeFileSync(process.env.MESHRR_BUNDLE_META, JSON.stringify(result.metafile));
