import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManagedGroup } from '@meshrr/core';
import { eventually } from '@meshrr/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIo } from './io.js';
import { DryRunDevice } from '../dryrun/dryRunDevice.js';
import { runCli } from './program.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshrr-live-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fakeProcess(env: Record<string, string>) {
  const err: string[] = [];
  let terminate: ((signal: string) => void) | undefined;
  let reload: (() => void) | undefined;
  const io: CommandIo = {
    env,
    stdout: () => undefined,
    stderr: (t) => void err.push(t),
    onTerminate: (handler) => {
      terminate = handler;
      return () => (terminate = undefined);
    },
    onReload: (handler) => {
      reload = handler;
      return () => (reload = undefined);
    },
  };
  return { io, err, terminate: (name: string) => terminate?.(name), hangup: () => reload?.() };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Group = ManagedGroup;

/** Starts `meshrr run` on `file` with the dry-run device in `out`: its process, its exit and its HTTP port. */
async function startRun(file: string, out: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const agent = fakeProcess({ POD_IP: '10.0.0.1', ...env });
  const running = runCli(
    ['run', '--config', file, '--dry-run', out, '--http-port', String(port), '--http-host', '127.0.0.1'].concat([
      '--drain-seconds',
      '1',
      '--connected-file',
      join(dir, 'connected'),
    ]),
    agent.io,
  );
  return { agent, running, port };
}

/** The managed groups of the dry-run device in `out`, as the agent reads them back (snapshot and journal). */
async function dryRunGroups(out: string): Promise<Map<string, Group>> {
  const session = await new DryRunDevice(out, 'junos').transport().open(new AbortController().signal);
  const managed = await session.readManaged(new AbortController().signal);
  return new Map(managed.groups.map((g) => [g.name, g]));
}

function config(mesh: string, upstream: string, extra: { maxPeers?: number; prefixes: string[]; upstream: boolean }) {
  return `encrypted_root_pw: NOLOGIN
asn: "65000"
mode: ipv4rr
bgpgroups:
- name: MESHRR-MESH
  type: mesh
  source:
    sourcetype: static
    file: ${mesh}
${extra.maxPeers === undefined ? '' : `  max_peers: ${extra.maxPeers}\n`}- name: MESHRR-CLIENTS
  type: subtractive
  prefixes:
${extra.prefixes.map((p) => `  - ${p}\n`).join('')}${
    extra.upstream
      ? `- name: MESHRR-UPSTREAM
  type: mesh
  source:
    sourcetype: static
    file: ${upstream}
`
      : ''
  }quiescence:
  min_seconds: 0.05
  max_seconds: 0.2
commit:
  verify_seconds: 0.05
`;
}

