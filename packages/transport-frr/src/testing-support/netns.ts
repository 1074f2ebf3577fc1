import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One node of a test network: its namespace name and the addresses on its `eth0`. */
export interface NetnsNode {
  readonly name: string;
  readonly netns: string;
  /** `address/length` on eth0 (IPv6 added with `nodad`). */
  readonly addresses: readonly string[];
  /** `address/length` on `lo` (prefixes the node "owns": no dummy module on this kernel). */
  readonly loopbacks: readonly string[];
}

/** A bridge namespace plus one namespace per node, each with a veth `eth0` on the bridge. */
export interface NetnsLab {
  readonly prefix: string;
  readonly nodes: ReadonlyMap<string, NetnsNode>;
  /** Deletes every namespace of the lab (veths and bridge go with them). Idempotent. */
  destroy(): Promise<void>;
}

/** A unique namespace prefix such as `mrt-3f9a1c` (short: interface names are limited to 15 bytes). */
export function uniqueNetnsPrefix(): string {
  return `mrt-${randomBytes(3).toString('hex')}`;
}

async function ip(args: readonly string[]): Promise<void> {
  await run('ip', [...args], { timeout: 10_000 });
}

async function addNode(
  prefix: string,
  index: number,
  spec: { name: string; addresses: readonly string[]; loopbacks?: readonly string[] },
): Promise<NetnsNode> {
  const netns = `${prefix}-${spec.name}`;
  const sw = `${prefix}sw`;
  await ip(['netns', 'add', netns]);
  await ip(['-n', netns, 'link', 'set', 'lo', 'up']);
  await ip(['link', 'add', 'eth0', 'netns', netns, 'type', 'veth', 'peer', 'name', `v${index}`, 'netns', sw]);
  await ip(['-n', sw, 'link', 'set', `v${index}`, 'master', 'br0', 'up']);
  for (const address of spec.addresses)
    await ip(['-n', netns, 'addr', 'add', address, 'dev', 'eth0', ...(address.includes(':') ? ['nodad'] : [])]);
  for (const address of spec.loopbacks ?? []) await ip(['-n', netns, 'addr', 'add', address, 'dev', 'lo']);
  await ip(['-n', netns, 'link', 'set', 'eth0', 'up']);
  return { name: spec.name, netns, addresses: spec.addresses, loopbacks: spec.loopbacks ?? [] };
}

/**
 * Creates `<prefix>sw` (bridge `br0`) and `<prefix>-<name>` per node, wired by veth pairs created
 * straight into the namespaces (real-peers.md §5). Needs root. On failure, whatever was created
 * is deleted before the error is rethrown.
 */
export async function createNetnsLab(
  prefix: string,
  nodes: readonly { name: string; addresses: readonly string[]; loopbacks?: readonly string[] }[],
): Promise<NetnsLab> {
  const created: string[] = [];
  const destroy = async (): Promise<void> => {
    for (const netns of created.splice(0).reverse())
      await run('ip', ['netns', 'del', netns], { timeout: 10_000 }).catch(() => undefined);
  };
  try {
    await ip(['netns', 'add', `${prefix}sw`]);
    created.push(`${prefix}sw`);
    await ip(['-n', `${prefix}sw`, 'link', 'add', 'br0', 'type', 'bridge']);
    await ip(['-n', `${prefix}sw`, 'link', 'set', 'br0', 'up']);
    const map = new Map<string, NetnsNode>();
    for (const [i, spec] of nodes.entries()) {
      created.push(`${prefix}-${spec.name}`);
      map.set(spec.name, await addNode(prefix, i + 1, spec));
    }
    return { prefix, nodes: map, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}
