import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixture/', import.meta.url));
const PLUGIN_SRC = join(ROOT, 'examples', 'discovery-plugin-http-json', 'src');

/** Every package a user can install: the workspace packages that are not private. */
function publicWorkspaces(): Array<{ name: string; dir: string }> {
  return ['packages', 'examples'].flatMap((parent) =>
    readdirSync(join(ROOT, parent)).flatMap((entry) => {
      const dir = join(ROOT, parent, entry);
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; private?: boolean };
        return pkg.private === true ? [] : [{ name: pkg.name, dir }];
      } catch {
        return [];
      }
    }),
  );
}

let work: string;
let tarballs: Map<string, string>;
const consumer = (): string => join(work, 'consumer');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'meshrr-consume-'));
  const packed = join(work, 'tarballs');
  mkdirSync(packed);
  const names = publicWorkspaces().map((w) => w.name);
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--pack-destination', packed, ...names.flatMap((n) => ['--workspace', n])],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  const list = JSON.parse(stdout) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
  tarballs = new Map(list.map((p) => [p.name, join(packed, p.filename.replace(/^@/, '').replace(/\//g, '-'))]));
  for (const p of list)
    filesOf.set(
      p.name,
      p.files.map((f) => f.path),
    );
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});
const filesOf = new Map<string, string[]>();

describe('the packed public packages', () => {
  it('each tarball has its README, LICENSE, compiled code with types, and says where it comes from and which Node it needs', () => {
    expect([...filesOf.keys()].sort()).toEqual(
      [
        '@meshrr/agent',
        '@meshrr/core',
        '@meshrr/discovery-consul',
        '@meshrr/discovery-dns',
        '@meshrr/discovery-k8s',
        '@meshrr/lab',
        '@meshrr/render-frr',
        '@meshrr/render-junos',
        '@meshrr/transport-frr',
        '@meshrr/transport-netconf',
        'meshrr-discovery-http-json',
        'meshrr-platform-bird',
      ].sort(),
    );
    for (const [name, files] of filesOf) {
      expect(files, name).toEqual(
        expect.arrayContaining(['README.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/index.d.ts']),
      );
      expect(
        files.filter((f) => f.endsWith('.test.js')),
        name,
      ).toEqual([]);
    }
    expect(filesOf.get('@meshrr/core')).toContain('schema/meshrr.conf.schema.json');
    for (const { dir, name } of publicWorkspaces()) {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(pkg['license'], name).toBe('MIT');
      expect(pkg['engines'], name).toEqual({ node: '>=24' });
      expect(pkg['repository'], name).toMatchObject({ type: 'git' });
    }
  });
});

describe('an empty project consuming the tarballs', () => {
  let sd: Server;
  let sdUrl: string;

  beforeAll(async () => {
    const dir = consumer();
    mkdirSync(join(dir, 'plugin', 'src'), { recursive: true });
    // a third-party plugin: the http-json example's sources under another package name
    for (const file of readdirSync(PLUGIN_SRC))
      if (file.endsWith('.ts') && !file.endsWith('.test.ts'))
        cpSync(join(PLUGIN_SRC, file), join(dir, 'plugin', 'src', file));
    writeFileSync(
      join(dir, 'plugin', 'package.json'),
      JSON.stringify({
        name: 'acme-meshrr-discovery-http-json',
        version: '1.0.0',
        type: 'module',
        exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
        peerDependencies: { '@meshrr/core': '^0.1.0', inversify: '^8.2.3' },
        dependencies: { zod: '4.6.7' },
      }),
    );
    writeFileSync(
      join(dir, 'plugin', 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          experimentalDecorators: true,
          declaration: true,
          types: ['node'],
          rootDir: 'src',
          outDir: 'dist',
        },
        include: ['src'],
      }),
    );
    cpSync(join(FIXTURE, 'tool.ts'), join(dir, 'tool.ts'));
    cpSync(join(FIXTURE, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const dependencies: Record<string, string> = {
      'acme-meshrr-discovery-http-json': 'file:./plugin',
      inversify: '8.2.3',
      typescript: rootPkg.devDependencies['typescript']!,
      '@types/node': rootPkg.devDependencies['@types/node']!,
    };
    for (const [name, file] of tarballs) if (name.startsWith('@meshrr/')) dependencies[name] = `file:${file}`;
    // a platform plugin installed as published: the packed BIRD example
    dependencies['meshrr-platform-bird'] = `file:${tarballs.get('meshrr-platform-bird')!}`;
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }),
    );
    // third-party dependencies come from the npm cache first (CI filled it with npm ci)
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    });
    sd = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ targets: ['192.0.2.11', '192.0.2.12:179'], labels: {} }]));
    });
    await new Promise<void>((resolve) => sd.listen(0, '127.0.0.1', resolve));
    sdUrl = `http://127.0.0.1:${(sd.address() as { port: number }).port}/sd`;
  });
  afterAll(async () => {
    await new Promise((resolve) => sd.close(resolve));
  });

  it('compiles a custom tool against @meshrr/core (strict, NodeNext, @types/node) and runs it', async () => {
    const dir = consumer();
    await run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: dir });
    writeFileSync(
      join(dir, 'meshrr.conf.yml'),
      'asn: "65000"\nbgpgroups:\n- {name: MESH, type: mesh, source: {hostname: meshrr}}\n- {name: CLIENTS, type: subtractive, prefixes: [10.0.0.0/24]}\n',
    );
    const { stdout } = await run('node', ['dist/tool.js', 'meshrr.conf.yml'], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({
      groups: ['MESH:mesh', 'CLIENTS:subtractive'],
      allow: ['10.0.0.0/31', '10.0.0.3/32', '10.0.0.4/30'],
      schemaTitle: 'meshrr.conf.yml',
    });
  });

  it('compiles a third-party plugin against the installed @meshrr/core, and the installed agent loads and runs it', async () => {
    const dir = consumer();
    await run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'plugin/tsconfig.json'], { cwd: dir });
    writeFileSync(
      join(dir, 'plugin.conf.yml'),
      `asn: "65000"\nplugins: [acme-meshrr-discovery-http-json]\nbgpgroups:\n- name: UPSTREAM\n  type: mesh\n  source: {sourcetype: http-json, url: "${sdUrl}"}\n`,
    );
    const agent = join(dir, 'node_modules', '@meshrr', 'agent', 'dist', 'main.js');
    const { stdout } = await run(
      'node',
      [agent, 'discover', '-c', 'plugin.conf.yml', '-o', 'json', '--timeout', '30'],
      {
        cwd: dir,
        env: { ...process.env, POD_IP: '10.0.0.1' },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      groups: [{ group: 'UPSTREAM', sourcetype: 'http-json', healthy: true, addresses: ['192.0.2.11', '192.0.2.12'] }],
    });
    const version = await run('node', [agent, 'version', '-o', 'json'], { cwd: dir });
    expect(JSON.parse(version.stdout)).toMatchObject({ meshrr: '0.1.0' });
  });

  it('loads a platform plugin from plugins: and drives it with --platform bird: plan --dry-run shows BIRD configuration', async () => {
    const dir = consumer();
    writeFileSync(
      join(dir, 'bird.conf.yml'),
      'asn: "65000"\nplugins: [meshrr-platform-bird]\nbgpgroups:\n- {name: MESH, type: mesh, source: {sourcetype: static, addresses: [10.0.0.2]}}\n- {name: CLIENTS, type: subtractive, prefixes: [10.0.0.0/24]}\n',
    );
    const agent = join(dir, 'node_modules', '@meshrr', 'agent', 'dist', 'main.js');
    const env = { ...process.env, POD_IP: '10.0.0.1' };
    const plan = await run(
      'node',
      [agent, 'plan', '-c', 'bird.conf.yml', '--platform', 'bird', '--dry-run', join(dir, 'dry')],
      {
        cwd: dir,
        env,
      },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(plan).toMatchObject({ code: 3 }); // changes pending
    expect(plan.stdout).toContain('change (bird-conf):');
    expect(plan.stdout).toContain("protocol bgp 'MESH:10.0.0.2' from meshrr_session {");
    expect(plan.stdout).toContain('neighbor range 10.0.0.0/31 internal;');
    const render = await run('node', [agent, 'render', '-c', 'bird.conf.yml', '--platform', 'bird'], { cwd: dir, env });
    expect(render.stdout).toContain('router id 10.0.0.1;');
    const bad = await run(
      'node',
      [
        agent,
        'validate',
        '--load-plugins', // validate imports (runs) plugins only when asked
        '-c',
        'bird.conf.yml',
        '--platform',
        'bird',
        '--platform-option',
        'hold_time_seconds=1',
      ],
      {
        cwd: dir,
        env,
      },
    ).catch((error: { code: number; stdout: string }) => error);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stdout: string }).stdout).toContain(
      '<command line>: --platform-option hold_time_seconds: must be 0 or 3–65535',
    );
  });
});
