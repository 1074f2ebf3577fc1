import { Command, CommanderError, Option } from 'commander';
import { MeshrrError } from '@meshrr/core';
import { runInit } from '../commands/init.js';
import { runRender } from '../commands/render.js';
import { MESHRR_PATHS } from '../config/paths.js';
import { CliError, type CommandIo } from './io.js';
import { registerRuntimeCommands } from './runtimeCommands.js';

/** The `--config` option every command takes (default: meshrr's path, else the embedded default). */
export function configOption(): Option {
  return new Option(
    '-c, --config <file>',
    `meshrr.conf.yml (default ${MESHRR_PATHS.config}, else the embedded default)`,
  );
}

function buildProgram(io: CommandIo, version: string): Command {
  const program = new Command('meshrr')
    .description('Self-assembling meshes and hierarchies of BGP route reflectors and route servers')
    .version(version)
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command('init')
    .description("meshrr's init container: ensure the SSH key pair and write the daemon's initial configuration")
    .addOption(configOption())
    .option(
      '-t, --template <file>',
      `user template, Jinja2 or Eta (default ${MESHRR_PATHS.jinjaTemplate}, then ${MESHRR_PATHS.etaTemplate}, else the default for the mode)`,
    )
    .option(
      '-o, --output <file>',
      'configuration to write (an existing one keeps everything but the router identity)',
      MESHRR_PATHS.juniperConf,
    )
    .option('--ssh-key <file>', 'SSH private key of the agent (created when missing)', MESHRR_PATHS.sshKey)
    .action(async (opts: { config?: string; template?: string; output: string; sshKey: string }) => {
      await runInit(opts, io);
    });

  program
    .command('render')
    .description('print the initial configuration init would write, without writing anything')
    .addOption(configOption())
    .option('-t, --template <file>', 'user template, Jinja2 or Eta (default: as init)')
    .option('--ssh-key <file>', 'SSH private key whose .pub is rendered', MESHRR_PATHS.sshKey)
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action(async (opts: { config?: string; template?: string; sshKey: string; out?: string }) => {
      await runRender(opts, io);
    });

  registerRuntimeCommands(program, io);
  return program;
}

/**
 * Runs the `meshrr` command line with `argv` (without node and script). Resolves to the exit code:
 * 0 on success (and after a clean stop of `run`), 1 on an error (one clear message, no stack trace
 * unless `MESHRR_DEBUG` is set), 2 on a usage error.
 */
export async function runCli(argv: readonly string[], io: CommandIo, version = '0.1.0'): Promise<number> {
  const program = buildProgram(io, version);
  // meshrr's own timers are unref'd (library code must never keep a process alive); a command is
  // the one thing that must live until it finishes or is told to stop.
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      io.stderr(`meshrr: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof MeshrrError) {
      io.stderr(`meshrr: ${error.message}\n`);
      return 1;
    }
    io.stderr(
      `meshrr: ${error instanceof Error ? (io.env['MESHRR_DEBUG'] ? error.stack : error.message) : String(error)}\n`,
    );
    return 1;
  } finally {
    clearInterval(keepAlive);
  }
}
