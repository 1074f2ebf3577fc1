import { describe, expect, it } from 'vitest';
import { formatConfigIssue, loadConfig, type ConfigLoadResult } from './index.js';

const FILE = {
  text: 'asn: "65000"\nmode: ipv4rr\nbgpgroups:\n- { name: M, type: mesh, source: { hostname: m } }\n',
  origin: '/opt/meshrr/conf/meshrr.conf.yml',
};

function summary(result: ConfigLoadResult): unknown {
  if (!result.ok) return { errors: result.errors.map(formatConfigIssue) };
  const { mode, updateSeconds, asn, encryptedRootPw } = result.config;
  return { mode, updateSeconds, asn: asn.text, encryptedRootPw, warnings: result.warnings.map(formatConfigIssue) };
}

const IGNORED_AS =
  '<environment>: AUTONOMOUS_SYSTEM: is set but ignored: like meshrr, it applies only when no configuration file is given (the embedded default is used); set asn in /opt/meshrr/conf/meshrr.conf.yml instead';
const IGNORED_PW =
  '<environment>: ENCRYPTED_ROOT_PW: is set but ignored: like meshrr, it applies only when no configuration file is given (the embedded default is used); set encrypted_root_pw in /opt/meshrr/conf/meshrr.conf.yml instead';
const MODE_ALLOWED = 'allowed: ipv4rr, routereflector, evpnrs, routeserver (any case), or empty for ipv4rr';

