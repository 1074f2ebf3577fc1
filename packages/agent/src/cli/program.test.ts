import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@meshrr/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIo } from './io.js';
import { runCli } from './program.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshrr-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function ioFor(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  let terminate: ((signal: string) => void) | undefined;
  const io: CommandIo = {
    env,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    onTerminate: (handler) => {
      terminate = handler;
      return () => {
        terminate = undefined;
      };
    },
  };
  return { io, out, err, signal: (name: string) => terminate?.(name) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  return eventually(() => probe().catch(() => undefined), { what: 'agent answer', intervalMs: 50 });
}

const STATIC_CONFIG = (peersFile: string): string => `encrypted_root_pw: NOLOGIN
asn: "65000"
mode: ipv4rr
bgpgroups:
- name: MESHRR-MESH
  type: mesh
  source:
    sourcetype: static
    file: ${peersFile}
- name: MESHRR-CLIENTS
  type: subtractive
  prefixes:
  - 10.0.0.0/24
quiescence:
  min_seconds: 0.05
  max_seconds: 0.2
commit:
  verify_seconds: 0.05
`;

describe('meshrr CLI', () => {
  it('usage errors exit 2, unknown platform and bad config exit 1 with one clear message', async () => {
    const a = ioFor({});
    expect(await runCli(['frobnicate'], a.io)).toBe(2);
    expect(a.err.join('')).toContain("unknown command 'frobnicate'");
    const b = ioFor({ POD_IP: '10.0.0.1' });
    await writeFile(join(dir, 'bad.yml'), 'asn: "0"\nbgpgroups: []\nfoo: 1\n');
    expect(await runCli(['validate', '--config', join(dir, 'bad.yml')], b.io)).toBe(1);
    const text = b.out.join('');
    expect(text).toContain(`${join(dir, 'bad.yml')}:1:6: asn:`);
    expect(text).toContain('foo');
    expect(
      await runCli(['run', '--config', join(dir, 'bad.yml'), '--platform', 'frr'], ioFor({ POD_IP: '10.0.0.1' }).io),
    ).toBe(1);
  });

  it('validate --output json reports a valid configuration', async () => {
    await writeFile(join(dir, 'peers.txt'), '10.0.0.2\n');
    await writeFile(join(dir, 'ok.yml'), STATIC_CONFIG(join(dir, 'peers.txt')));
    const a = ioFor({});
    expect(await runCli(['validate', '--config', join(dir, 'ok.yml'), '--output', 'json'], a.io)).toBe(0);
    expect(JSON.parse(a.out.join(''))).toMatchObject({ valid: true, findings: [] });
  });

  it('run --dry-run converges, serves health and metrics, follows the peer file, and drains on SIGTERM', async () => {
    const peers = join(dir, 'peers.txt');
    await writeFile(peers, '10.0.0.2\n10.0.0.3\n');
    await writeFile(join(dir, 'meshrr.conf.yml'), STATIC_CONFIG(peers));
    const port = await freePort();
    const out = join(dir, 'dry');
    const cli = ioFor({ POD_IP: '10.0.0.1', LICENSE_KEY: 'SECRET-LICENCE-123' });
    const running = runCli(
      [
        'run',
        '--config',
        join(dir, 'meshrr.conf.yml'),
        '--dry-run',
        out,
        '--http-port',
        String(port),
        '--http-host',
        '127.0.0.1',
        '--drain-seconds',
        '1',
        '--connected-file',
        join(dir, 'connected'),
      ],
      cli.io,
    );
    const state = await waitFor(async () => {
      const s = JSON.parse(await readFile(join(out, 'managed-state.json'), 'utf8')) as {
        groups: Array<{ name: string; neighbors: string[]; allow: string[] }>;
      };
      return s.groups.find((g) => g.name === 'MESHRR-MESH')?.neighbors.length === 2 ? s : undefined;
    });
    expect(state.groups.find((g) => g.name === 'MESHRR-CLIENTS')!.allow).toEqual([
      '10.0.0.0/31',
      '10.0.0.4/30',
      '10.0.0.8/29',
      '10.0.0.16/28',
      '10.0.0.32/27',
      '10.0.0.64/26',
      '10.0.0.128/25',
    ]);
    const first = await readFile(join(out, 'changes', '0001.junos-set.txt'), 'utf8');
    expect(first).toContain('set groups MESHRR protocols bgp group MESHRR-MESH neighbor 10.0.0.2');
    expect(await readFile(join(dir, 'connected'), 'utf8')).toMatch(/^\d{4}-/);

    await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      return r.status === 200 ? true : undefined;
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // plan against the converged dry-run device: nothing to change, exit 0; an empty device: exit 3
    const planned = ioFor({ POD_IP: '10.0.0.1' });
    expect(
      await runCli(['plan', '--config', join(dir, 'meshrr.conf.yml'), '--dry-run', out, '-o', 'json'], planned.io),
    ).toBe(0);
    expect(JSON.parse(planned.out.join(''))).toMatchObject({ decisions: expect.any(Array) });
    expect(JSON.parse(planned.out.join('')).rendered).toBeUndefined();
    const pending = ioFor({ POD_IP: '10.0.0.1' });
    expect(
      await runCli(['plan', '--config', join(dir, 'meshrr.conf.yml'), '--dry-run', join(dir, 'empty')], pending.io),
    ).toBe(3);
    expect(pending.out.join('')).toContain('set groups MESHRR protocols bgp group MESHRR-MESH neighbor 10.0.0.2');
    expect(pending.err.join('')).not.toContain('meshrr:');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('meshrr_commits_total');
    expect(metrics).toContain('meshrr_build_info{version="0.1.0",platform="junos"');

    await writeFile(peers, '10.0.0.2\n10.0.0.3\n10.0.0.4\n');
    await waitFor(async () =>
      (await readdir(join(out, 'changes'))).includes('0002.junos-set.txt') ? true : undefined,
    );
    expect(await readFile(join(out, 'changes', '0002.junos-set.txt'), 'utf8')).toContain('neighbor 10.0.0.4');

    cli.signal('SIGTERM');
    expect(await running).toBe(0);
    const names = await readdir(join(out, 'changes'));
    const last = names
      .filter((n) => n.endsWith('.junos-set.txt'))
      .sort()
      .at(-1)!;
    expect(await readFile(join(out, 'changes', last), 'utf8')).toContain('graceful-shutdown sender');
    const logs = cli.err.join('');
    expect(logs).toContain('"msg":"stopping: graceful shutdown"');
    expect(logs).not.toContain('SECRET-LICENCE-123');
  });
});

