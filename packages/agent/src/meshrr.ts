#!/usr/bin/env -S node --max-semi-space-size=1
/**
 * The `meshrr` executable: the CLI and the container entrypoint (`meshrr init`, `meshrr sidecar`).
 * The only place that reads `process.env`, `process.argv` and process signals (SIGTERM/SIGINT
 * stop the agent with a drain; SIGHUP reloads its configuration). The shebang caps
 * V8's young generation (1 MB semi-spaces): the agent allocates little, and this keeps the idle
 * sidecar's memory small. The build bundles this file into `dist/main.js` (scripts/bundle.mjs).
 *
 * Start-up: V8's compile cache is switched on first (`NODE_COMPILE_CACHE` names its directory,
 * default `<tmpdir>/node-compile-cache`; `NODE_DISABLE_COMPILE_CACHE=1` turns it off; a directory
 * that cannot be written only costs the cache), then everything else is imported, so every later
 * start reuses the compiled code of the previous one.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { runCli } = await import('./cli/program.js');

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  onTerminate: (handler) => {
    const signals = ['SIGTERM', 'SIGINT'] as const;
    for (const signal of signals) process.on(signal, handler);
    return () => {
      for (const signal of signals) process.off(signal, handler);
    };
  },
  onReload: (handler) => {
    process.on('SIGHUP', handler);
    return () => void process.off('SIGHUP', handler);
  },
});
process.exitCode = code;
