import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNetns } from '../system/netns.js';
import { startProcess, type ProcessRecord } from '../system/processes.js';
import { run, runChecked } from '../system/run.js';
import { COMMAND_TIMEOUT_MS } from '../system/timeouts.js';
import { birdFiles } from '../bird/birdDaemon.js';
import { podConfigFile } from './podConfig.js';
import type { Daemon } from '../topology/schema.js';

/** How to run the meshrr agent of one route reflector. */
export interface AgentLaunch {
  /** node binary (the lab passes `process.execPath`). */
  readonly node: string;
  /** The agent's built `main.js`. */
  readonly main: string;
  readonly netns: string;
  /** The router's run directory: FRR vty sockets, `frr.conf`, `meshrr-conf/meshrr.conf.yml`, `agent.log`. */
  readonly dir: string;
  /** The pod address (`POD_IP`). */
  readonly address: string;
  /** Every pod address, `address` first (`POD_IPS`; default `[address]`). */
  readonly addresses?: readonly string[];
  readonly httpPort: number;
  readonly logLevel: string;
  readonly label: string;
  /** Extra arguments appended to `run`; `{dir}` is replaced by the router's run directory. */
  readonly extraArgs?: readonly string[];
  /**
   * Run the agent from this container image (podman + runc) instead of `node main`: the container
   * joins the router's network namespace as a pod's sidecar joins the pod's, runs as root (FRR's
   * vty sockets), with a read-only root filesystem, a tmpfs /tmp and the router's run directory
   * mounted at the same path.
   */
  readonly image?: string;
  /** The lab id, for container names (`mlab-<id>-<router>-agent`). */
  readonly labId?: string;
  /** The router's BGP daemon (default FRR). */
  readonly daemon?: Daemon;
}

/**
 * BIRD's lab session timers as options of platform `bird` (the FRR routers get `timers bgp 3 9`
 * through their bgp template), and a first connect after 1 s instead of BIRD's 5 s.
 */
export const LAB_BIRD_OPTIONS: readonly string[] = [
  'hold_time_seconds=9',
  'keepalive_seconds=3',
  'connect_delay_seconds=1',
];

/**
 * The platform flags of a router's agent. FRR: the built-in platform with the router's vty
 * sockets, `frr.conf` and the group policy templates. BIRD: `--platform bird`, which the group's
 * meshrr configuration brings as a plugin (`plugins:`), with the run directory's `bird.conf`,
 * control socket and lab include as `--platform-option`s, plus {@link LAB_BIRD_OPTIONS}.
 */
function platformArgs(launch: AgentLaunch): string[] {
  if (launch.daemon === 'bird') {
    const files = birdFiles(launch.dir);
    return [
      '--platform',
      'bird',
      ...[
        `config_file=${files.config}`,
        `control_socket=${files.socket}`,
        `include=${files.include}`,
        ...LAB_BIRD_OPTIONS,
      ].flatMap((option) => ['--platform-option', option]),
    ];
  }
  return [
    '--platform',
    'frr',
    '--frr-vty-dir',
    launch.dir,
    '--frr-config',
    join(launch.dir, 'frr.conf'),
    '--frr-templates',
    join(launch.dir, 'frr-templates'),
  ];
}

/** Graceful-shutdown budget of lab agents (a pod deletion in the lab should not take 20 s). */
export const AGENT_DRAIN_SECONDS = 5;

/** argv of the agent: `run` with the platform flags of its daemon, as a pod sidecar would be started (startup-probe file in its run directory). */
export function agentArgv(launch: AgentLaunch): string[] {
  const flags = [
    'run',
    '--config',
    podConfigFile(launch.dir),
    ...platformArgs(launch),
    '--http-port',
    String(launch.httpPort),
    '--log-level',
    launch.logLevel,
    '--connected-file',
    join(launch.dir, 'connected'),
    '--drain-seconds',
    String(AGENT_DRAIN_SECONDS),
    ...(launch.extraArgs ?? []).map((arg) => arg.replaceAll('{dir}', launch.dir)),
  ];
  if (launch.image === undefined) return inNetns(launch.netns, [launch.node, launch.main, ...flags]);
  return containerArgv(launch, launch.image, 'agent', flags);
}

/** `POD_IPS` of a pod: its addresses, comma-separated, `POD_IP` first (as the downward API gives `status.podIPs`). */
function podIps(launch: AgentLaunch): string {
  return (launch.addresses ?? [launch.address]).join(',');
}

/** Name of a lab router's container (`mlab-<id>-<router>-<role>`). */
export function containerName(labId: string | undefined, router: string, role: 'agent' | 'init'): string {
  return `mlab-${labId ?? 'x'}-${router}-${role}`;
}