describe('meshrr CLI platforms', () => {
  it('selects the platform by flag, environment or file, and takes its options from all three (aliases included)', async () => {
    await writeFile(join(dir, 'peers.txt'), '10.0.0.2\n');
    const base = STATIC_CONFIG(join(dir, 'peers.txt'));
    await writeFile(join(dir, 'frr.yml'), `${base}platform:\n  name: frr\n  connect_retry_seconds: 7\n`);
    const plan = async (argv: string[], env: Record<string, string> = {}) => {
      const cli = ioFor({ POD_IP: '10.0.0.1', ...env });
      const code = await runCli(['plan', '--dry-run', join(dir, 'dry'), ...argv], cli.io);
      return { code, out: cli.out.join(''), err: cli.err.join('') };
    };
    const fromFile = await plan(['--config', join(dir, 'frr.yml')]);
    expect(fromFile.code).toBe(3); // changes pending
    expect(fromFile.out).toContain('change (frr-conf):');
    expect(fromFile.out).toContain('neighbor MESHRR-MESH timers connect 7');
    const fromEnv = await plan(['--config', join(dir, 'frr.yml')], { MESHRR_FRR_CONNECT_RETRY_SECONDS: '8' });
    expect(fromEnv.out).toContain('neighbor MESHRR-MESH timers connect 8');
    const fromAlias = await plan(['--config', join(dir, 'frr.yml'), '--frr-connect-retry', '9'], {
      MESHRR_FRR_CONNECT_RETRY_SECONDS: '8',
    });
    expect(fromAlias.out).toContain('neighbor MESHRR-MESH timers connect 9');
    const fromOption = await plan(['--config', join(dir, 'frr.yml'), '--platform-option', 'connect_retry_seconds=10']);
    expect(fromOption.out).toContain('neighbor MESHRR-MESH timers connect 10');
    await writeFile(join(dir, 'plain.yml'), base);
    const byEnv = await plan(['--config', join(dir, 'plain.yml')], { MESHRR_PLATFORM: 'frr' });
    expect(byEnv.out).toContain('change (frr-conf):');
    const junos = await plan(['--config', join(dir, 'plain.yml'), '--frr-vty-dir', '/x']);
    expect(junos.out).toContain('change (junos-set):');
    expect(junos.err).toContain('--frr-vty-dir: applies to platform frr, but the agent runs junos: ignored');
  });

  it('refuses an unknown platform or a bad option with one message naming where it came from (exit 1)', async () => {
    await writeFile(join(dir, 'peers.txt'), '10.0.0.2\n');
    await writeFile(join(dir, 'ok.yml'), STATIC_CONFIG(join(dir, 'peers.txt')));
    const unknown = ioFor({ POD_IP: '10.0.0.1' });
    expect(await runCli(['run', '--config', join(dir, 'ok.yml'), '--platform', 'eos'], unknown.io)).toBe(1);
    expect(unknown.err.join('')).toContain(
      '<command line>: --platform: unknown platform (found "eos"; allowed: frr, junos (plugins add more: plugins:))',
    );
    const badOption = ioFor({ POD_IP: '10.0.0.1', MESHRR_JUNOS_PORT: 'ssh' });
    expect(await runCli(['validate', '--config', join(dir, 'ok.yml')], badOption.io)).toBe(1);
    expect(badOption.out.join('')).toContain('<environment>: MESHRR_JUNOS_PORT: Invalid input: expected number');
    const typo = ioFor({ POD_IP: '10.0.0.1' });
    expect(
      await runCli(['plan', '--config', join(dir, 'ok.yml'), '--dry-run', dir, '--platform-option', 'hots=a'], typo.io),
    ).toBe(1);
    expect(typo.err.join('')).toContain('<command line>: --platform-option hots: unknown option of platform junos');
  });

  it('init and render write the initial configuration of the selected platform (frr: the router identity)', async () => {
    await writeFile(join(dir, 'peers.txt'), '10.0.0.2\n');
    await writeFile(join(dir, 'ok.yml'), STATIC_CONFIG(join(dir, 'peers.txt')));
    const cli = ioFor({ POD_IP: '10.0.0.1' });
    const target = join(dir, 'frr.conf');
    expect(
      await runCli(['init', '--config', join(dir, 'ok.yml'), '--platform', 'frr', '--frr-config', target], cli.io),
    ).toBe(0);
    const text = await readFile(target, 'utf8');
    expect(text).toContain('router bgp 65000');
    expect(text).toContain('bgp router-id 10.0.0.1');
    expect(text).not.toContain('MESHRR-MESH');
    const preview = ioFor({ POD_IP: '10.0.0.1' });
    expect(await runCli(['render', '--config', join(dir, 'ok.yml'), '--platform', 'frr'], preview.io)).toBe(0);
    expect(preview.out.join('')).toBe(text);
  });
});

