import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { CommandIo } from './io.js';
import { runCli } from './program.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshrr-conv-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function ioFor(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { env, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

const CONFIG = (peers: string): string => `asn: "65000"
bgpgroups:
- name: MESHRR-MESH
  type: mesh
  source:
    sourcetype: static
    file: ${peers}
- name: MESHRR-CLIENTS
  type: subtractive
  prefixes:
  - 10.0.0.0/24
`;

async function writeConfig(): Promise<string> {
  await writeFile(join(dir, 'peers.txt'), '10.0.0.2\n10.0.0.3\n');
  await writeFile(join(dir, 'meshrr.conf.yml'), CONFIG(join(dir, 'peers.txt')));
  return join(dir, 'meshrr.conf.yml');
}

describe('-o, --output is the output format everywhere (text, json, yaml)', () => {
  it.each([
    ['validate', []],
    ['discover', []],
    ['version', []],
    ['render', []],
  ] as const)('%s: json and yaml carry the same object', async (command, extra) => {
    const config = await writeConfig();
    const env = { POD_IP: '10.0.0.1', LICENSE_KEY: 'LIC' };
    const args = command === 'version' ? [command] : [command, '--config', config, ...extra];
    if (command === 'render') await writeFile(join(dir, 'key'), ''); // no .pub: a throw-away key is used
    const json = ioFor(env);
    expect(await runCli([...args, '-o', 'json'], json.io)).toBe(0);
    const yaml = ioFor(env);
    expect(await runCli([...args, '--output', 'yaml'], yaml.io)).toBe(0);
    const fromJson = JSON.parse(json.out()) as Record<string, unknown>;
    const fromYaml = parseYaml(yaml.out()) as Record<string, unknown>;
    if (command === 'render') {
      // the throw-away SSH key differs between the two runs
      expect(Object.keys(fromYaml).sort()).toEqual(Object.keys(fromJson).sort());
      expect(fromJson['config']).toContain('router-id 10.0.0.1;');
    } else expect(fromYaml).toEqual(fromJson);
  });

  it('discover -o yaml lists what every source sees', async () => {
    const config = await writeConfig();
    const a = ioFor({ POD_IP: '10.0.0.1' });
    expect(await runCli(['discover', '-c', config, '-o', 'yaml'], a.io)).toBe(0);
    expect(parseYaml(a.out())).toMatchObject({
      groups: [{ group: 'MESHRR-MESH', sourcetype: 'static', healthy: true, addresses: ['10.0.0.2', '10.0.0.3'] }],
    });
  });

  it('init -o json reports what it did on standard output; files are --out', async () => {
    const config = await writeConfig();
    const a = ioFor({ POD_IP: '10.0.0.1', LICENSE_KEY: 'LIC' });
    const argv = ['init', '-c', config, '--out', join(dir, 'juniper.conf'), '--ssh-key', join(dir, 'id_ed25519')];
    expect(await runCli([...argv, '-o', 'json'], a.io)).toBe(0);
    expect(JSON.parse(a.out())).toMatchObject({
      sshKey: { path: join(dir, 'id_ed25519'), generated: true },
      config: { path: join(dir, 'juniper.conf'), action: 'written', engine: 'eta' },
    });
    const b = ioFor({ POD_IP: '10.0.0.9', LICENSE_KEY: 'LIC' });
    expect(await runCli([...argv, '-o', 'yaml'], b.io)).toBe(0);
    expect(parseYaml(b.out())).toMatchObject({ sshKey: { generated: false }, config: { action: 'updated' } });
  });

  it('an output format a command does not offer, or a file name given to -o, is a usage error (exit 2)', async () => {
    const a = ioFor();
    expect(await runCli(['validate', '-o', 'xml'], a.io)).toBe(2);
    expect(a.err()).toContain("argument 'xml' is invalid. Allowed choices are text, json, yaml.");
    const b = ioFor({ POD_IP: '10.0.0.1', LICENSE_KEY: 'LIC' });
    expect(await runCli(['init', '-o', '/config/juniper.conf'], b.io)).toBe(2);
  });
});

