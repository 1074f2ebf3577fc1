import { Argument, Command, CommanderError } from 'commander';
import { MeshrrError } from '@meshrr/core';
import { MESHRR_PATHS } from '../config/paths.js';
import { platformOverrides, type PlatformFlags } from '../platforms/platformFlags.js';
import { commandTree } from './commandTree.js';
import { configOption } from './commonOptions.js';
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from './completion.js';
import { applyEnvFallbacks, attachEnvFallbacks } from './envFallback.js';
import { EXIT_CODE_DOCS, EXIT_CODES } from './exitCodes.js';
import { CliError, type CommandIo } from './io.js';
import { formatOutput, outputOption, type OutputFormat } from './output.js';
import { addPlatformOptions, registerRuntimeCommands, sourcesOf } from './runtimeCommands.js';

/** The conventions every command follows, printed after `meshrr --help` (and in docs/cli.md). */
export function conventionsHelp(): string {
  return `
Output formats (-o, --output <format>):
  text (default, for people), json and yaml (for programs: the same fields in both);
  lab status also dot and svg (the peering graph, Graphviz). -o never names a file:
  commands that write a file take --out <file> (init, render).

Environment:
  Every flag can be set by an environment variable MESHRR_<FLAG> (--http-port: MESHRR_HTTP_PORT),
  shown as "(env: ...)" in each command's --help. The command line wins over the environment,
  which wins over the default. Not for --output, --out, --wait and --help. The lab's --state-dir
  is MESHRR_LAB_STATE_DIR (MESHRR_STATE_DIR is the agent's: run --state-dir). meshrr-compatible
  variables (POD_IP, LICENSE_KEY, MESHRR_MODE, AUTONOMOUS_SYSTEM, UPDATE_SECONDS, ENCRYPTED_ROOT_PW)
  configure meshrr.conf.yml as in Juniper's meshrr; MESHRR_DEBUG=1 prints stack traces.

Exit codes:
${EXIT_CODE_DOCS.map((e) => `  ${e.code}  ${e.meaning}`).join('\n')}

Shell completion:  source <(meshrr completion bash)   (also zsh, fish)
`;
}

function buildProgram(io: CommandIo, version: string): Command {
  const program = new Command('meshrr')
    .description('Self-assembling meshes and hierarchies of BGP route reflectors and route servers')
    .version(version)
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText('after', conventionsHelp())
    .exitOverride();

  const init = program
    .command('init')
    .description(
      "meshrr's init container: write the daemon's initial configuration (Junos: also ensure the agent's SSH key pair)",
    )
    .addOption(configOption())
    .option(
      '-t, --template <file>',
      `Junos: user template, Jinja2 or Eta (default ${MESHRR_PATHS.jinjaTemplate}, then ${MESHRR_PATHS.etaTemplate}, else the default for the mode)`,
    )
    .option(
      '--out <file>',
      `configuration to write (default: the platform's, Junos ${MESHRR_PATHS.juniperConf}; an existing Junos one keeps everything but the router identity)`,
    )
    .addOption(outputOption());
  addPlatformOptions(init).action(
    async (
      opts: PlatformFlags & { config?: string; template?: string; out?: string; output: OutputFormat },
      command: Command,
    ) => {
      const overrides = platformOverrides(opts, sourcesOf(command));
      const { runInit } = await import('../commands/init.js');
      await runInit(opts, overrides, io);
    },
  );

  const render = program
    .command('render')
    .description('print the initial configuration init would write, without writing anything')
    .addOption(configOption())
    .option('-t, --template <file>', 'Junos: user template, Jinja2 or Eta (default: as init)')
    .option('--out <file>', 'write the configuration to this file instead of standard output')
    .addOption(outputOption());
  addPlatformOptions(render).action(
    async (
      opts: PlatformFlags & { config?: string; template?: string; out?: string; output: OutputFormat },
      command: Command,
    ) => {
      const overrides = platformOverrides(opts, sourcesOf(command));
      const { runRender } = await import('../commands/init.js');
      await runRender(opts, overrides, io);
    },
  );

  registerRuntimeCommands(program, io);

  program
    .command('version')
    .description('print the version of meshrr and of Node.js')
    .addOption(outputOption())
    .action((opts: { output: OutputFormat }) => {
      const info = { meshrr: version, node: process.version };
      io.stdout(formatOutput(info, opts.output, () => `meshrr ${info.meshrr} (Node.js ${info.node})`));
    });

  program
    .command('completion')
    .description('print the shell completion script: source <(meshrr completion bash)')
    .addArgument(new Argument('<shell>', 'the shell').choices([...COMPLETION_SHELLS]))
    .action((shell: CompletionShell) => {
      io.stdout(completionScript(commandTree(program), shell));
    });

  attachEnvFallbacks(program);
  program.hook('preAction', (_root, command) => applyEnvFallbacks(command, io.env));
  return program;
}

/**
 * The `meshrr` command tree (for the completion scripts and the generated docs/cli.md); nothing
 * runs. `io` receives help output only.
 */
export function meshrrProgram(io: CommandIo, version = '0.1.0'): Command {
  return buildProgram(io, version);
}

/**
 * Runs the `meshrr` command line with `argv` (without node and script). Resolves to the exit code
 * ({@link EXIT_CODES}): 0 on success (and after a clean stop of `run`), 1 on an error (one clear
 * message, no stack trace unless `MESHRR_DEBUG` is set), 2 on a usage error, 3 when `plan` finds a
 * change, 4 when `discover` finds a source unhealthy.
 */
export async function runCli(argv: readonly string[], io: CommandIo, version = '0.1.0'): Promise<number> {
  const program = buildProgram(io, version);
  // meshrr's own timers are unref'd (library code must never keep a process alive); a command is
  // the one thing that must live until it finishes or is told to stop.
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    if (error instanceof CliError) {
      if (error.message !== '') io.stderr(`meshrr: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof MeshrrError) {
      io.stderr(`meshrr: ${error.message}\n`);
      return EXIT_CODES.failure;
    }
    io.stderr(
      `meshrr: ${error instanceof Error ? (io.env['MESHRR_DEBUG'] ? error.stack : error.message) : String(error)}\n`,
    );
    return EXIT_CODES.failure;
  } finally {
    clearInterval(keepAlive);
  }
}
