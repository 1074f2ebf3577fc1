import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIo } from '../cli/io.js';
import type { PlatformOverrides } from '@meshrr/core';
import { runInit, type InitOptions } from './init.js';

/** `meshrr init` as the CLI calls it: `--ssh-key` is the alias of the junos option ssh_key. */
function init(opts: InitOptions & { sshKey: string }, cliIo: CommandIo): ReturnType<typeof runInit> {
  const { sshKey, ...rest } = opts;
  const overrides: PlatformOverrides = {
    options: [{ key: 'ssh_key', value: sshKey, origin: '--ssh-key', platform: 'junos' }],
  };
  return runInit(rest, overrides, cliIo);
}

/** Upstream meshrr's EVPN route-server template, as shipped (render-junos's fixture). */
const UPSTREAM_EVPNRS = fileURLToPath(
  new URL(
    '../../../render-junos/src/__fixtures__/meshrr-upstream/meshrr/defaults/juniper-evpnrs.conf.j2',
    import.meta.url,
  ),
);

let dir: string;
let err: string[];
const io = (env: Record<string, string>): CommandIo => ({
  env,
  stdout: () => undefined,
  stderr: (t) => void err.push(t),
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshrr-init-'));
  err = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CONFIG = `encrypted_root_pw: NOLOGIN
asn: "65000"
mode: ipv4rr
bgpgroups:
- name: MESHRR-MESH
  type: mesh
  source:
    sourcetype: dns
    hostname: meshrr-core
- name: MESHRR-CLIENTS
  type: subtractive
  prefixes:
  - 10.42.0.0/16
`;

describe('meshrr init', () => {
  it('renders the default ipv4rr template with POD_IP, the licence and the generated key (meshrr run.sh init steps 3–5)', async () => {
    await writeFile(join(dir, 'meshrr.conf.yml'), CONFIG);
    const opts = {
      config: join(dir, 'meshrr.conf.yml'),
      out: join(dir, 'juniper.conf'),
      sshKey: join(dir, 'ssh', 'id_ed25519'),
      template: join(dir, 'absent.j2'),
    };
    await expect(init(opts, io({ POD_IP: '10.42.0.7', LICENSE_KEY: 'LIC-KEY-1' }))).rejects.toThrow(
      `template ${join(dir, 'absent.j2')} does not exist`,
    );
    const { template: _unused, ...withoutTemplate } = opts;
    await init(withoutTemplate, io({ POD_IP: '10.42.0.7', LICENSE_KEY: 'LIC-KEY-1' }));
    const conf = await readFile(opts.out, 'utf8');
    const pub = (await readFile(`${opts.sshKey}.pub`, 'utf8')).trim();
    expect(conf).toContain('router-id 10.42.0.7;');
    expect(conf).toContain('cluster 10.42.0.7;');
    expect(conf).toContain('LIC-KEY-1');
    expect(conf).toContain(pub);
    expect(conf).toContain('group MESHRR-CLIENTS');
    expect(conf).not.toMatch(/allow \[\s*\]/);
    expect((await stat(opts.out)).mode & 0o777).toBe(0o600);
    expect(err.join('')).toContain('generated SSH key');
  });

  it('reuses an existing juniper.conf and key, updating only the router identity (meshrr run.sh init step 1, B17, B18)', async () => {
    await writeFile(join(dir, 'meshrr.conf.yml'), CONFIG);
    const opts = {
      config: join(dir, 'meshrr.conf.yml'),
      out: join(dir, 'juniper.conf'),
      sshKey: join(dir, 'id_ed25519'),
    };
    await init(opts, io({ POD_IP: '10.42.0.7', LICENSE_KEY: 'LIC-KEY-1' }));
    const key = await readFile(opts.sshKey, 'utf8');
    await init(opts, io({ POD_IP: '10.42.0.9', LICENSE_KEY: 'LIC-KEY-1' }));
    const conf = await readFile(opts.out, 'utf8');
    expect(conf).toContain('router-id 10.42.0.9;');
    expect(conf).toContain('cluster 10.42.0.9;');
    expect(conf).not.toContain('10.42.0.7');
    expect(await readFile(opts.sshKey, 'utf8')).toBe(key);
    expect(err.join('')).toContain('kept existing SSH key');
  });

  it('adds a group the configuration gained to an existing juniper.conf, complete, leaving everything else as it was', async () => {
    await writeFile(join(dir, 'meshrr.conf.yml'), CONFIG);
    const opts = { config: join(dir, 'meshrr.conf.yml'), out: join(dir, 'juniper.conf'), sshKey: join(dir, 'id') };
    const env = { POD_IP: '10.42.0.7', LICENSE_KEY: 'LIC-KEY-1' };
    await init(opts, io(env));
    const before = await readFile(opts.out, 'utf8');
    await writeFile(join(dir, 'md5.key'), 'k3y!Secret\n');
    await writeFile(
      join(dir, 'meshrr.conf.yml'),
      `${CONFIG}- name: MESHRR-RS\n  type: subtractive\n  prefixes:\n  - 192.0.2.0/24\n  asranges:\n  - 65001-65100\n  authentication:\n    key_file: ${join(dir, 'md5.key')}\n`,
    );
    await init(opts, io(env));
    const after = await readFile(opts.out, 'utf8');
    const start = after.indexOf('                group MESHRR-RS {');
    expect(start).toBeGreaterThan(0);
    const end = after.indexOf('\n                }\n', start) + '\n                }\n'.length;
    // removing the added group gives back the file as it was, byte for byte
    expect(after.slice(0, start) + after.slice(end)).toBe(before);
    const group = after.slice(start, end);
    for (const statement of [
      'type external;',
      'multihop {',
      'ttl 10;',
      'no-nexthop-change;',
      'authentication-key "k3y!Secret";',
    ])
      expect(group).toContain(statement);
    expect(err.join('')).toContain('added group MESHRR-RS');
    // the key is read from its file: a missing one stops init with the field named
    await rm(join(dir, 'md5.key'));
    await expect(init(opts, io(env))).rejects.toThrow(/bgpgroups\[2\]\.authentication\.key_file/);
  });

  it('uses a mounted Jinja2 template, and refuses to run without POD_IP or LICENSE_KEY', async () => {
    await writeFile(join(dir, 'meshrr.conf.yml'), CONFIG);
    const template = `system {\n    login {\n        user meshrr {\n            uid 100;\n            class super-user;\n            authentication {\n                ssh-ed25519 "KEY"; ## SECRET-DATA\n            }\n        }\n    }\n}\nrouting-options {\n    router-id {{ POD_IP }};\n    autonomous-system {{ asn }};\n}\n`;
    await writeFile(join(dir, 'juniper.conf.j2'), template);
    const opts = {
      config: join(dir, 'meshrr.conf.yml'),
      out: join(dir, 'juniper.conf'),
      sshKey: join(dir, 'id'),
      template: join(dir, 'juniper.conf.j2'),
    };
    await expect(init(opts, io({ LICENSE_KEY: 'x' }))).rejects.toThrow(/POD_IP/);
    await expect(init(opts, io({ POD_IP: '10.0.0.1' }))).rejects.toThrow('LICENSE_KEY is not set');
    await init(opts, io({ POD_IP: '10.0.0.1', LICENSE_KEY: 'x' }));
    const conf = await readFile(opts.out, 'utf8');
    expect(conf).toContain('router-id 10.0.0.1;');
    expect(conf).toContain('autonomous-system 65000;');
    expect(conf).toContain((await readFile(`${opts.sshKey}.pub`, 'utf8')).trim());
    expect(err.join('\n')).toContain(
      'does not define groups MESHRR-MESH, MESHRR-CLIENTS under groups MESHRR protocols bgp',
    );
  });

  it("refuses upstream's juniper-evpnrs.conf.j2 when it would write an empty as-list, writing nothing", async () => {
    await writeFile(join(dir, 'meshrr.conf.yml'), CONFIG);
    const opts = {
      config: join(dir, 'meshrr.conf.yml'),
      out: join(dir, 'juniper.conf'),
      sshKey: join(dir, 'id'),
      template: UPSTREAM_EVPNRS,
    };
    const failure = init(opts, io({ POD_IP: '10.0.0.1', LICENSE_KEY: 'x' }));
    await expect(failure).rejects.toThrow(/cRPD refuses \(an empty list/);
    await expect(failure).rejects.toThrow('empty list "[ ]" in "as-list MESHRR:MESHRR-CLIENTS members"');
    await expect(stat(opts.out)).rejects.toThrow(/ENOENT/);
  });
});
