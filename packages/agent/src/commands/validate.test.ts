import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIo } from '../cli/io.js';
import { runCli } from '../cli/program.js';

/** Issue 11 item 9: validate executes no code it was not asked to run. */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshrr-validate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture(): { io: CommandIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { env: {}, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const config = (plugins: string[], sourcetype: string, options = ''): string => `asn: 65000
bgpgroups:
  - name: rr
    type: mesh
    source:
      sourcetype: ${sourcetype}${options}
plugins:
${plugins.map((p) => `  - ${p}`).join('\n')}
`;

describe('meshrr validate and plugins', () => {
  it('does not import the plugins a configuration names; says their options were not checked and how to check them', async () => {
    const file = join(dir, 'm.yml');
    await writeFile(file, config(['meshrr-test-plugin-that-is-not-installed'], 'netbox'));
    const c = capture();
    expect(await runCli(['validate', '--config', file], c.io)).toBe(0);
    expect(c.out()).toContain(
      `warning: ${file}:6:19: bgpgroups[0].source.sourcetype: options of sourcetype netbox not checked: it is not built in, so it must come from a plugin (meshrr-test-plugin-that-is-not-installed), and validate does not import plugins because that runs their code; run meshrr validate --load-plugins to import them and check it`,
    );
    expect(c.out()).toContain(`${file}: valid`);
    expect(c.err()).not.toContain('importing');
  });

  it('--load-plugins says loudly that it runs their code, and a failing plugin names the file and line that list it', async () => {
    const file = join(dir, 'm.yml');
    await writeFile(file, config(['meshrr-test-plugin-that-is-not-installed'], 'netbox'));
    const c = capture();
    expect(await runCli(['validate', '--config', file, '--load-plugins'], c.io)).toBe(1);
    expect(c.err()).toContain(
      'meshrr validate: importing plugin meshrr-test-plugin-that-is-not-installed (--load-plugins): this runs their code',
    );
    expect(c.err()).toContain(
      `${file}:8:5: plugins[0]: plugin meshrr-test-plugin-that-is-not-installed: is not installed (npm install it next to meshrr)`,
    );
  });

  it('a platform a plugin provides is reported as not checked, without importing it', async () => {
    const file = join(dir, 'm.yml');
    await writeFile(
      file,
      `${config(['meshrr-test-plugin-that-is-not-installed'], 'static', '\n      addresses: [10.0.0.1]')}platform:\n  name: bird\n`,
    );
    const c = capture();
    expect(await runCli(['validate', '--config', file], c.io)).toBe(0);
    expect(c.out()).toContain('warning: platform bird: its options and initial configuration not checked');
    expect(c.err()).not.toContain('importing');
  });

  it('--load-plugins checks a real plugin’s options', async () => {
    const file = join(dir, 'm.yml');
    await writeFile(file, config(['meshrr-discovery-http-json'], 'http-json', '\n      bogus_key: 1'));
    const c = capture();
    expect(await runCli(['validate', '--config', file, '--load-plugins'], c.io)).toBe(1);
    expect(c.out()).toMatch(/bgpgroups\[0\]\.source/);
    const quiet = capture();
    expect(await runCli(['validate', '--config', file], quiet.io)).toBe(0);
  });

  it.each(['fs', 'node:child_process', 'child_process'])(
    'a Node.js built-in (%s) is refused as a plugin at its file and line, never imported',
    async (builtin) => {
      const file = join(dir, 'm.yml');
      await writeFile(file, config([builtin], 'static', '\n      addresses: [10.0.0.1]'));
      for (const flags of [[], ['--load-plugins']]) {
        const c = capture();
        expect(await runCli(['validate', '--config', file, ...flags], c.io)).toBe(1);
        expect(c.out()).toContain(
          `${file}:9:5: plugins[0]: is a Node.js built-in module, never a meshrr plugin (found "${builtin}"; allowed: the npm package name of a meshrr plugin`,
        );
        expect(c.err()).not.toContain('importing');
      }
    },
  );
});
