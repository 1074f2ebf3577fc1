import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { BgpGroupConfig, MeshrrConfig } from '@meshrr/core';
import { meshGroup, subtractiveGroup, testConfig } from '@meshrr/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withSessionKeys } from './sessionKeys.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshrr-keys-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function authenticated(keyFile: string): MeshrrConfig {
  const md5 = { method: 'md5' as const, keyFile };
  return testConfig({
    groups: [
      meshGroup('MESH'),
      subtractiveGroup('CLIENTS', ['10.0.0.0/8'], { bgp: { authentication: md5 } }),
      subtractiveGroup('RS', ['192.0.2.0/24'], {
        asRanges: [{ start: 65001, end: 65001 }],
        bgp: { authentication: md5 },
      }),
    ],
  });
}

function keyOf(group: BgpGroupConfig | undefined): string | undefined {
  const auth = group?.bgp?.authentication;
  return auth === undefined || auth === false ? undefined : auth.key?.reveal();
}

describe('withSessionKeys', () => {
  it('reads each key file once into a Secret (the trailing line break dropped) that never prints', async () => {
    const file = join(dir, 'md5-key');
    await writeFile(file, 'k3y!Secret\n');
    const { config, keyFiles } = await withSessionKeys(authenticated(file));
    expect(keyFiles).toEqual([file]);
    expect(keyOf(config.groups[1])).toBe('k3y!Secret');
    expect(keyOf(config.groups[2])).toBe('k3y!Secret');
    expect(config.groups[0]).toEqual(meshGroup('MESH'));
    expect(JSON.stringify(config)).not.toContain('k3y!Secret');
    expect(inspect(config, { depth: 10 })).not.toContain('k3y!Secret');
  });

  it('refuses a missing or empty key file, naming the configuration fields and the file', async () => {
    const missing = join(dir, 'absent');
    await expect(withSessionKeys(authenticated(missing))).rejects.toThrow(
      /bgpgroups\[1\]\.authentication\.key_file.*bgpgroups\[2\]\.authentication\.key_file[\s\S]*absent/,
    );
    const empty = join(dir, 'empty');
    await writeFile(empty, '\n');
    await expect(withSessionKeys(authenticated(empty))).rejects.toThrow(`${empty}: the key file is empty`);
  });

  it('leaves a configuration without authentication as it is', async () => {
    const config = testConfig();
    expect(await withSessionKeys(config)).toEqual({ config, keyFiles: [] });
  });
});
