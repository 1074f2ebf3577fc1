import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@meshrr/core';
import { DnsClient } from '../client/dnsClient.js';

/** The authoritative servers the integration suite runs against. */
export type ServerKind = 'bind' | 'knot';

const BINARIES: Record<ServerKind, string> = { bind: 'named', knot: 'knotd' };

/** Is `binary` on PATH? */
export function hasBinary(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/** Why the real-server suite cannot run here (`undefined` when it can). */
export function realServerBlocker(kind: ServerKind): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  const missing = [BINARIES[kind], 'nsupdate'].filter((b) => !hasBinary(b));
  return missing.length > 0 ? `missing ${missing.join(', ')} (apt-get install bind9 knot bind9-dnsutils)` : undefined;
}

/** A port free for both UDP and TCP on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries += 1) {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const port = udp.address().port;
    const tcp = net.createServer();
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (ok) {
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      return port;
    }
  }
  throw new Error('no free UDP+TCP port on 127.0.0.1');
}

function bindConfig(dir: string, port: number): string {
  return `options {
  directory "${dir}"; pid-file "${dir}/named.pid"; session-keyfile "${dir}/session.key";
  listen-on port ${port} { 127.0.0.1; }; listen-on-v6 { none; };
  recursion no; allow-query { any; }; notify no; dnssec-validation no;
  max-records-per-type 0; max-types-per-name 0;
};
controls { };
zone "cluster.local" { type primary; file "${dir}/cluster.local.zone"; journal "${dir}/cluster.local.zone.jnl"; allow-update { 127.0.0.1; }; };
`;
}

function knotConfig(dir: string, port: number): string {
  return [
    'server:',
    `    rundir: "${dir}"`,
    `    listen: 127.0.0.1@${port}`,
    'log:',
    '  - target: stderr',
    '    any: info',
    'database:',
    `    storage: "${dir}/db"`,
    'acl:',
    '  - id: upd',
    '    address: 127.0.0.1',
    '    action: update',
    'template:',
    '  - id: default',
    `    storage: "${dir}"`,
    '    file: "%s.zone"',
    '    zonefile-sync: -1',
    '    zonefile-load: whole',
    '    journal-content: none',
    'zone:',
    '  - domain: cluster.local',
    '    acl: upd',
    '',
  ].join('\n');
}

/**
 * A real authoritative server (bind9 `named -g` or `knotd`, both in the foreground, so this process
 * is their parent and reaps them) for `cluster.local` on 127.0.0.1:`port`, in its own temp dir.
 * `stop()` kills by PID (TERM, then KILL after 3 s); `dispose()` also removes the temp dir.
 */
export class RealDnsServer {
  readonly kind: ServerKind;
  readonly dir: string;
  port = 0;
  #child: ChildProcess | undefined;
  #log = '';

  constructor(kind: ServerKind) {
    this.kind = kind;
    this.dir = mkdtempSync(join(tmpdir(), `meshrr-dns-${kind}-`));
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Server output so far (for failure messages). */
  get log(): string {
    return this.#log;
  }

  /** Writes the zone (dropping bind's journal), then starts the server and waits until it answers. */
  async start(zoneText: string, port?: number): Promise<void> {
    this.port = port ?? (await freePort());
    writeFileSync(join(this.dir, 'cluster.local.zone'), zoneText);
    rmSync(join(this.dir, 'cluster.local.zone.jnl'), { force: true });
    rmSync(join(this.dir, 'db'), { recursive: true, force: true });
    mkdirSync(join(this.dir, 'db'));
    const conf = join(this.dir, this.kind === 'bind' ? 'named.conf' : 'knot.conf');
    writeFileSync(conf, this.kind === 'bind' ? bindConfig(this.dir, this.port) : knotConfig(this.dir, this.port));
    const args = this.kind === 'bind' ? ['-c', conf, '-g', '-n', '1'] : ['-c', conf];
    const child = spawn(BINARIES[this.kind], args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    const killOnExit = (): void => void child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    child.stdout?.on('data', (d: Buffer) => (this.#log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.#log += d.toString()));
    await this.#waitReady(child);
  }

  async #waitReady(child: ChildProcess): Promise<void> {
    const client = new DnsClient({
      nameservers: [{ host: '127.0.0.1', port: this.port, family: 4 }],
      timeoutMs: 200,
      attempts: 1,
      ednsUdpSize: 1232,
      clock: systemClock,
    });
    for (let i = 0; i < 100; i += 1) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      try {
        const response = await client.query({ name: 'ns.cluster.local.', type: 'A' }, new AbortController().signal);
        if (response.answers.length > 0) return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await this.stop();
    throw new Error(`${this.kind} did not come up on 127.0.0.1:${this.port}:\n${this.#log}`);
  }

  /** Sends one RFC 2136 update (lines like `update add NAME TTL IN A IP`) with nsupdate; rejects on failure. */
  async nsupdate(lines: readonly string[]): Promise<void> {
    const script = [`server 127.0.0.1 ${this.port}`, 'zone cluster.local', ...lines, 'send', ''].join('\n');
    await new Promise<void>((resolve, reject) => {
      const child = spawn('nsupdate', [], { stdio: ['pipe', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`nsupdate exited ${code}: ${output}`))));
      child.stdin.end(script);
    });
  }

  /** Stops the server by PID and waits for it to exit (idempotent). */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops the server and removes its temp dir. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
