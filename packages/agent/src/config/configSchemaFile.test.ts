import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadConfig, type OptionsSchema } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { frrOptionsSchema } from '../platforms/frr/frrOptions.js';
import { junosOptionsSchema } from '../platforms/junos/junosOptions.js';
import { builtInSourceSchemas, configSchemaText, shippedConfigSchema } from './configSchemaFile.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const schemaFile = join(root, 'packages/core/schema/meshrr.conf.schema.json');
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(await shippedConfigSchema());
const sourceSchemas = await builtInSourceSchemas();
const platformSchemas = new Map<string, OptionsSchema<unknown>>([
  ['junos', junosOptionsSchema],
  ['frr', frrOptionsSchema],
]);

function findConfigs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return findConfigs(path);
    return name.endsWith('meshrr.conf.yml') ? [path] : [];
  });
}
const examples = findConfigs(join(root, 'examples'));

const MODELINE = /^# yaml-language-server: \$schema=(\S+)$/m;

describe('the JSON Schema of meshrr.conf.yml shipped in @meshrr/core', () => {
  it('is what `npm run gen` writes from the zod schemas (run it after changing a key or provider option)', async () => {
    expect(readFileSync(schemaFile, 'utf8'), 'schema/meshrr.conf.schema.json is stale: run `npm run gen`').toBe(
      await configSchemaText(),
    );
  });

  it('every example configuration names it for editors and is valid by it', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const file of examples) {
      const text = readFileSync(file, 'utf8');
      const target = MODELINE.exec(text)?.[1];
      expect(target, `${file} has no yaml-language-server modeline`).toBeDefined();
      expect(resolve(dirname(file), target!), file).toBe(schemaFile);
      expect(validate(parse(text)), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  const BASE = `asn: "65000"\nbgpgroups:\n- name: MESH\n  type: mesh\n  source:\n    hostname: meshrr\n`;
  const CASES: Array<[string, string, boolean]> = [
    ['minimal (sourcetype defaults to dns)', BASE, true],
    [
      'any-case type and mode',
      `${BASE}- name: C\n  type: SUBTRACTIVE\n  prefixes: [10.0.0.0/8]\nmode: RouteServer\n`,
      true,
    ],
    [
      'consul source with its options',
      `asn: 65000\nbgpgroups:\n- {name: U, type: mesh, source: {sourcetype: consul, service: bgp-rr, wait_seconds: 30}}\n`,
      true,
    ],
    [
      'kubernetes source',
      `asn: 65000\nbgpgroups:\n- {name: U, type: mesh, source: {sourcetype: kubernetes, service: meshrr}}\n`,
      true,
    ],
    ['extension blocks', `${BASE}safety: {max_removal_share: 0.3}\ncommit: {verify_seconds: 2}\n`, true],
    [
      'frr platform with its options',
      `${BASE}platform: {name: frr, vty_dir: /run/frr, connect_retry_seconds: 2}\n`,
      true,
    ],
    ['junos options without a name (junos is the default)', `${BASE}platform: {host: 10.0.0.1, port: 830}\n`, true],
    ['an frr option on junos', `${BASE}platform: {vty_dir: /run/frr}\n`, false],
    ['a platform name that is not kebab-case', `${BASE}platform: {name: My Daemon}\n`, false],
    ['unknown top-level key', `${BASE}foo: 1\n`, false],
    ['unknown group key', `asn: 1\nbgpgroups:\n- {name: M, type: mesh, source: {hostname: x}, maxpeers: 2}\n`, false],
    ['unknown group type', `asn: 1\nbgpgroups:\n- {name: M, type: ring}\n`, false],
    [
      'prefixes on a mesh group',
      `asn: 1\nbgpgroups:\n- {name: M, type: mesh, source: {hostname: x}, prefixes: [10.0.0.0/8]}\n`,
      false,
    ],
    ['unquoted asdot', `asn: 65000.1\nbgpgroups:\n- {name: M, type: mesh, source: {hostname: x}}\n`, false],
    [
      'a dns option that does not exist',
      `asn: 1\nbgpgroups:\n- {name: M, type: mesh, source: {hostname: x, ttl: 3}}\n`,
      false,
    ],
    [
      'a consul option of the wrong type',
      `asn: 1\nbgpgroups:\n- {name: M, type: mesh, source: {sourcetype: consul, service: s, wait_seconds: soon}}\n`,
      false,
    ],
    ['max_peers 0', `asn: 1\nbgpgroups:\n- {name: M, type: mesh, source: {hostname: x}, max_peers: 0}\n`, false],
    ['no groups', `asn: 1\nbgpgroups: []\n`, false],
    ['a bad group name', `asn: 1\nbgpgroups:\n- {name: "a b", type: mesh, source: {hostname: x}}\n`, false],
  ];
  it.each(CASES)('agrees with loadConfig: %s', (_name, text, valid) => {
    const loaded = loadConfig({ text, origin: 'case.yml' }, { POD_IP: '10.0.0.1' }, { sourceSchemas, platformSchemas });
    expect(loaded.ok, JSON.stringify(loaded.ok ? [] : loaded.errors)).toBe(valid);
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(valid);
  });
});
