import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNetns } from '../system/netns.js';
import { startProcess, stopProcess, waitFor, type ProcessRecord } from '../system/processes.js';
import { PROGRAMS } from '../system/prerequisites.js';
import { run, runChecked } from '../system/run.js';
import { COMMAND_TIMEOUT_MS, READY_TIMEOUT_MS } from '../system/timeouts.js';

/** The zone the lab serves, like a cluster's DNS domain. */
export const CLUSTER_ZONE = 'cluster.local';
/** TTL of every lab record (a headless Service's records, as CoreDNS serves them with `ttl 1`). */
export const RECORD_TTL = 1;

/** The record type of an address: `AAAA` for IPv6, `A` for IPv4. */
export function recordType(address: string): 'A' | 'AAAA' {
  return address.includes(':') ? 'AAAA' : 'A';
}

/**
 * Writes `named.conf` and the `cluster.local` zone into `dir`: authoritative only, listening on
 * 127.0.0.1 and `addresses` port 53 (IPv4 and IPv6 ones; `ns` gets an A or AAAA record for each),
 * RFC 2136 updates allowed from 127.0.0.1 (nsupdate runs inside the DNS namespace), no rndc
 * channel, journal in `dir`.
 */
export function writeBindConfig(dir: string, addresses: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  const v4 = addresses.filter((a) => recordType(a) === 'A');
  const v6 = addresses.filter((a) => recordType(a) === 'AAAA');
  const zone = [
    `$ORIGIN ${CLUSTER_ZONE}.`,
    `$TTL ${RECORD_TTL}`,
    `@ IN SOA ns.${CLUSTER_ZONE}. hostmaster.${CLUSTER_ZONE}. ( 1 1 1 60 ${RECORD_TTL} )`,
    `@ IN NS ns.${CLUSTER_ZONE}.`,
    ...addresses.map((a) => `ns IN ${recordType(a)} ${a}`),
    '',
  ].join('\n');
  const conf = [
    'options {',
    `  directory "${dir}"; pid-file "${join(dir, 'named.pid')}"; session-keyfile "${join(dir, 'session.key')}";`,
    `  listen-on port 53 { 127.0.0.1; ${v4.map((a) => `${a}; `).join('')}}; listen-on-v6 port 53 { ${v6.length === 0 ? 'none; ' : v6.map((a) => `${a}; `).join('')}};`,
    '  recursion no; allow-query { any; }; notify no; dnssec-validation no;',
    '};',
    'controls { };',
    `zone "${CLUSTER_ZONE}" { type primary; file "${join(dir, 'cluster.local.zone')}"; journal "${join(dir, 'cluster.local.zone.jnl')}"; allow-update { 127.0.0.1; }; };`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'cluster.local.zone'), zone);
  writeFileSync(join(dir, 'named.conf'), conf);
}

/**
 * Starts `named -g` (foreground) in `netns` with the config in `dir` and waits (≤ 10 s) until it
 * answers. Restarting after a stop keeps every dynamic record (bind replays its journal).
 * @throws {LabError} when it does not answer in time (it is stopped then).
 */
export async function startBind(netns: string, dir: string): Promise<ProcessRecord> {
  const argv = inNetns(netns, [PROGRAMS.named, '-c', join(dir, 'named.conf'), '-g', '-n', '1']);
  const record = await startProcess(argv, join(dir, 'named.log'), 'named');
  try {
    await waitFor(
      'named to answer',
      async () =>
        (
          await run(PROGRAMS.ip, digArgv(netns, CLUSTER_ZONE, 'SOA'), { timeoutMs: COMMAND_TIMEOUT_MS })
        ).stdout.trim() !== '',
      READY_TIMEOUT_MS,
      50,
    );
    return record;
  } catch (error) {
    await stopProcess(record);
    throw error;
  }
}

function digArgv(netns: string, name: string, type: string): string[] {
  return ['netns', 'exec', netns, PROGRAMS.dig, '@127.0.0.1', '+short', '+tries=1', '+time=1', name, type];
}

/** A-record (or AAAA-record) answers for `name` from the lab DNS (empty when none or no answer). */
export async function dig(netns: string, name: string, type: 'A' | 'AAAA' = 'A'): Promise<string[]> {
  const out = await run(PROGRAMS.ip, digArgv(netns, name, type), { timeoutMs: COMMAND_TIMEOUT_MS });
  return out.stdout
    .split('\n')
    .filter((line) => (type === 'A' ? /^\d+\.\d+\.\d+\.\d+$/.test(line) : /^[0-9a-f:]+:[0-9a-f:]*$/i.test(line)));
}

/** One DNS record change: a name and an IPv4 (A) or IPv6 (AAAA) address to add or delete. */
export interface RecordChange {
  readonly op: 'add' | 'delete';
  readonly name: string;
  readonly address: string;
}

/**
 * Applies record changes atomically in one RFC 2136 update (`nsupdate`, run inside the DNS
 * namespace against 127.0.0.1). Adding an existing record or deleting an absent one is a no-op.
 * @throws {LabError} when nsupdate fails (e.g. the server is stopped).
 */
export async function updateRecords(netns: string, changes: readonly RecordChange[]): Promise<void> {
  if (changes.length === 0) return;
  const lines = ['server 127.0.0.1 53', `zone ${CLUSTER_ZONE}`];
  for (const change of changes) {
    const fqdn = `${change.name}.${CLUSTER_ZONE}.`;
    lines.push(
      change.op === 'add'
        ? `update add ${fqdn} ${RECORD_TTL} IN ${recordType(change.address)} ${change.address}`
        : `update delete ${fqdn} ${recordType(change.address)} ${change.address}`,
    );
  }
  lines.push('send', '');
  await runChecked(PROGRAMS.ip, ['netns', 'exec', netns, PROGRAMS.nsupdate, '-t', '5'], {
    input: lines.join('\n'),
    timeoutMs: COMMAND_TIMEOUT_MS,
  });
}
