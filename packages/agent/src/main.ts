#!/usr/bin/env node
/**
 * The `meshrr` executable: the CLI and the container entrypoint (`meshrr init`, `meshrr sidecar`).
 * The only place that reads `process.env` and `process.argv`.
 */
import 'reflect-metadata';
import { runCli } from './cli/program.js';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});
process.exitCode = code;