describe('meshrr CLI argument checks', () => {
  it.each([
    [
      ['lab', 'up', 'topology.yml', '--wait', 'abc'],
      "option '--wait <seconds>' argument 'abc' is invalid. must be an integer from 0 to 3600",
    ],
    [
      ['lab', 'scale', 'core', 'many'],
      "value 'many' is invalid for argument 'count'. must be an integer from 0 to 1000",
    ],
    [
      ['lab', 'crash', 'core-0', '--restart-after', '-1'],
      "option '--restart-after <seconds>' argument '-1' is invalid. must be an integer from 0 to 3600",
    ],
    [
      ['run', '--http-port', '70000'],
      "option '--http-port <port>' argument '70000' is invalid. must be an integer from 0 to 65535",
    ],
    [
      ['run', '--platform', 'frr', '--frr-connect-retry', '0'],
      "argument '0' is invalid. must be an integer from 1 to 65535",
    ],
    [['run', '--ready-quorum', '2'], "argument '2' is invalid. must be a number from 0 to 1"],
    [['run', '--platform-option', 'novalue'], "argument 'novalue' is invalid. must be key=value"],
  ])('%j is a usage error (exit 2) naming the option and what is allowed', async (argv, message) => {
    const a = ioFor({ POD_IP: '10.0.0.1' });
    expect(await runCli(argv, a.io)).toBe(2);
    expect(a.err.join('')).toContain(message);
  });
});
