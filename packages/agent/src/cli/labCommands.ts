import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { integer } from './argParsers.js';
import { CliError, type CommandIo } from './io.js';
import { formatOutput, OUTPUT_FORMATS, outputOption, type OutputFormat } from './output.js';

/**
 * The environment fallback of every `lab --state-dir`. Not the generic `MESHRR_STATE_DIR`: that is
 * `run --state-dir`, the agent's safety state, set in every Kubernetes example and the Helm chart.
 */
export const LAB_STATE_DIR_ENV = 'MESHRR_LAB_STATE_DIR';

/** This agent's own entry point, which the lab starts once per route reflector. */
function agentMain(): string {
  return fileURLToPath(new URL('../main.js', import.meta.url));
}

async function exitWith(code: Promise<number>): Promise<void> {
  const result = await code;
  if (result !== 0) throw new CliError('lab command did not succeed', result);
}

/** Registers `meshrr lab up|down|status|replace|scale|restart-agent|crash` (real FRR + DNS in network namespaces; root). */
export function registerLabCommands(program: Command, io: CommandIo): void {
  const lab = program
    .command('lab')
    .description(
      'a one-machine lab: real FRR route reflectors and clients in network namespaces, real DNS, one agent per route reflector (root)',
    );
  const stateOpt = (): Option =>
    new Option('--state-dir <dir>', 'lab state directory (default <tmpdir>/meshrr-lab)').env(LAB_STATE_DIR_ENV);
  const loadLab = () => import('@meshrr/lab');
  const stateDir = async (flag: string | undefined): Promise<string> => flag ?? (await loadLab()).defaultLabStateDir();
  lab
    .command('up <topology>')
    .description(
      'start the lab described by a topology file (e.g. examples/lab/2regions-hrr/topology.yml) and print its sessions once converged',
    )
    .addOption(stateOpt())
    .option(
      '--wait <seconds>',
      'wait this long for every session to be Established (0: do not wait)',
      integer(0, 3600),
      60,
    )
    .option('--log-level <level>', "agents' log level", 'info')
    .option(
      '--agent-image <image>',
      "run each agent from this container image (podman + runc; init, then the sidecar in its router's network namespace; the image needs FRR's vtysh: Dockerfile target agent-frr, scripts/container-image.sh)",
    )
    .action(
      async (topology: string, flags: { stateDir?: string; wait: number; logLevel: string; agentImage?: string }) => {
        const { labUpCommand } = await loadLab();
        await exitWith(
          labUpCommand(
            topology,
            {
              stateDir: await stateDir(flags.stateDir),
              agentMain: agentMain(),
              waitSeconds: flags.wait,
              logLevel: flags.logLevel,
              ...(flags.agentImage === undefined ? {} : { agentImage: flags.agentImage }),
            },
            io,
          ),
        );
      },
    );
  lab
    .command('status')
    .description('sessions per router and where each client prefix is seen; -o dot|svg: the peering graph')
    .addOption(stateOpt())
    .addOption(outputOption([...OUTPUT_FORMATS, 'dot', 'svg']))
    .action(async (flags: { stateDir?: string; output: OutputFormat | 'dot' | 'svg' }) => {
      const { labStatus, formatLabStatus, labStatusDot, labStatusSvg } = await loadLab();
      const status = await labStatus(await stateDir(flags.stateDir));
      if (flags.output === 'dot') io.stdout(labStatusDot(status));
      else if (flags.output === 'svg') io.stdout(await labStatusSvg(status));
      else io.stdout(formatOutput(status, flags.output, () => formatLabStatus(status)));
    });
  type LabModule = Awaited<ReturnType<typeof loadLab>>;
  /** `lab <name> <router>`: one router, the state directory, nothing else. */
  const routerCommand = (
    name: string,
    description: string,
    run: (m: LabModule, dir: string, router: string) => Promise<number>,
  ): void => {
    lab
      .command(`${name} <router>`)
      .description(description)
      .addOption(stateOpt())
      .action(async (router: string, flags: { stateDir?: string }) => {
        await exitWith(run(await loadLab(), await stateDir(flags.stateDir), router));
      });
  };
  routerCommand(
    'replace',
    'delete a route reflector like a pod: leave DNS, stop, come back with a new address, re-enter DNS',
    (m, dir, router) => m.labReplaceCommand(dir, router, io),
  );
  lab
    .command('scale')
    .argument('<group>', 'route-reflector group of the topology')
    .argument('<count>', 'number of pods', integer(0, 1000))
    .description(
      'scale a route-reflector group like a Deployment: new pods enter DNS once Ready; scale-in deletes the highest-numbered pods',
    )
    .addOption(stateOpt())
    .action(async (group: string, count: number, flags: { stateDir?: string }) => {
      const { labScaleCommand } = await loadLab();
      await exitWith(labScaleCommand(await stateDir(flags.stateDir), group, count, io));
    });
  routerCommand(
    'restart-agent',
    "restart a route reflector's agent (SIGTERM, then a new one in the same pod); FRR keeps running",
    (m, dir, router) => m.labRestartAgentCommand(dir, router, io),
  );
  lab
    .command('crash <router>')
    .description(
      "kill a route reflector's FRR (SIGKILL); the lab restarts it in the same pod with its saved frr.conf, like a kubelet",
    )
    .addOption(stateOpt())
    .option('--restart-after <seconds>', 'keep the daemon down this long before the restart', integer(0, 3600), 0)
    .action(async (router: string, flags: { stateDir?: string; restartAfter: number }) => {
      const { labCrashCommand } = await loadLab();
      await exitWith(
        labCrashCommand(await stateDir(flags.stateDir), router, io, { restartAfterMs: flags.restartAfter * 1000 }),
      );
    });
  lab
    .command('down')
    .description('remove everything the lab made (processes, namespaces, files)')
    .addOption(stateOpt())
    .option('--keep-logs', "keep the routers' and the DNS server's run directories (logs, configurations)", false)
    .action(async (flags: { stateDir?: string; keepLogs: boolean }) => {
      const { labDownCommand } = await loadLab();
      await exitWith(labDownCommand(await stateDir(flags.stateDir), io, { keepLogs: flags.keepLogs }));
    });
}
