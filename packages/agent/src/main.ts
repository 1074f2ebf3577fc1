#!/usr/bin/env -S node --max-semi-space-size=1
/**
 * The `meshrr` executable: the CLI and the container entrypoint (`meshrr init`, `meshrr sidecar`).
 * The only place that reads `process.env`, `process.argv` and process signals. The shebang caps
 * V8's young generation (1 MB semi-spaces): the agent allocates little, and this keeps the idle
 * sidecar under 80 MB RSS.
 */
import 'reflect-metadata';
import { runCli } from './cli/program.js';

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
});
process.exitCode = code;