describe('live configuration (meshrr run)', () => {
  it('applies an edited meshrr.conf.yml as a minimal change, refuses an invalid one and keeps running, and reloads on SIGHUP', async () => {
    const mesh = join(dir, 'mesh.txt');
    const upstream = join(dir, 'upstream.txt');
    await writeFile(mesh, '10.0.0.2\n10.0.0.3\n10.0.0.4\n');
    await writeFile(upstream, '10.9.0.1\n');
    const file = join(dir, 'meshrr.conf.yml');
    const prefixes = ['10.0.0.0/24', '10.1.0.0/24'];
    await writeFile(file, config(mesh, upstream, { prefixes, upstream: false }));
    const out = join(dir, 'dry');
    const { agent, running: started, port } = await startRun(file, out);
    let exited = false;
    const running = started.finally(() => (exited = true));
    const state = (): Promise<Map<string, Group>> => dryRunGroups(out);
    const changes = async (): Promise<string[]> =>
      (await readdir(join(out, 'changes')).catch(() => [] as string[]))
        .filter((n) => n.endsWith('.junos-set.txt'))
        .sort();
    /** Every change committed after the first `count` ones (at least one), as one text. */
    const changeAfter = async (count: number): Promise<string> => {
      const names = await eventually(async () => ((await changes()).length > count ? await changes() : undefined), {
        what: 'a new change committed',
        intervalMs: 50,
      });
      const texts = await Promise.all(names.slice(count).map((n) => readFile(join(out, 'changes', n), 'utf8')));
      return texts.join('\n');
    };
    const setLines = (text: string): string[] => text.split('\n').filter((l) => /^(set|delete|activate) /.test(l));

    await eventually(async () => ((await changes()).length === 1 ? true : undefined), {
      what: 'the first change',
      intervalMs: 50,
    });
    const readyz = async (): Promise<{ status: number; body: string }> => {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      return { status: r.status, body: await r.text() };
    };
    await eventually(async () => ((await readyz()).status === 200 ? true : undefined), { what: 'ready' });
    const converged = await state();
    expect(converged.get('MESHRR-MESH')!.neighbors).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);

    // 1. a group added: only that group is created; the others are not touched
    await writeFile(file, config(mesh, upstream, { prefixes, upstream: true }));
    let seen = (await changes()).length;
    const added = setLines(await changeAfter(seen));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((l) => l.startsWith('set groups MESHRR protocols bgp group MESHRR-UPSTREAM'))).toBe(true);
    expect(added).toContain('set groups MESHRR protocols bgp group MESHRR-UPSTREAM neighbor 10.9.0.1');
    const afterAdd = await state();
    expect(afterAdd.get('MESHRR-MESH')).toEqual(converged.get('MESHRR-MESH'));
    expect(afterAdd.get('MESHRR-CLIENTS')).toEqual(converged.get('MESHRR-CLIENTS'));

    // 2. max_peers lowered: one neighbor of that group removed — and, as the client group admits
    // every address of its prefixes but meshed peers, that address becomes a client address
    await writeFile(file, config(mesh, upstream, { prefixes, upstream: true, maxPeers: 2 }));
    seen = (await changes()).length;
    const trimmed = setLines(await changeAfter(seen));
    const dropped = /neighbor (10\.0\.0\.[234])$/.exec(trimmed.find((l) => l.startsWith('delete')) ?? '')?.[1];
    expect(dropped, trimmed.join('\n')).toBeDefined();
    expect(trimmed.sort()).toEqual([
      `delete groups MESHRR protocols bgp group MESHRR-MESH neighbor ${dropped!}`,
      `set groups MESHRR protocols bgp group MESHRR-CLIENTS allow ${dropped!}/32`,
    ]);
    expect((await state()).get('MESHRR-UPSTREAM')).toEqual(afterAdd.get('MESHRR-UPSTREAM'));

    // 3. a prefix removed from a client group: that allow entry goes, nothing else
    await writeFile(file, config(mesh, upstream, { prefixes: ['10.0.0.0/24'], upstream: true, maxPeers: 2 }));
    seen = (await changes()).length;
    const narrowed = setLines(await changeAfter(seen));
    expect(narrowed).toEqual(['delete groups MESHRR protocols bgp group MESHRR-CLIENTS allow 10.1.0.0/24']);
    const afterEdits = await state();
    expect(afterEdits.get('MESHRR-UPSTREAM')).toEqual(afterAdd.get('MESHRR-UPSTREAM'));

    // 4. an invalid configuration: refused, reported, the running one kept, the agent keeps running
    await writeFile(file, config(mesh, upstream, { prefixes: ['10.0.0.0/24'], upstream: true, maxPeers: 0 }));
    const refused = await eventually(
      async () => {
        const r = await readyz();
        return r.body.includes('configuration reload refused') ? r : undefined;
      },
      { what: 'the refusal on /readyz' },
    );
    expect(refused.status).toBe(200);
    expect(refused.body).toContain('max_peers');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('meshrr_config_reloads_total{trigger="file-change",result="refused"} 1');
    expect(metrics).toContain('meshrr_config_last_reload_successful 0');
    expect(agent.err.join('')).toContain('configuration reload refused');
    seen = (await changes()).length;
    expect(exited).toBe(false);

    // 5. SIGHUP reloads (the file fixed by hand first, then a SIGHUP finds it unchanged): no restart
    await writeFile(file, config(mesh, upstream, { prefixes: ['10.0.0.0/24'], upstream: true, maxPeers: 2 }));
    await eventually(async () => (!(await readyz()).body.includes('refused') ? true : undefined), {
      what: 'the refusal cleared',
    });
    agent.hangup();
    await eventually(
      async () =>
        (await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).includes(
          'meshrr_config_reloads_total{trigger="sighup",result="unchanged"} 1',
        )
          ? true
          : undefined,
      { what: 'the SIGHUP reload counted' },
    );
    expect(await changes()).toHaveLength(seen);
    expect(exited).toBe(false);

    agent.terminate('SIGTERM');
    expect(await running).toBe(0);
    expect(agent.err.join('')).toContain('"msg":"stopping: graceful shutdown"');
  });
});

