import { dirname, resolve } from 'node:path';
import {
  cidrContains,
  FILE_LIMITS,
  formatConfigIssue,
  hostCidr,
  loadConfig,
  parseCidr,
  pushAll,
  readBoundedTextSync,
} from '@meshrr/core';
import { parse as parseYaml, stringify } from 'yaml';
import type { z } from 'zod';
import { TopologyError } from '../errors.js';
import type { IpFamily } from '../state/addressing.js';
import { topologySchema, type ClientSpec, type Daemon, type TopologyFile } from './schema.js';

/** A route-reflector group ready to run. */
export interface GroupPlan {
  readonly name: string;
  /** 1-based position in the file: the group's routers live in the network's `index`-th /24. */
  readonly index: number;
  readonly count: number;
  readonly service: string;
  /** The group's meshrr.conf.yml as a plain object (DNS sources get the lab resolver at `up`). */
  readonly meshrr: Readonly<Record<string, unknown>>;
  /** AS number of the group's routers (meshrr `asn`, asplain). */
  readonly asn: number;
  /** FRR configuration added to each router's base config (policy: route-maps, community lists). */
  readonly frrPolicy: string;
  /** The BGP daemon of the group's routers (absent in the state of labs started before daemons: FRR). */
  readonly daemon?: Daemon;
  /** Per-router exceptions to `daemon`, by router name. */
  readonly routerDaemons?: Readonly<Record<string, Daemon>>;
  /** Mounted Secrets of the group's pods: pod path → content (read from the topology's files at load). */
  readonly secretFiles?: Readonly<Record<string, string>>;
}

/** The BGP daemon router `router` of `group` runs: its exception in `routerDaemons`, else the group's (FRR by default). */
export function daemonOf(group: Pick<GroupPlan, 'daemon' | 'routerDaemons'>, router: string): Daemon {
  return group.routerDaemons?.[router] ?? group.daemon ?? 'frr';
}

/**
 * Problems of a group's daemon choice: `routerDaemons` keys must be routers of the group
 * (`<group>-<index>`, index < count), and a group with BIRD routers must name the plugin that
 * provides platform `bird` in its meshrr configuration's `plugins:` (the agent has no BIRD of its own).
 */
function daemonIssues(
  field: string,
  spec: TopologyFile['groups'][number],
  meshrr: unknown,
  ipFamilies: readonly IpFamily[],
): string[] {
  const issues: string[] = [];
  const routers = Array.from({ length: spec.count }, (_, i) => `${spec.name}-${i}`);
  for (const name of Object.keys(spec.routerDaemons)) {
    if (!routers.includes(name))
      issues.push(`${field}.routerDaemons.${name}: not a router of group ${spec.name}; allowed: ${routers.join(', ')}`);
  }
  const usesBird = routers.some((r) => daemonOf(spec, r) === 'bird');
  const plugins = typeof meshrr === 'object' && meshrr !== null ? (meshrr as { plugins?: unknown }).plugins : undefined;
  if (usesBird && ipFamilies.includes('ipv6'))
    issues.push(`${field}.daemon: bird route reflectors run only in IPv4 labs (ipFamilies: [ipv4])`);
  if (usesBird && (!Array.isArray(plugins) || plugins.length === 0)) {
    issues.push(
      `${field}.daemon: bird needs the plugin that provides platform bird in the group's meshrr configuration (plugins: [meshrr-platform-bird])`,
    );
  }
  return issues;
}

/** A validated topology with every file it references read. */
export interface Topology {
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  /** The lab's IPv4 /16, e.g. `10.99.0.0/16`. */
  readonly network: string;
  /** The lab's IPv6 ULA /64. */
  readonly network6: string;
  /** The address families of route reflectors and DNS, primary first. */
  readonly ipFamilies: readonly IpFamily[];
  readonly groups: readonly GroupPlan[];
  readonly clients: readonly ClientSpec[];
}

function zodIssues(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
}

function readText(file: string, path: string, field: string): string {
  try {
    return readBoundedTextSync(path, { maxBytes: FILE_LIMITS.configuration, what: 'file' });
  } catch (error) {
    throw new TopologyError(file, [`${file}: ${field}: ${(error as Error).message}`], {
      cause: error,
    });
  }
}

