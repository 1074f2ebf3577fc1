import { run, runChecked } from './run.js';

const IP = 'ip';

/** Names of the lab's namespaces all start with this (`mlab-<labId>-`), so cleanup never hits others. */
export const NETNS_PREFIX = 'mlab-';

/**
 * Creates the switch namespace `name` holding an up bridge `br0`.
 * @throws {LabError} when `ip` fails (e.g. the namespace exists).
 */
export async function createSwitch(name: string): Promise<void> {
  await runChecked(IP, ['netns', 'add', name]);
  await runChecked(IP, ['-n', name, 'link', 'set', 'lo', 'up']);
  await runChecked(IP, ['-n', name, 'link', 'add', 'br0', 'type', 'bridge']);
  await runChecked(IP, ['-n', name, 'link', 'set', 'br0', 'up']);
}

/** Where a node namespace plugs into the switch. */
export interface NodeLink {
  /** The node's namespace. */
  readonly netns: string;
  /** The switch namespace. */
  readonly switchNetns: string;
  /** Name of the veth end in the switch namespace (≤ 15 characters, unique on the switch). */
  readonly switchPort: string;
  /** `address/len` put on the node's `eth0`: one, or an IPv4 and an IPv6 one (dual stack). */
  readonly cidrs: readonly string[];
  /** Extra `address/len` put on the node's `lo` (prefixes the node announces). */
  readonly loopbacks: readonly string[];
}

/** `nodad` for an IPv6 address: usable at once, without the ~1 s of duplicate address detection (the lab's addresses are unique by construction). */
function noDad(cidr: string): string[] {
  return cidr.includes(':') ? ['nodad'] : [];
}

/**
 * Creates a node namespace with `lo` up, a veth `eth0` ↔ `switchPort` on `br0`, the addresses on
 * `eth0` (IPv6 ones `nodad`) and the loopback addresses on `lo`.
 * @throws {LabError} when any `ip` command fails.
 */
export async function createNode(link: NodeLink): Promise<void> {
  await runChecked(IP, ['netns', 'add', link.netns]);
  await runChecked(IP, ['-n', link.netns, 'link', 'set', 'lo', 'up']);
  await runChecked(IP, [
    'link',
    'add',
    'eth0',
    'netns',
    link.netns,
    'type',
    'veth',
    'peer',
    'name',
    link.switchPort,
    'netns',
    link.switchNetns,
  ]);
  await runChecked(IP, ['-n', link.switchNetns, 'link', 'set', link.switchPort, 'master', 'br0', 'up']);
  for (const cidr of link.cidrs)
    await runChecked(IP, ['-n', link.netns, 'addr', 'add', cidr, 'dev', 'eth0', ...noDad(cidr)]);
  await runChecked(IP, ['-n', link.netns, 'link', 'set', 'eth0', 'up']);
  for (const loopback of link.loopbacks)
    await runChecked(IP, ['-n', link.netns, 'addr', 'add', loopback, 'dev', 'lo', ...noDad(loopback)]);
}

/**
 * Deletes a namespace (and with it its veth ends). Idempotent: a missing namespace is fine.
 * Refuses names outside {@link NETNS_PREFIX}.
 */
export async function deleteNetns(name: string): Promise<void> {
  if (!name.startsWith(NETNS_PREFIX)) throw new Error(`refusing to delete netns ${name}: not a lab namespace`);
  await run(IP, ['netns', 'del', name]);
}

/** Names of the existing network namespaces starting with `prefix`. */
export async function listNetns(prefix: string): Promise<string[]> {
  const out = await run(IP, ['netns', 'list']);
  return out.stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(prefix));
}

/** argv prefix running a command inside `netns`. */
export function inNetns(netns: string, argv: readonly string[]): string[] {
  return [IP, 'netns', 'exec', netns, ...argv];
}