describe('the removal budget across an agent restart (meshrr run --state-dir, issue 11 item 4)', () => {
  it('a restarted agent on the same state directory keeps holding a mass removal; once the window has passed, it goes', async () => {
    const mesh = join(dir, 'mesh.txt');
    const file = join(dir, 'meshrr.conf.yml');
    const stateDir = join(dir, 'state');
    const out = join(dir, 'dry');
    await writeFile(mesh, '10.0.0.2\n10.0.0.3\n10.0.0.4\n10.0.0.5\n');
    const upstream = join(dir, 'upstream.txt');
    await writeFile(
      file,
      `${config(mesh, upstream, { prefixes: ['10.1.0.0/24'], upstream: false })}safety:
  max_removal_share: 0.5
  min_group_peers: 1
  vanished_hold_down_seconds: 0
`,
    );
    const meshNeighbors = async (): Promise<readonly string[]> =>
      (await dryRunGroups(out)).get('MESHRR-MESH')?.neighbors ?? [];
    /** Starts an agent on the state directory. */
    const start = async () => {
      const { agent, running, port } = await startRun(file, out, { MESHRR_STATE_DIR: stateDir });
      const readyz = async (): Promise<string> => (await fetch(`http://127.0.0.1:${port}/readyz`)).text();
      return { agent, running, readyz };
    };
    const heldNotice = (body: string): boolean => body.includes('removal(s) held by the safety guards');

    // 1. four peers configured; three vanish: the budget (floor(0.5 × 4) = 2) removes two, holds one
    const first = await start();
    await eventually(async () => ((await meshNeighbors()).length === 4 ? true : undefined), { what: 'converged' });
    await writeFile(mesh, '10.0.0.2\n');
    await eventually(
      async () => (heldNotice(await first.readyz()) && (await meshNeighbors()).length === 2 ? true : undefined),
      { what: 'two removed, one held' },
    );
    first.agent.terminate('SIGTERM');
    expect(await first.running).toBe(0);
    const saved = JSON.parse(await readFile(join(stateDir, 'safety-state.json'), 'utf8')) as {
      version: number;
      removalLedger: { removals: { peer: string; at: number }[] };
    };
    expect(saved.version).toBe(1);
    expect(saved.removalLedger.removals).toHaveLength(2);
    expect(await readdir(stateDir)).toEqual(['safety-state.json']); // no temporary file left

    // 2. a new agent on the same state directory: the removal stays held (its pass published the hold)
    const second = await start();
    await eventually(async () => (heldNotice(await second.readyz()) ? true : undefined), { what: 'held again' });
    expect(await meshNeighbors()).toHaveLength(2);
    expect(await meshNeighbors()).toContain('10.0.0.2');
    second.agent.terminate('SIGTERM');
    expect(await second.running).toBe(0);
    expect(second.agent.err.join('')).toContain('removal ledger restored');

    // 3. the window (300 s) passes: the saved times moved one window back, as the clock would move
    const window = 300_000;
    const aged = JSON.parse(await readFile(join(stateDir, 'safety-state.json'), 'utf8')) as {
      removalLedger: { removals: { at: number }[]; sizes: Record<string, { at: number }[]> };
    };
    for (const r of aged.removalLedger.removals) r.at -= window;
    for (const samples of Object.values(aged.removalLedger.sizes)) for (const sample of samples) sample.at -= window;
    await writeFile(join(stateDir, 'safety-state.json'), JSON.stringify(aged));
    const third = await start();
    await eventually(
      async () =>
        (await meshNeighbors()).join() === '10.0.0.2' && !heldNotice(await third.readyz()) ? true : undefined,
      { what: 'the held removal gone once the window passed' },
    );
    third.agent.terminate('SIGTERM');
    expect(await third.running).toBe(0);
  });
});