/**
 * `podman run` of the meshrr image as a sidecar of a lab router: `--network ns:<netns>` (the
 * router's network namespace, like a pod's), runc, read-only root, tmpfs /tmp, the router's run
 * directory at the same path, POD_IP/POD_IPS. The podman client stays in the foreground and proxies
 * signals, so SIGTERM to it is SIGTERM to the agent (via tini).
 */
export function containerArgv(
  launch: AgentLaunch,
  image: string,
  role: 'agent' | 'init',
  args: readonly string[],
): string[] {
  return [
    'podman',
    '--runtime',
    'runc',
    'run',
    '--rm',
    '--replace',
    '--name',
    containerName(launch.labId, launch.label, role),
    '--network',
    `ns:/run/netns/${launch.netns}`,
    '--user',
    '0',
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--volume',
    `${launch.dir}:${launch.dir}`,
    '--env',
    `POD_IP=${launch.address}`,
    '--env',
    `POD_IPS=${podIps(launch)}`,
    image,
    ...args,
  ];
}

/**
 * `meshrr init --platform bird` as a BIRD pod's init container: renders the first `bird.conf`
 * (router id from POD_IP, the plugin's device protocol, filters and session template, the lab
 * include; no managed group yet) with the same platform options as the agent, so that the agent's
 * first change only adds protocols and BIRD keeps its device protocol (a renamed one would drop
 * every interface until BIRD's next 60 s scan, leaving iBGP next hops unresolved).
 * @throws {LabError} when init fails (its output in the message).
 */
export async function runBirdInit(launch: AgentLaunch): Promise<void> {
  const files = birdFiles(launch.dir);
  const args = [
    launch.main,
    'init',
    '--config',
    podConfigFile(launch.dir),
    '--out',
    files.config,
    ...platformArgs({ ...launch, daemon: 'bird' }),
  ];
  await runChecked(launch.node, args, {
    timeoutMs: COMMAND_TIMEOUT_MS,
    env: { ...process.env, POD_IP: launch.address, POD_IPS: podIps(launch) },
  });
}

/**
 * `meshrr init` from the image, before the sidecar, as a pod's init container: writes the router's
 * initial FRR configuration to `<dir>/init/frr.conf` and its report to `<dir>/init/report.json`
 * (the lab's FRR keeps the configuration the lab gave it; this proves the image's init works).
 */
export async function runInitContainer(launch: AgentLaunch & { readonly image: string }): Promise<void> {
  const out = join(launch.dir, 'init');
  const argv = containerArgv(launch, launch.image, 'init', [
    'init',
    '--platform',
    'frr',
    '--config',
    podConfigFile(launch.dir),
    '--out',
    join(out, 'frr.conf'),
    '-o',
    'json',
  ]);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'report.json'), await runChecked(argv[0]!, argv.slice(1), { timeoutMs: COMMAND_TIMEOUT_MS }));
}

/**
 * Starts the agent inside the router's namespace (like a sidecar sharing the pod network) with
 * `POD_IP`/`POD_IPS` set (and without `MESHRR_STATE_DIR`), output appended to `<dir>/agent.log`.
 */
export function startAgent(launch: AgentLaunch): Promise<ProcessRecord> {
  // MESHRR_STATE_DIR is `run --state-dir` (the agent's removal ledger): inherited from the shell
  // that runs the lab it would make every lab agent share one ledger, so lab agents keep theirs in
  // memory. The lab's own state directory is MESHRR_LAB_STATE_DIR (`lab --state-dir`).
  const { MESHRR_STATE_DIR: _agentState, ...inherited } = process.env;
  const env = { ...inherited, POD_IP: launch.address, POD_IPS: podIps(launch) };
  return startProcess(agentArgv(launch), join(launch.dir, 'agent.log'), `agent ${launch.label}`, env);
}

/**
 * The agent's answer to `GET <path>` inside its namespace (curl from within the namespace, 1 s
 * timeout): the HTTP status (0 when nothing answered) and the body.
 */
export async function agentGet(
  netns: string,
  httpPort: number,
  path: '/healthz' | '/readyz' | '/metrics',
): Promise<{ readonly status: number; readonly body: string }> {
  const out = await run(
    'ip',
    ['netns', 'exec', netns, 'curl', '-s', '-w', '\n%{http_code}', '-m', '1', `http://127.0.0.1:${httpPort}${path}`],
    { timeoutMs: COMMAND_TIMEOUT_MS },
  );
  const cut = out.stdout.lastIndexOf('\n');
  return { status: Number(out.stdout.slice(cut + 1).trim()) || 0, body: out.stdout.slice(0, Math.max(cut, 0)) };
}

/** True when the agent's `GET <path>` answers 200 inside its namespace ({@link agentGet}). */
export async function agentAnswers(netns: string, httpPort: number, path: '/healthz' | '/readyz'): Promise<boolean> {
  return (await agentGet(netns, httpPort, path)).status === 200;
}
