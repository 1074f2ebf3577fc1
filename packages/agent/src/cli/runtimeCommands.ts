import { Option, type Command } from 'commander';
import { integer, share } from './argParsers.js';
import { configOption, logLevelOption } from './commonOptions.js';
import { MESHRR_PATHS } from '../config/paths.js';
import { platformOptions, platformOverrides, type PlatformFlags } from '../platforms/platformFlags.js';
import { EXIT_CODES } from './exitCodes.js';
import { CliError, type CommandIo } from './io.js';
import { registerLabCommands } from './labCommands.js';
import { outputOption, type OutputFormat } from './output.js';

/** Adds `--platform`, `--platform-option` and the platform alias flags (only those with `only` keys) to `command`. */
export function addPlatformOptions(command: Command, only?: readonly string[]): Command {
  for (const option of platformOptions(only)) command.addOption(option);
  return command;
}

/** Where `command` took each flag's value from (command line, environment fallback, default). */
export function sourcesOf(command: Command): (attribute: string) => string | undefined {
  return (attribute) => command.getOptionValueSource(attribute);
}

interface RunFlags extends PlatformFlags {
  config?: string;
  logLevel: string;
  httpPort?: number;
  httpHost?: string;
  dryRun?: string;
  drainSeconds: number;
  connectedFile: string;
  readyQuorum: number;
  stateDir?: string;
}

/**
 * Registers `run`/`sidecar`, `validate`, `discover`, `plan` and `lab` on the program. Each command
 * imports its code when it runs (the bundle splits it into chunks), so a start loads only the
 * command it serves.
 */
export function registerRuntimeCommands(program: Command, io: CommandIo): void {
  const run = program
    .command('run')
    .alias('sidecar')
    .description(
      "the agent: wait for the daemon's management interface, then converge its BGP groups until SIGTERM; follows meshrr.conf.yml and the files it names, and reloads on SIGHUP (docs/kubernetes.md#live-configuration)",
    )
    .addOption(configOption())
    .addOption(
      new Option(
        '--http-port <port>',
        'serve /healthz, /readyz and /metrics on this port (default: off, as meshrr)',
      ).argParser(integer(0, 65535)),
    )
    .option(
      '--http-host <address>',
      'address the HTTP server listens on (default: every address, IPv6 and IPv4: "::" dual-stack, else 0.0.0.0)',
    )
    .option('--dry-run <dir>', 'write every change and its plan to this directory instead of pushing it to a device')
    .option(
      '--drain-seconds <seconds>',
      'graceful-shutdown budget after SIGTERM (keep it inside terminationGracePeriodSeconds)',
      integer(0, 3600),
      20,
    )
    .option(
      '--connected-file <file>',
      "meshrr's startupProbe file, written once the device answers",
      MESHRR_PATHS.connectedFile,
    )
    .option(
      '--state-dir <dir>',
      'directory that keeps the safety state (the removal budget window) across agent restarts; mount an emptyDir there (default: kept in memory only, so a restarted agent starts a new window)',
    )
    .option('--ready-quorum <share>', 'share of intended BGP sessions that must be Established for /readyz', share, 0.5)
    .addOption(logLevelOption());
  addPlatformOptions(run).action(async (flags: RunFlags, command: Command) => {
    const overrides = platformOverrides(flags, sourcesOf(command));
    const { runAgent } = await import('../commands/run.js');
    await runAgent(flags, overrides, io);
  });

  const validate = program
    .command('validate')
    .description(
      "check the configuration (all errors at once) and the platform's initial configuration (Junos: the mounted template)",
    )
    .addOption(configOption())
    .option('-t, --template <file>', 'user template to check with the configuration (default: the mounted one, if any)')
    .option(
      '--load-plugins',
      "also import the configuration's plugins to check what they provide: this RUNS the plugins' code",
    )
    .addOption(outputOption());
  addPlatformOptions(validate).action(
    async (
      flags: PlatformFlags & { config?: string; template?: string; output: OutputFormat; loadPlugins?: boolean },
      command: Command,
    ) => {
      const overrides = platformOverrides(flags, sourcesOf(command));
      const { validateCommand } = await import('../commands/validateCommand.js');
      const code = await validateCommand(flags, overrides, io);
      if (code !== 0) throw new CliError('configuration is not valid', code);
    },
  );

  const inspect = (name: string, description: string): Command =>
    addPlatformOptions(
      program
        .command(name)
        .description(description)
        .addOption(configOption())
        .addOption(outputOption())
        .option('--timeout <seconds>', 'how long to wait for every source', integer(1, 600), 10)
        .option('--dry-run <dir>', 'read the managed state from a dry-run directory instead of a device')
        .addOption(logLevelOption('warn')),
    );
  inspect('discover', 'what every discovery source sees now, with its health (exit 4: a source unhealthy)').action(
    async (
      flags: PlatformFlags & {
        config?: string;
        output: OutputFormat;
        timeout: number;
        dryRun?: string;
        logLevel: string;
      },
      command: Command,
    ) => {
      const overrides = platformOverrides(flags, sourcesOf(command));
      const { runDiscover } = await import('../commands/plan.js');
      const code = await runDiscover({ ...flags, timeoutSeconds: flags.timeout }, overrides, io);
      if (code !== EXIT_CODES.ok) throw new CliError('a discovery source is unhealthy or did not answer', code);
    },
  );
  inspect('plan', 'what would change on the device and why, without committing (exit 3: changes pending)').action(
    async (
      flags: PlatformFlags & {
        config?: string;
        output: OutputFormat;
        timeout: number;
        dryRun?: string;
        logLevel: string;
      },
      command: Command,
    ) => {
      const overrides = platformOverrides(flags, sourcesOf(command));
      const { runPlan } = await import('../commands/plan.js');
      const code = await runPlan({ ...flags, timeoutSeconds: flags.timeout }, overrides, io);
      // exit 3 = changes pending (as kubectl diff / terraform plan -detailed-exitcode): no message, the plan says it
      if (code !== EXIT_CODES.ok) throw new CliError('', code);
    },
  );
  registerLabCommands(program, io);
}
