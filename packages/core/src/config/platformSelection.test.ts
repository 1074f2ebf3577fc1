import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OptionsSchema } from '../api/discovery.js';
import { formatConfigIssue } from './issues.js';
import { loadConfig, type LoadConfigOptions } from './loadConfig.js';
import { platformEnvName } from './platformSelection.js';

const frrSchema = z.strictObject({
  vty_dir: z.string().default('/var/run/frr'),
  connect_retry_seconds: z.coerce.number().int().min(1).max(65535).default(5),
});
const birdSchema = z.strictObject({ control_socket: z.string().startsWith('/') });
const schemas = new Map<string, OptionsSchema<unknown>>([
  ['junos', z.strictObject({ host: z.string().default('127.0.0.1') })],
  ['frr', frrSchema],
  ['bird', birdSchema],
]);

const BASE = `asn: "65000"
bgpgroups:
  - name: MESH
    type: mesh
    source: { sourcetype: static, addresses: [10.0.0.1] }
`;

function load(text: string, env: Record<string, string> = {}, options: LoadConfigOptions = {}) {
  return loadConfig({ text, origin: 'meshrr.conf.yml' }, env, { platformSchemas: schemas, ...options });
}

function errorsOf(result: ReturnType<typeof load>): string[] {
  if (result.ok) throw new Error('expected errors, got a configuration');
  return result.errors.map(formatConfigIssue);
}

describe('platform selection', () => {
  it('is junos with its defaults when nothing selects a platform (meshrr files load unchanged)', () => {
    const result = load(BASE);
    expect(result.ok && result.config.platform).toEqual({ name: 'junos', options: { host: '127.0.0.1' } });
  });

  it('reads name and options from the platform: block and applies the schema defaults', () => {
    const result = load(`${BASE}platform:\n  name: frr\n  connect_retry_seconds: 2\n`);
    expect(result.ok && result.config.platform).toEqual({
      name: 'frr',
      options: { vty_dir: '/var/run/frr', connect_retry_seconds: 2 },
    });
  });

  it('takes options from MESHRR_<NAME>_<OPTION>, then the command line, over the file (strings coerced by the schema)', () => {
    const text = `${BASE}platform:\n  name: frr\n  vty_dir: /file\n  connect_retry_seconds: 2\n`;
    const env = { MESHRR_FRR_VTY_DIR: '/env', MESHRR_FRR_CONNECT_RETRY_SECONDS: '3' };
    const fromEnv = load(text, env);
    expect(fromEnv.ok && fromEnv.config.platform.options).toEqual({ vty_dir: '/env', connect_retry_seconds: 3 });
    const fromFlags = load(text, env, {
      platformOverrides: { options: [{ key: 'vty_dir', value: '/flag', origin: '--frr-vty-dir', platform: 'frr' }] },
    });
    expect(fromFlags.ok && fromFlags.config.platform.options).toEqual({ vty_dir: '/flag', connect_retry_seconds: 3 });
    const emptyEnv = load(text, { MESHRR_FRR_VTY_DIR: '' });
    expect(emptyEnv.ok && emptyEnv.config.platform.options).toMatchObject({ vty_dir: '/file' });
  });

  it('selects by --platform over MESHRR_PLATFORM over platform.name', () => {
    const text = `${BASE}platform:\n  name: frr\n`;
    const byEnv = load(text, { MESHRR_PLATFORM: 'junos' });
    expect(byEnv.ok && byEnv.config.platform.name).toBe('junos');
    expect(byEnv.ok && byEnv.warnings.map(formatConfigIssue)).toEqual([
      'meshrr.conf.yml:7:9: platform.name: names platform frr, but MESHRR_PLATFORM selects junos; the file is overridden (found "frr")',
    ]);
    const byFlag = load(text, { MESHRR_PLATFORM: 'junos' }, { platformOverrides: { name: 'bird' } });
    expect(errorsOf(byFlag)).toEqual([
      'meshrr.conf.yml:7:3: platform.control_socket: Invalid input: expected string, received undefined (set platform.control_socket in the configuration file, MESHRR_BIRD_CONTROL_SOCKET or --platform-option control_socket=…)',
    ]);
  });

  it('refuses a file whose platform options belong to another platform than the selected one', () => {
    const text = `${BASE}platform:\n  name: frr\n  vty_dir: /run/frr\n`;
    expect(errorsOf(load(text, {}, { platformOverrides: { name: 'junos' } }))).toEqual([
      'meshrr.conf.yml:7:9: platform.name: names platform frr, but --platform selects junos: the options in this block are for another platform (found "frr")',
    ]);
  });

  it('names where every bad value came from: file line and column, the variable, the flag', () => {
    const text = `${BASE}platform:\n  name: frr\n  connect_retry_seconds: 0\n  vtydir: /x\n`;
    expect(errorsOf(load(text))).toEqual([
      'meshrr.conf.yml:8:26: platform.connect_retry_seconds: Too small: expected number to be >=1 (found 0)',
      'meshrr.conf.yml:9:11: platform.vtydir: unknown option of platform frr (Unrecognized key: "vtydir") (found "/x")',
    ]);
    expect(errorsOf(load(`${BASE}platform: { name: frr }\n`, { MESHRR_FRR_CONNECT_RETRY_SECONDS: 'soon' }))).toEqual([
      '<environment>: MESHRR_FRR_CONNECT_RETRY_SECONDS: Invalid input: expected number, received NaN (found "soon")',
    ]);
    expect(errorsOf(load(`${BASE}platform: { name: frr }\n`, { MESHRR_FRR_VTYDIR: '/x' }))).toEqual([
      '<environment>: MESHRR_FRR_VTYDIR: unknown option of platform frr (Unrecognized key: "vtydir") (found "/x")',
    ]);
    const flags = {
      platformOverrides: {
        name: 'frr',
        options: [{ key: 'connect_retry_seconds', value: 70000, origin: '--frr-connect-retry', platform: 'frr' }],
      },
    };
    expect(errorsOf(load(BASE, {}, flags))).toEqual([
      '<command line>: --frr-connect-retry: Too big: expected number to be <=65535 (found 70000)',
    ]);
  });

  it('refuses an unknown platform, listing the registered ones, wherever it was named', () => {
    const allowed = 'allowed: bird, frr, junos (plugins add more: plugins:)';
    expect(errorsOf(load(`${BASE}platform:\n  name: eos\n`))).toEqual([
      `meshrr.conf.yml:7:9: platform.name: unknown platform (found "eos"; ${allowed})`,
    ]);
    expect(errorsOf(load(BASE, { MESHRR_PLATFORM: 'eos' }))).toEqual([
      `<environment>: MESHRR_PLATFORM: unknown platform (found "eos"; ${allowed})`,
    ]);
    expect(errorsOf(load(BASE, {}, { platformOverrides: { name: 'Not A Name' } }))).toEqual([
      '<command line>: --platform: must be a platform name (kebab-case: junos, frr, bird, …) (found "Not A Name")',
    ]);
    expect(errorsOf(load(`${BASE}platform: frr\n`))).toEqual([
      'meshrr.conf.yml:6:11: platform: must be a mapping (name and the platform options) (found "frr")',
    ]);
  });

  it('warns about an alias flag of another platform and ignores it', () => {
    const result = load(
      BASE,
      {},
      {
        platformOverrides: { options: [{ key: 'vty_dir', value: '/x', origin: '--frr-vty-dir', platform: 'frr' }] },
      },
    );
    expect(result.ok && result.config.platform).toEqual({ name: 'junos', options: { host: '127.0.0.1' } });
    expect(result.ok && result.warnings.map(formatConfigIssue)).toEqual([
      '<command line>: --frr-vty-dir: applies to platform frr, but the agent runs junos: ignored',
    ]);
  });

  it('merges without validating when no platform schemas are given (the first load, before plugins)', () => {
    const result = loadConfig({ text: `${BASE}platform:\n  name: bird\n  anything: 1\n`, origin: 'f.yml' }, {});
    expect(result.ok && result.config.platform).toEqual({ name: 'bird', options: { anything: 1 } });
  });

  it('names environment variables MESHRR_<PLATFORM>_<OPTION> in upper case, dashes as underscores', () => {
    expect(platformEnvName('frr', 'vty_dir')).toBe('MESHRR_FRR_VTY_DIR');
    expect(platformEnvName('my-daemon', 'socket')).toBe('MESHRR_MY_DAEMON_SOCKET');
  });
});