describe('environment fallbacks MESHRR_<FLAG>', () => {
  it('a flag falls back to its variable; the command line wins over the environment', async () => {
    const config = await writeConfig();
    const a = ioFor({ MESHRR_CONFIG: config });
    expect(await runCli(['validate', '-o', 'json'], a.io)).toBe(0);
    expect(JSON.parse(a.out())).toMatchObject({ valid: true, config });
    await writeFile(join(dir, 'bad.yml'), 'asn: "0"\nbgpgroups: []\n');
    const b = ioFor({ MESHRR_CONFIG: join(dir, 'bad.yml') });
    expect(await runCli(['validate', '-o', 'json', '--config', config], b.io)).toBe(0);
    const c = ioFor({ MESHRR_CONFIG: join(dir, 'bad.yml') });
    expect(await runCli(['validate'], c.io)).toBe(1);
  });

  it('a bad value from the environment is the same usage error as on the command line, naming the variable', async () => {
    const a = ioFor({ POD_IP: '10.0.0.1', MESHRR_HTTP_PORT: '70000' });
    expect(await runCli(['run', '--platform', 'frr'], a.io)).toBe(2);
    expect(a.err()).toContain(
      "option '--http-port <port>' value '70000' from env 'MESHRR_HTTP_PORT' is invalid. must be an integer from 0 to 65535",
    );
    const b = ioFor({ MESHRR_LOG_LEVEL: 'loud' });
    expect(await runCli(['discover'], b.io)).toBe(2);
    expect(b.err()).toContain("from env 'MESHRR_LOG_LEVEL' is invalid. Allowed choices are");
  });

  it('--output, --out and --wait have no variable (per-invocation choices)', async () => {
    const config = await writeConfig();
    const a = ioFor({ MESHRR_OUTPUT: 'json' });
    expect(await runCli(['validate', '-c', config], a.io)).toBe(0);
    expect(a.out()).toContain(': valid');
  });

  it('--help shows every variable next to its flag', async () => {
    const a = ioFor();
    expect(await runCli(['run', '--help'], a.io)).toBe(0);
    const help = a.out().replace(/\s+/g, ' ');
    for (const name of [
      'MESHRR_CONFIG',
      'MESHRR_HTTP_PORT',
      'MESHRR_HTTP_HOST',
      'MESHRR_DRAIN_SECONDS',
      'MESHRR_PLATFORM',
    ])
      expect(help).toMatch(new RegExp(`[(,] ?env: ${name}\\)`));
  });
});

describe('the two state directories: MESHRR_STATE_DIR (run) and MESHRR_LAB_STATE_DIR (lab)', () => {
  it('lab commands take their state directory from MESHRR_LAB_STATE_DIR, never from MESHRR_STATE_DIR', async () => {
    const labDir = join(dir, 'lab-state');
    const a = ioFor({ MESHRR_LAB_STATE_DIR: labDir });
    expect(await runCli(['lab', 'status'], a.io)).toBe(1);
    expect(a.err()).toContain(`no lab in ${labDir}`);
    // the agent's safety state (run --state-dir, mounted in every Kubernetes example) is not a lab
    const ledgerDir = join(dir, 'agent-ledger');
    const b = ioFor({ MESHRR_STATE_DIR: ledgerDir, MESHRR_LAB_STATE_DIR: labDir });
    expect(await runCli(['lab', 'status'], b.io)).toBe(1);
    expect(b.err()).toContain(`no lab in ${labDir}`);
    expect(`${b.out()}${b.err()}`).not.toContain(ledgerDir);
  });

  it('--help names each variable beside its own --state-dir', async () => {
    const run = ioFor();
    expect(await runCli(['run', '--help'], run.io)).toBe(0);
    expect(run.out().replace(/\s+/g, ' ')).toMatch(/--state-dir <dir> .*[(,] ?env: MESHRR_STATE_DIR\)/);
    for (const command of ['up', 'down', 'status']) {
      const lab = ioFor();
      expect(await runCli(['lab', command, '--help'], lab.io)).toBe(0);
      const help = lab.out().replace(/\s+/g, ' ');
      expect(help).toMatch(/[(,] ?env: MESHRR_LAB_STATE_DIR\)/);
      expect(help).not.toContain('MESHRR_STATE_DIR');
    }
  });
});