function loadGroup(
  file: string,
  spec: TopologyFile['groups'][number],
  index: number,
  ipFamilies: readonly IpFamily[],
  issues: string[],
): GroupPlan | undefined {
  const base = dirname(file);
  const field = `groups.${index - 1}`;
  const meshrrPath = spec.meshrrFile === undefined ? undefined : resolve(base, spec.meshrrFile);
  const text = meshrrPath === undefined ? stringify(spec.meshrr) : readText(file, meshrrPath, `${field}.meshrrFile`);
  const loaded = loadConfig({ text, origin: meshrrPath ?? `${file} (${field}.meshrr)` });
  if (!loaded.ok) {
    pushAll(
      issues,
      loaded.errors.map((issue) => `${file}: ${field}: ${formatConfigIssue(issue)}`),
    );
    return undefined;
  }
  const meshrr: unknown = meshrrPath === undefined ? spec.meshrr : parseYaml(text);
  const daemonProblems = daemonIssues(`${file}: ${field}`, spec, meshrr, ipFamilies);
  if (daemonProblems.length > 0) {
    pushAll(issues, daemonProblems);
    return undefined;
  }
  const frrPolicy =
    spec.frrPolicyFile === undefined
      ? (spec.frrPolicy ?? '')
      : readText(file, resolve(base, spec.frrPolicyFile), `${field}.frrPolicyFile`);
  return {
    name: spec.name,
    index,
    count: spec.count,
    service: spec.service,
    meshrr: meshrr as Record<string, unknown>,
    asn: loaded.config.asn.value,
    frrPolicy,
    daemon: spec.daemon,
    routerDaemons: spec.routerDaemons,
    secretFiles: Object.fromEntries(
      Object.entries(spec.secretFiles).map(([podPath, source]) => [
        podPath,
        readText(file, resolve(base, source), `${field}.secretFiles.${podPath}`),
      ]),
    ),
  };
}

function crossCheck(file: string, topo: TopologyFile, issues: string[]): void {
  const names = new Set<string>();
  const all = [
    ...topo.groups.map((g, i) => ({ n: g.name, f: `groups.${i}.name` })),
    ...topo.clients.map((c, i) => ({ n: c.name, f: `clients.${i}.name` })),
  ];
  for (const { n, f } of all) {
    if (names.has(n)) issues.push(`${file}: ${f}: duplicate name ${n} (group and client names must be unique)`);
    names.add(n);
  }
  if (topo.groups.length > 199) issues.push(`${file}: groups: at most 199 groups (the 200th /24 holds clients)`);
  const network = parseCidr(topo.network);
  topo.clients.forEach((client, i) => {
    if (!topo.groups.some((g) => g.name === client.peerGroup)) {
      issues.push(
        `${file}: clients.${i}.peerGroup: unknown group ${client.peerGroup}; allowed: ${topo.groups.map((g) => g.name).join(', ')}`,
      );
    }
    const transport = client.transport ?? topo.ipFamilies[0] ?? 'ipv4';
    if (!topo.ipFamilies.includes(transport))
      issues.push(
        `${file}: clients.${i}.transport: ${transport} is not one of the lab's ipFamilies; allowed: ${topo.ipFamilies.join(', ')}`,
      );
    if (client.address !== undefined && transport !== 'ipv4')
      issues.push(
        `${file}: clients.${i}.address: only IPv4 clients take a fixed address (this one peers over ${transport})`,
      );
    client.prefixes.forEach((p, j) => {
      if (p.prefix.includes(':') !== (transport === 'ipv6'))
        issues.push(
          `${file}: clients.${i}.prefixes.${j}.prefix: ${p.prefix} is not ${transport}: a client announces prefixes of its transport family`,
        );
    });
    const host = client.address === undefined ? undefined : hostCidr(client.address);
    if (host !== undefined && network.ok && !cidrContains(network.cidr, host)) {
      issues.push(`${file}: clients.${i}.address: ${client.address} is outside the lab network ${topo.network}`);
    }
  });
}

/**
 * Reads and validates a topology file (YAML): the schema (unknown keys are errors), unique names,
 * client `peerGroup` references, client addresses inside `network`, and each group's meshrr
 * configuration through `@meshrr/core`'s `loadConfig` (inline `meshrr:` or `meshrrFile:` relative
 * to the topology file). Policy files are read relative to the topology file too.
 * @throws {TopologyError} listing every problem as `file: field: message`.
 */
export function loadTopology(path: string): Topology {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = parseYaml(readText(file, file, '(file)'));
  } catch (error) {
    if (error instanceof TopologyError) throw error;
    throw new TopologyError(file, [`${file}: YAML syntax: ${(error as Error).message}`], { cause: error });
  }
  const parsed = topologySchema.safeParse(raw);
  if (!parsed.success) throw new TopologyError(file, zodIssues(file, parsed.error));
  const topo = parsed.data;
  const issues: string[] = [];
  crossCheck(file, topo, issues);
  const groups = topo.groups.map((spec, i) => loadGroup(file, spec, i + 1, topo.ipFamilies, issues));
  if (issues.length > 0) throw new TopologyError(file, issues);
  return {
    file,
    name: topo.name,
    namespace: topo.namespace,
    network: topo.network,
    network6: topo.network6,
    ipFamilies: topo.ipFamilies,
    groups: groups.filter((g) => g !== undefined),
    clients: topo.clients,
  };
}
