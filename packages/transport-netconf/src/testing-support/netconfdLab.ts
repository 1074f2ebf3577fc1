import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@meshrr/core';
import { eventually, HANG_GUARD_MS, MemoryLogger } from '@meshrr/core/testing';
import { NetconfClient, type NetconfClientOptions } from '../rpc/netconfClient.js';
import { hostKeyVerifier } from '../ssh/hostKeyVerifier.js';
import type { HostKeyPolicy } from '../ssh/hostKeyPolicy.js';
import { openSshNetconfChannel } from '../ssh/sshChannel.js';
import { freePort } from './fakeSshServer.js';

/** Binaries the netconfd lab needs (real-peers.md §3). */
export const NETCONFD_BINARIES = [
  '/usr/sbin/netconfd',
  '/usr/sbin/netconf-subsystem',
  '/usr/sbin/sshd',
  '/usr/bin/ssh-keygen',
  '/usr/sbin/useradd',
];
/** Dedicated test user (created once, idempotently; never removed because parallel runs may share it). */
export const LAB_USER = 'mrrnc';

/** A running yuma123 netconfd behind OpenSSH's `netconf` subsystem on 127.0.0.1:`port`. */
export interface NetconfdLab {
  readonly port: number;
  readonly dir: string;
  readonly clientKeyPath: string;
  readonly hostKeyPublic: string;
  readonly netconfd: ChildProcess;
  readonly sshd: ChildProcess;
  /** Opens a NETCONF session as {@link LAB_USER} (pinned to the lab's host key unless `hostKey` says otherwise). */
  open(options?: Partial<NetconfClientOptions>, hostKey?: HostKeyPolicy): Promise<NetconfClient>;
  /** Stops sshd and netconfd by PID (TERM, then KILL after 5 s) and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

const alive = (p: ChildProcess): boolean => p.exitCode === null && p.signalCode === null;

function waitFor(what: string, check: () => boolean | Promise<boolean>): Promise<true> {
  return eventually(async () => (await check()) || undefined, { what: `netconfd lab: ${what}`, intervalMs: 20 });
}

const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

async function stopProcess(p: ChildProcess): Promise<void> {
  if (!alive(p)) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function ensureUser(): void {
  try {
    execFileSync('id', [LAB_USER], { stdio: 'ignore' });
  } catch {
    execFileSync('/usr/sbin/useradd', ['-M', '-d', '/nonexistent', '-s', '/bin/sh', LAB_USER], { stdio: 'ignore' });
  }
  execFileSync('/usr/sbin/usermod', ['-p', '*', LAB_USER], { stdio: 'ignore' });
}

function sshdConfig(d: string, port: number): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${d}/ssh_host_ed25519_key`,
    `PidFile ${d}/sshd.pid`,
    `AuthorizedKeysFile ${d}/authorized_keys/%u`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin no',
    'AllowTcpForwarding no',
    'X11Forwarding no',
    'PrintMotd no',
    `Subsystem netconf /usr/sbin/netconf-subsystem --ncxserver-sockname=${port}@${d}/ncxserver.sock`,
    '',
  ].join('\n');
}

/** Starts netconfd + sshd in a fresh temp dir on a free port (recipe: real-peers.md §3, with its gotchas). Needs root. */
export async function startNetconfdLab(): Promise<NetconfdLab> {
  ensureUser();
  mkdirSync('/run/sshd', { recursive: true });
  const d = mkdtempSync(join(tmpdir(), 'meshrr-netconfd-'));
  chmodSync(d, 0o755); // sshd reads authorized_keys as the target user
  const port = await freePort();
  mkdirSync(join(d, 'modules'));
  copyFileSync(
    new URL('../__fixtures__/netconfd/meshrr-lab.yang', import.meta.url),
    join(d, 'modules', 'meshrr-lab.yang'),
  );
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', LAB_USER, '-f', join(d, 'client_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(d, 'ssh_host_ed25519_key')]);
  mkdirSync(join(d, 'authorized_keys'));
  copyFileSync(join(d, 'client_key.pub'), join(d, 'authorized_keys', LAB_USER));
  writeFileSync(join(d, 'sshd_config'), sshdConfig(d, port));
  writeFileSync(join(d, 'startup-cfg.xml'), '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"/>\n');
  mkdirSync(join(d, 'home', 'data'), { recursive: true });
  const out = (name: string): number => openSync(join(d, name), 'a');
  const netconfd = spawn(
    '/usr/sbin/netconfd',
    [
      `--yuma-home=${d}/home`,
      `--port=${port}`,
      `--ncxserver-sockname=${d}/ncxserver.sock`,
      `--modpath=${d}/modules:/usr/share/yuma/modules`,
      '--module=meshrr-lab',
      `--startup=${d}/startup-cfg.xml`,
      `--superuser=${LAB_USER}`,
      `--log=${d}/netconfd.log`,
      '--log-level=info',
    ],
    { env: { ...process.env, HOME: `${d}/home` }, stdio: ['ignore', out('netconfd.out'), out('netconfd.out')] },
  );
  let sshd: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (sshd !== undefined) await stopProcess(sshd);
    await stopProcess(netconfd);
    rmSync(d, { recursive: true, force: true });
    try {
      if (existsSync('/root/.yuma')) rmdirSync('/root/.yuma');
    } catch {
      // not empty (another user of netconfd): leave it
    }
  };
  try {
    await waitFor('netconfd socket', () => existsSync(join(d, 'ncxserver.sock')) || !alive(netconfd));
    if (!alive(netconfd)) throw new Error(`netconfd exited: ${readFileSync(join(d, 'netconfd.out'), 'utf8')}`);
    sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(d, 'sshd_config')], {
      stdio: ['ignore', out('sshd.log'), out('sshd.log')],
    });
    await waitFor('sshd port', () => portOpen(port));
  } catch (error) {
    await stop();
    throw error;
  }
  const started = sshd;
  const hostKeyPublic = readFileSync(join(d, 'ssh_host_ed25519_key.pub'), 'utf8');
  const logger = new MemoryLogger();
  return {
    port,
    dir: d,
    clientKeyPath: join(d, 'client_key'),
    hostKeyPublic,
    netconfd,
    sshd: started,
    stop,
    open: async (options = {}, hostKey) => {
      const policy = hostKey ?? { kind: 'known-hosts' as const, path: join(d, 'known_hosts') };
      if (hostKey === undefined) writeFileSync(join(d, 'known_hosts'), `[127.0.0.1]:${port} ${hostKeyPublic}`);
      const channel = await openSshNetconfChannel({
        host: '127.0.0.1',
        port,
        username: LAB_USER,
        privateKey: readFileSync(join(d, 'client_key')),
        verifyHostKey: hostKeyVerifier(policy, '127.0.0.1', port, logger),
        readyTimeoutMs: HANG_GUARD_MS,
        keepaliveIntervalMs: 0,
        keepaliveCountMax: 3,
      });
      try {
        const client = await NetconfClient.open(channel.stream, {
          clock: systemClock,
          postHelloDelayMs: 5,
          ...options,
        });
        client.onClose(() => channel.close());
        return client;
      } catch (error) {
        channel.close();
        throw error;
      }
    },
  };
}