describe('meshrr --help', () => {
  it('describes output formats, environment variables and every exit code', async () => {
    const a = ioFor();
    expect(await runCli(['--help'], a.io)).toBe(0);
    const help = a.out();
    expect(help).toContain('Output formats (-o, --output <format>)');
    expect(help).toContain('MESHRR_<FLAG>');
    for (const code of [0, 1, 2, 3, 4]) expect(help).toMatch(new RegExp(`^ {2}${code} {2}\\S`, 'm'));
  });
});

describe('meshrr completion', () => {
  const hasShell = (shell: string): boolean => {
    try {
      execFileSync(shell, ['-c', 'true']);
      return true;
    } catch {
      return false;
    }
  };

  async function script(shell: 'bash' | 'zsh' | 'fish'): Promise<string> {
    const a = ioFor();
    expect(await runCli(['completion', shell], a.io)).toBe(0);
    const file = join(dir, `meshrr.${shell}`);
    await writeFile(file, a.out());
    return file;
  }

  /** The candidates the script offers after `meshrr <words…>` with `current` being typed. */
  function candidates(
    shell: 'bash' | 'zsh' | 'fish',
    file: string,
    words: readonly string[],
    current: string,
  ): string[] {
    const quoted = [...words, current].map((w) => `'${w}'`).join(' ');
    const out = execFileSync(shell, ['-c', `source ${file}; __meshrr_candidates ${quoted}`], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean);
  }

  const CASES: Array<[string[], string, (got: string[]) => void]> = [
    [
      [],
      '',
      (got) => expect(got).toEqual(expect.arrayContaining(['init', 'sidecar', 'run', 'plan', 'lab', 'completion'])),
    ],
    [['plan'], '-', (got) => expect(got).toEqual(expect.arrayContaining(['-o', '--output', '--config', '--timeout']))],
    [['plan', '-o'], '', (got) => expect(got).toEqual(['text', 'json', 'yaml'])],
    [['--help', 'plan', '--config', 'x.yml', '--output'], 'y', (got) => expect(got).toEqual(['text', 'json', 'yaml'])],
    [['plan', '--config'], '', (got) => expect(got).toEqual(['__FILE__'])],
    [['sidecar', '--dry-run'], '', (got) => expect(got).toEqual(['__DIR__'])],
    // any name: junos and frr are built in, plugins register more platforms
    [['sidecar', '--platform'], '', (got) => expect(got).toEqual([])],
    [
      ['lab'],
      '',
      (got) =>
        expect(got).toEqual(
          expect.arrayContaining(['up', 'down', 'status', 'replace', 'scale', 'restart-agent', 'crash']),
        ),
    ],
    [['lab', 'up'], '', (got) => expect(got).toEqual(['__FILE__'])],
    [['lab', 'status', '-o'], '', (got) => expect(got).toEqual(expect.arrayContaining(['text', 'json', 'yaml']))],
    [['completion'], '', (got) => expect(got).toEqual(['bash', 'zsh', 'fish'])],
  ];

  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    it.runIf(hasShell(shell) || process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1')(
      `${shell}: commands, flags, formats, choices and paths where each is expected`,
      async () => {
        const file = await script(shell);
        for (const [words, current, check] of CASES) check(candidates(shell, file, words, current));
      },
    );
  }

  it.runIf(hasShell('bash'))('bash: the completion function fills COMPREPLY filtered by the word typed', async () => {
    const file = await script('bash');
    const out = execFileSync(
      'bash',
      [
        '-c',
        `source ${file}; COMP_WORDS=(meshrr plan -o j); COMP_CWORD=3; _meshrr; printf '%s\\n' "\${COMPREPLY[@]}"; complete -p meshrr`,
      ],
      { encoding: 'utf8' },
    );
    expect(out.split('\n')).toEqual(['json', 'complete -o filenames -F _meshrr meshrr', '']);
  });
});