describe('platform options and command-line environment fallbacks', () => {
  it('leaves the variables of flags (MESHRR_FRR_CONFIG of --frr-config) to the command line', () => {
    const result = load(
      `${BASE}platform: { name: frr }\n`,
      { MESHRR_FRR_CONFIG: '/etc/frr/frr.conf' },
      {
        platformOverrides: { flagVariables: ['MESHRR_FRR_CONFIG'] },
      },
    );
    expect(result.ok && result.config.platform.options).toEqual({ vty_dir: '/var/run/frr', connect_retry_seconds: 5 });
    expect(errorsOf(load(`${BASE}platform: { name: frr }\n`, { MESHRR_FRR_CONFIG: '/x' }))).toEqual([
      '<environment>: MESHRR_FRR_CONFIG: unknown option of platform frr (Unrecognized key: "config") (found "/x")',
    ]);
  });

  it('names the variable of a flag whose value came from its environment fallback', () => {
    const override = {
      key: 'connect_retry_seconds',
      value: 0,
      origin: 'MESHRR_FRR_CONNECT_RETRY',
      platform: 'frr',
      fromEnvironment: true,
    };
    expect(
      errorsOf(load(`${BASE}platform: { name: frr }\n`, {}, { platformOverrides: { options: [override] } })),
    ).toEqual(['<environment>: MESHRR_FRR_CONNECT_RETRY: Too small: expected number to be >=1 (found 0)']);
  });
});
