#!/usr/bin/env node
/**
 * The `meshrr` executable: the CLI and the container entrypoint (`meshrr init`, `meshrr sidecar`).
 * The only place that reads `process.env`, `process.argv` and process signals.
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
