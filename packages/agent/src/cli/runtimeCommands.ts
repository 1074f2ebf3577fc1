import { Option, type Command } from 'commander';
import { integer, share } from './argParsers.js';
import { runDiscover, runPlan } from '../commands/plan.js';
import { runAgent } from '../commands/run.js';
import { runValidate } from '../commands/validate.js';
import { sourceSchemas } from '../container.js';
import { MESHRR_PATHS } from '../config/paths.js';
import { platformOptions, platformSettings, type PlatformFlags } from '../platform.js';
import { loadPlugins } from '../plugins/loadPlugins.js';
import { loadAgentConfig } from '../config/loadAgentConfig.js';
import { CliError, type CommandIo } from './io.js';
import { registerLabCommands } from './labCommands.js';

const configOpt = (): Option =>
  new Option('-c, --config <file>', `meshrr.conf.yml (default ${MESHRR_PATHS.config}, else the embedded default)`);
const logLevelOpt = (): Option =>
  new Option('--log-level <level>', 'log level')
    .choices(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
    .default('info');
const outputOpt = (): Option =>
  new Option('--output <format>', 'output format').choices(['text', 'json']).default('text');

function addPlatformOptions(command: Command): Command {
  for (const option of platformOptions()) command.addOption(option);
  return command;
}

interface RunFlags extends PlatformFlags {
  config?: string;
  logLevel: string;
  httpPort?: number;
  httpHost: string;
  dryRun?: string;
  drainSeconds: number;
  connectedFile: string;
  readyQuorum: number;
}

/** Registers `run`/`sidecar`, `validate`, `discover`, `plan` and `lab` on the program. */
export function registerRuntimeCommands(program: Command, io: CommandIo): void {
  const envPort = io.env['MESHRR_HTTP_PORT'];
  const run = program
    .command('run')
    .alias('sidecar')
    .description("the agent: wait for the daemon's management interface, then converge its BGP groups until SIGTERM")
    .addOption(configOpt())
    .addOption(
      new Option(
        '--http-port <port>',
        'serve /healthz, /readyz and /metrics on this port (env MESHRR_HTTP_PORT; default: off, as meshrr)',
      ).argParser(integer(0, 65535)),
    )
    .option('--http-host <address>', 'address the HTTP server listens on', '0.0.0.0')
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
    .option('--ready-quorum <share>', 'share of intended BGP sessions that must be Established for /readyz', share, 0.5)
    .addOption(logLevelOpt());
  addPlatformOptions(run).action(async (flags: RunFlags) => {
    const httpPort = flags.httpPort ?? (envPort === undefined ? undefined : integer(0, 65535)(envPort));
    await runAgent({ ...flags, ...(httpPort === undefined ? {} : { httpPort }) }, platformSettings(flags, io.env), io);
  });

  program
    .command('validate')
    .description('check the configuration (all errors at once) and the mounted template')
    .addOption(configOpt())
    .option('-t, --template <file>', 'user template to check with the configuration (default: the mounted one, if any)')
    .addOption(outputOpt())
    .action(async (flags: { config?: string; template?: string; output: 'text' | 'json' }) => {
      const first = await loadAgentConfig(flags.config, io.env).catch(() => undefined);
      const plugins = first === undefined ? [] : await loadPlugins(first.config.plugins);
      const code = await runValidate(flags, io, await sourceSchemas(io.env, plugins));
      if (code !== 0) throw new CliError('configuration is not valid', code);
    });

  const inspect = (name: string, description: string): Command =>
    addPlatformOptions(
      program
        .command(name)
        .description(description)
        .addOption(configOpt())
        .addOption(outputOpt())
        .option('--timeout <seconds>', 'how long to wait for every source', integer(1, 600), 10)
        .option('--dry-run <dir>', 'read the managed state from a dry-run directory instead of a device')
        .addOption(logLevelOpt().default('warn')),
    );
  inspect('discover', 'what every discovery source sees now, with its health').action(
    async (
      flags: PlatformFlags & {
        config?: string;
        output: 'text' | 'json';
        timeout: number;
        dryRun?: string;
        logLevel: string;
      },
    ) => {
      const code = await runDiscover({ ...flags, timeoutSeconds: flags.timeout }, platformSettings(flags, io.env), io);
      if (code !== 0) throw new CliError('a discovery source is unhealthy or did not answer', code);
    },
  );
  inspect('plan', 'what would change on the device and why, without committing').action(
    async (
      flags: PlatformFlags & {
        config?: string;
        output: 'text' | 'json';
        timeout: number;
        dryRun?: string;
        logLevel: string;
      },
    ) => {
      await runPlan({ ...flags, timeoutSeconds: flags.timeout }, platformSettings(flags, io.env), io);
    },
  );
  registerLabCommands(program, io);
}
