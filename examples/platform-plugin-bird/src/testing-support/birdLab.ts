import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { systemClock } from '@meshrr/core';
import { eventually, HANG_GUARD_MS } from '@meshrr/core/testing';
import { BirdControl } from '../control/birdControl.js';
import type { BirdReply } from '../control/replyLines.js';

const run = promisify(execFile);

/** Debian's bird2 programs. */
export const BIRD_PROGRAM = '/usr/sbin/bird';

/** Why real-BIRD tests cannot run here (`undefined` when they can): root (namespaces, port 179) and bird2. */
export async function realBirdUnavailable(): Promise<string | undefined> {
  if (userInfo().uid !== 0) return 'not root (network namespaces and port 179 need root)';
  if (!existsSync(BIRD_PROGRAM)) return `${BIRD_PROGRAM} missing (apt-get install bird2)`;
  try {
    await run('ip', ['netns', 'list'], { timeout: HANG_GUARD_MS });
  } catch (error) {
    return `ip netns unavailable: ${(error as Error).message}`;
  }
  return undefined;
}

/** One BIRD in its own network namespace, in the foreground (the test process is its parent). */
export interface BirdNode {
  readonly name: string;
  readonly netns: string;
  readonly address: string;
  /** Holds `bird.conf`, the control socket `bird.ctl`, `bird.out`. */
  readonly dir: string;
  readonly configFile: string;
  readonly socket: string;
  /** One command over the control socket. */
  command(command: string): Promise<BirdReply>;
  /** Every line of a reply as text (for assertions and messages). */
  text(command: string): Promise<string>;
}

/** A bridge namespace, one namespace and BIRD per node; `destroy` stops every BIRD by PID and deletes the namespaces. */
export interface BirdLab {
  readonly nodes: ReadonlyMap<string, BirdNode>;
  node(name: string): BirdNode;
  destroy(): Promise<void>;
}

/** What one node of a lab needs. */
export interface BirdNodeSpec {
  readonly name: string;
  /** `address/length` on eth0. */
  readonly address: string;
  /** `address/length` on lo (prefixes the node originates with a direct protocol). */
  readonly loopbacks?: readonly string[];
  /** The BIRD configuration it starts with (the node's `router id` and protocols). */
  readonly config: string;
}

async function ip(args: readonly string[]): Promise<void> {
  await run('ip', [...args], { timeout: HANG_GUARD_MS });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  if ((await Promise.race([exited.then(() => 'exited'), sleep(5_000).then(() => 'timeout')])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

async function startBird(
  spec: BirdNodeSpec,
  netns: string,
  dir: string,
): Promise<{ node: BirdNode; child: ChildProcess }> {
  await mkdir(dir, { recursive: true });
  const configFile = join(dir, 'bird.conf');
  const socket = join(dir, 'bird.ctl');
  await writeFile(configFile, spec.config);
  const out = openSync(join(dir, 'bird.out'), 'a');
  const child = spawn(
    'ip',
    ['netns', 'exec', netns, BIRD_PROGRAM, '-f', '-c', configFile, '-s', socket, '-P', join(dir, 'bird.pid')],
    {
      stdio: ['ignore', out, out],
    },
  );
  closeSync(out);
  const control = new BirdControl({ socketPath: socket, timeoutMs: HANG_GUARD_MS, clock: systemClock });
  const never = new AbortController().signal;
  const node: BirdNode = {
    name: spec.name,
    netns,
    address: spec.address.split('/')[0]!,
    dir,
    configFile,
    socket,
    command: (command) => control.command(command, never),
    text: async (command) => (await control.command(command, never)).lines.map((l) => l.text).join('\n'),
  };
  try {
    const outcome = await eventually(
      async () => (child.exitCode !== null ? 'exited' : (await node.command('show status')).code < 8000 && 'answering'),
      { what: `BIRD ${spec.name} answering on ${socket}`, intervalMs: 20 },
    );
    if (outcome === 'exited')
      throw new Error(`bird ${spec.name} exited at start: ${readFileSync(join(dir, 'bird.out'), 'utf8').trim()}`);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { node, child };
}

/**
 * Creates `<prefix>sw` (bridge) and `<prefix>-<name>` per node, wired by veth pairs created straight
 * into the namespaces (real-peers.md §5), then starts one BIRD per node in the foreground. Needs
 * root. On failure, everything created is removed before the error is rethrown.
 */
export async function startBirdLab(root: string, specs: readonly BirdNodeSpec[]): Promise<BirdLab> {
  const prefix = `mbt-${randomBytes(3).toString('hex')}`;
  const namespaces: string[] = [];
  const children: ChildProcess[] = [];
  const nodes = new Map<string, BirdNode>();
  const destroy = async (): Promise<void> => {
    for (const child of children.splice(0)) await stopChild(child);
    for (const netns of namespaces.splice(0).reverse())
      await run('ip', ['netns', 'del', netns], { timeout: HANG_GUARD_MS }).catch(() => undefined);
  };
  try {
    const sw = `${prefix}sw`;
    namespaces.push(sw);
    await ip(['netns', 'add', sw]);
    await ip(['-n', sw, 'link', 'add', 'br0', 'type', 'bridge']);
    await ip(['-n', sw, 'link', 'set', 'br0', 'up']);
    for (const [i, spec] of specs.entries()) {
      const netns = `${prefix}-${spec.name}`;
      namespaces.push(netns);
      await ip(['netns', 'add', netns]);
      await ip(['-n', netns, 'link', 'set', 'lo', 'up']);
      await ip(['link', 'add', 'eth0', 'netns', netns, 'type', 'veth', 'peer', 'name', `v${i}`, 'netns', sw]);
      await ip(['-n', sw, 'link', 'set', `v${i}`, 'master', 'br0', 'up']);
      await ip(['-n', netns, 'addr', 'add', spec.address, 'dev', 'eth0']);
      for (const loopback of spec.loopbacks ?? []) await ip(['-n', netns, 'addr', 'add', loopback, 'dev', 'lo']);
      await ip(['-n', netns, 'link', 'set', 'eth0', 'up']);
    }
    for (const spec of specs) {
      const { node, child } = await startBird(spec, `${prefix}-${spec.name}`, join(root, spec.name));
      children.push(child);
      nodes.set(spec.name, node);
    }
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    nodes,
    node: (name) => {
      const node = nodes.get(name);
      if (node === undefined) throw new Error(`no BIRD node ${name}`);
      return node;
    },
    destroy,
  };
}

/** A BIRD that speaks iBGP (or eBGP with `asn`) to `neighbors` and announces its loopback prefixes. */
export function peerConfig(spec: {
  readonly routerId: string;
  readonly asn: number;
  readonly neighbors: readonly { readonly address: string; readonly asn: number }[];
}): string {
  const sessions = spec.neighbors.map(
    (n, i) => `protocol bgp 'peer${i}' {
  local as ${spec.asn};
  neighbor ${n.address} as ${n.asn};
  connect delay time 1;
  connect retry time 1;
  error wait time 1, 5;
  hold time 9;
  ${n.asn === spec.asn ? '' : 'multihop 10;'}
  ipv4 { import all; export where source = RTS_DEVICE; next hop self; };
}`,
  );
  return [
    `router id ${spec.routerId};`,
    'protocol device { }',
    'protocol direct { ipv4; interface "lo"; }',
    ...sessions,
    '',
  ].join('\n');
}
