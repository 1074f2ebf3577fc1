import { join } from 'node:path';
import { inNetns } from '../system/netns.js';
import { startProcess, type ProcessRecord } from '../system/processes.js';
import { run } from '../system/run.js';
import { COMMAND_TIMEOUT_MS } from '../system/timeouts.js';

/** How to run the meshrr agent of one route reflector. */
export interface AgentLaunch {
  /** node binary (the lab passes `process.execPath`). */
  readonly node: string;
  /** The agent's built `main.js`. */
  readonly main: string;
  readonly netns: string;
  /** The router's run directory: FRR vty sockets, `frr.conf`, `meshrr.conf.yml`, `agent.log`. */
  readonly dir: string;
  /** The pod address (`POD_IP`). */
  readonly address: string;
  readonly httpPort: number;
  readonly logLevel: string;
  readonly label: string;
  /** Extra arguments appended to `run`; `{dir}` is replaced by the router's run directory. */
  readonly extraArgs?: readonly string[];
}

/** Graceful-shutdown budget of lab agents (a pod deletion in the lab should not take 20 s). */
export const AGENT_DRAIN_SECONDS = 5;

/** argv of the agent: `run` with FRR platform flags, as a pod sidecar would be started (startup-probe file and the group policy templates in its run directory). */
export function agentArgv(launch: AgentLaunch): string[] {
  return inNetns(launch.netns, [
    launch.node,
    launch.main,
    'run',
    '--config',
    join(launch.dir, 'meshrr.conf.yml'),
    '--platform',
    'frr',
    '--frr-vty-dir',
    launch.dir,
    '--frr-config',
    join(launch.dir, 'frr.conf'),
    '--http-port',
    String(launch.httpPort),
    '--log-level',
    launch.logLevel,
    '--connected-file',
    join(launch.dir, 'connected'),
    '--drain-seconds',
    String(AGENT_DRAIN_SECONDS),
    '--frr-templates',
    join(launch.dir, 'frr-templates'),
    ...(launch.extraArgs ?? []).map((arg) => arg.replaceAll('{dir}', launch.dir)),
  ]);
}

/**
 * Starts the agent inside the router's namespace (like a sidecar sharing the pod network) with
 * `POD_IP`/`POD_IPS` set, output appended to `<dir>/agent.log`.
 */
export function startAgent(launch: AgentLaunch): Promise<ProcessRecord> {
  const env = { ...process.env, POD_IP: launch.address, POD_IPS: launch.address };
  return startProcess(agentArgv(launch), join(launch.dir, 'agent.log'), `agent ${launch.label}`, env);
}

/**
 * True when the agent's `GET /<path>` answers 200 inside its namespace (curl from within the
 * namespace, 1 s timeout).
 */
export async function agentAnswers(netns: string, httpPort: number, path: '/healthz' | '/readyz'): Promise<boolean> {
  const out = await run(
    'ip',
    [
      'netns',
      'exec',
      netns,
      'curl',
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-m',
      '1',
      `http://127.0.0.1:${httpPort}${path}`,
    ],
    { timeoutMs: COMMAND_TIMEOUT_MS },
  );
  return out.stdout.trim() === '200';
}