describe('environment overrides (meshrr A4)', () => {
  const cases: {
    name: string;
    source: 'file' | 'embedded';
    env: Record<string, string | undefined>;
    expected: unknown;
  }[] = [
    {
      name: 'nothing set',
      source: 'file',
      env: {},
      expected: { mode: 'ipv4rr', updateSeconds: 30, asn: '65000', encryptedRootPw: 'NOLOGIN', warnings: [] },
    },
    {
      name: 'MESHRR_MODE=routeserver overrides mode, with a warning naming both',
      source: 'file',
      env: { MESHRR_MODE: 'routeserver' },
      expected: {
        mode: 'evpnrs',
        updateSeconds: 30,
        asn: '65000',
        encryptedRootPw: 'NOLOGIN',
        warnings: [
          '<environment>: MESHRR_MODE: overrides mode: ipv4rr of /opt/meshrr/conf/meshrr.conf.yml (MESHRR_MODE selects the template, as in meshrr); the agent runs in evpnrs mode (found "routeserver")',
        ],
      },
    },
    {
      name: 'MESHRR_MODE=RouteReflector equals the file: no warning',
      source: 'file',
      env: { MESHRR_MODE: 'RouteReflector' },
      expected: { mode: 'ipv4rr', updateSeconds: 30, asn: '65000', encryptedRootPw: 'NOLOGIN', warnings: [] },
    },
    {
      name: 'MESHRR_MODE empty means ipv4rr',
      source: 'embedded',
      env: { MESHRR_MODE: '' },
      expected: { mode: 'ipv4rr', updateSeconds: 30, asn: '65000', encryptedRootPw: 'NOLOGIN', warnings: [] },
    },
    {
      name: 'MESHRR_MODE=evpnrs on the embedded default: no warning',
      source: 'embedded',
      env: { MESHRR_MODE: 'evpnrs' },
      expected: { mode: 'evpnrs', updateSeconds: 30, asn: '65000', encryptedRootPw: 'NOLOGIN', warnings: [] },
    },
    {
      name: 'MESHRR_MODE invalid',
      source: 'file',
      env: { MESHRR_MODE: 'bgp' },
      expected: { errors: [`<environment>: MESHRR_MODE: unknown mode (found "bgp"; ${MODE_ALLOWED})`] },
    },
    {
      name: 'UPDATE_SECONDS=10',
      source: 'file',
      env: { UPDATE_SECONDS: '10' },
      expected: { mode: 'ipv4rr', updateSeconds: 10, asn: '65000', encryptedRootPw: 'NOLOGIN', warnings: [] },
    },
    {
      name: 'UPDATE_SECONDS empty = 30 (run.sh ${UPDATE_SECONDS:=30})',
      source: 'file',
      env: { UPDATE_SECONDS: '' },
      expected: { mode: 'ipv4rr', updateSeconds: 30, asn: '65000', encryptedRootPw: 'NOLOGIN', warnings: [] },
    },
    ...['0', '-5', '1.5', '30s', '086400', '86401'].map((value) => ({
      name: `UPDATE_SECONDS=${value} is refused`,
      source: 'file' as const,
      env: { UPDATE_SECONDS: value },
      expected: {
        errors: [`<environment>: UPDATE_SECONDS: must be a whole number of seconds from 1 to 86400 (found "${value}")`],
      },
    })),
    {
      name: 'AUTONOMOUS_SYSTEM and ENCRYPTED_ROOT_PW apply to the embedded default',
      source: 'embedded',
      env: { AUTONOMOUS_SYSTEM: '65000.1', ENCRYPTED_ROOT_PW: '$6$salt$hash' },
      expected: { mode: 'ipv4rr', updateSeconds: 30, asn: '65000.1', encryptedRootPw: '$6$salt$hash', warnings: [] },
    },
    {
      name: 'AUTONOMOUS_SYSTEM and ENCRYPTED_ROOT_PW are ignored with a file, with warnings saying why',
      source: 'file',
      env: { AUTONOMOUS_SYSTEM: '65001', ENCRYPTED_ROOT_PW: '$6$salt$hash' },
      expected: {
        mode: 'ipv4rr',
        updateSeconds: 30,
        asn: '65000',
        encryptedRootPw: 'NOLOGIN',
        warnings: [IGNORED_AS, IGNORED_PW],
      },
    },
    {
      name: 'empty AUTONOMOUS_SYSTEM counts as unset',
      source: 'file',
      env: { AUTONOMOUS_SYSTEM: '' },
      expected: { mode: 'ipv4rr', updateSeconds: 30, asn: '65000', encryptedRootPw: 'NOLOGIN', warnings: [] },
    },
    {
      name: 'invalid AUTONOMOUS_SYSTEM and ENCRYPTED_ROOT_PW on the embedded default (the password is not echoed)',
      source: 'embedded',
      env: { AUTONOMOUS_SYSTEM: '0.0', ENCRYPTED_ROOT_PW: 'secret value' },
      expected: {
        errors: [
          '<environment>: AUTONOMOUS_SYSTEM: must be an AS number (found "0.0"; allowed: asplain 1-4294967295, or asdot X.Y with X and Y 0-65535 (not 0.0))',
          '<environment>: ENCRYPTED_ROOT_PW: invalid encrypted password (allowed: one token of letters, digits and . / $ = + _ : * ! - (a crypt(3) hash, or NOLOGIN))',
        ],
      },
    },
  ];

  it.each(cases)('$name', ({ source, env, expected }) => {
    expect(summary(loadConfig(source === 'file' ? FILE : undefined, env))).toEqual(expected);
  });

  it('reports environment errors after the file errors, all at once', () => {
    const result = loadConfig(
      { text: 'asn: 0\nbgpgroups: [{ name: M, type: mesh, source: { hostname: m } }]\n', origin: 'f' },
      { MESHRR_MODE: 'x', UPDATE_SECONDS: 'y' },
    );
    expect(summary(result)).toEqual({
      errors: [
        'f:1:6: asn: must be an AS number (found 0; allowed: asplain 1-4294967295, or asdot X.Y with X and Y 0-65535 (not 0.0), quoted)',
        `<environment>: MESHRR_MODE: unknown mode (found "x"; ${MODE_ALLOWED})`,
        '<environment>: UPDATE_SECONDS: must be a whole number of seconds from 1 to 86400 (found "y")',
      ],
    });
  });
});
