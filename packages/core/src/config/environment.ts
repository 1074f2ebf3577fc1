import { pushAll } from '../collections/bulk.js';
import type { AsNumber, MeshrrMode } from '../api/config.js';
import { parseAsNumber } from './asNumber.js';
import { ROOT_PW_PATTERN, ROOT_PW_RULE } from './grammars.js';
import type { ConfigIssue } from './issues.js';
import { MODE_ALIASES } from './schema/fileSchema.js';

/** The `file` of issues about environment variables. */
export const ENVIRONMENT_ORIGIN = '<environment>';

/** Environment variables as the agent passes them in (core never reads `process.env`). */
export type MeshrrEnvironment = Readonly<Record<string, string | undefined>>;

/** meshrr's `UPDATE_SECONDS` default. */
export const DEFAULT_UPDATE_SECONDS = 30;
/** The largest `UPDATE_SECONDS` accepted (one day). */
const MAX_UPDATE_SECONDS = 86_400;

/** Values the environment overrides, each present only when its variable applies. */
export interface EnvironmentOverrides {
  readonly mode?: MeshrrMode;
  readonly updateSeconds: number;
  readonly asn?: AsNumber;
  readonly encryptedRootPw?: string;
}

function envIssue(variable: string, message: string, value: string, allowed?: string): ConfigIssue {
  const issue = { file: ENVIRONMENT_ORIGIN, path: variable, message, found: JSON.stringify(value) };
  return allowed === undefined ? issue : { ...issue, allowed };
}

function ignoredWarning(variable: string, key: string, origin: string): ConfigIssue {
  return {
    file: ENVIRONMENT_ORIGIN,
    path: variable,
    message: `is set but ignored: like meshrr, it applies only when no configuration file is given (the embedded default is used); set ${key} in ${origin} instead`,
  };
}

function readMode(value: string | undefined): { mode?: MeshrrMode; issue?: ConfigIssue } {
  if (value === undefined) return {};
  if (value === '') return { mode: 'ipv4rr' };
  const mode = MODE_ALIASES[value.toLowerCase()];
  if (mode !== undefined && Object.hasOwn(MODE_ALIASES, value.toLowerCase())) return { mode };
  return {
    issue: envIssue(
      'MESHRR_MODE',
      'unknown mode',
      value,
      `${Object.keys(MODE_ALIASES).join(', ')} (any case), or empty for ipv4rr`,
    ),
  };
}

function readUpdateSeconds(value: string | undefined): { seconds: number; issue?: ConfigIssue } {
  if (value === undefined || value === '') return { seconds: DEFAULT_UPDATE_SECONDS };
  const seconds = /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : Number.NaN;
  if (seconds >= 1 && seconds <= MAX_UPDATE_SECONDS) return { seconds };
  return {
    seconds: DEFAULT_UPDATE_SECONDS,
    issue: envIssue('UPDATE_SECONDS', `must be a whole number of seconds from 1 to ${MAX_UPDATE_SECONDS}`, value),
  };
}

/**
 * meshrr v0.1 variables (read by v0.1's runit scripts, ignored since v0.2's `meshrr.conf.yml`)
 * and what replaces each one.
 */
export const LEGACY_VARIABLES: Readonly<Record<string, string>> = {
  MESH_SERVICE_NAME: 'a group of type mesh with source.hostname: <service> in meshrr.conf.yml',
  UPSTREAM_SERVICE_NAME: 'a group of type mesh with source.hostname: <service> and max_peers: 2',
  KUBE_NAMESPACE: 'a fully qualified source.hostname (<service>.<namespace>.svc.cluster.local)',
  SERVICE_ROOT_DOMAIN: 'a fully qualified source.hostname (<service>.<namespace>.<domain>)',
  MESHRR_CLIENTRANGE: 'prefixes of a group of type subtractive',
  MESHRR_ASRANGE: 'asranges of a subtractive group (a route-server group)',
  MESHRR_FAMILY_INET: 'families: [ipv4-unicast] (top level or per group)',
  MESHRR_FAMILY_EVPN: 'families: [l2vpn-evpn] (top level or per group)',
};

/** One warning per meshrr v0.1 variable that is set, naming its replacement. */
export function legacyWarnings(env: MeshrrEnvironment): ConfigIssue[] {
  return Object.entries(LEGACY_VARIABLES)
    .filter(([variable]) => env[variable] !== undefined && env[variable] !== '')
    .map(([variable, replacement]) => ({
      file: ENVIRONMENT_ORIGIN,
      path: variable,
      message: `is a meshrr v0.1 variable and is ignored since v0.2; use ${replacement}`,
    }));
}

/**
 * Reads meshrr's environment variables (A4):
 * - `MESHRR_MODE` overrides `mode` (`''` = ipv4rr; aliases as for `mode`, any case);
 * - `UPDATE_SECONDS` (unset or `''` = 30, else 1–86400);
 * - `AUTONOMOUS_SYSTEM` and `ENCRYPTED_ROOT_PW` override `asn` / `encrypted_root_pw` only when
 *   `embedded` (no file given), as in meshrr; otherwise, when set and non-empty, they yield a
 *   warning saying they are ignored and why (meshrr ignored them silently: B14).
 * Invalid values are errors naming the variable, the value and what is allowed. Each meshrr v0.1
 * variable that is set ({@link LEGACY_VARIABLES}) gives a warning naming its replacement.
 */
export function readEnvironment(
  env: MeshrrEnvironment,
  embedded: boolean,
  origin: string,
): { overrides: EnvironmentOverrides; errors: ConfigIssue[]; warnings: ConfigIssue[] } {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const mode = readMode(env['MESHRR_MODE']);
  const update = readUpdateSeconds(env['UPDATE_SECONDS']);
  for (const issue of [mode.issue, update.issue]) if (issue !== undefined) errors.push(issue);
  let overrides: EnvironmentOverrides = {
    updateSeconds: update.seconds,
    ...(mode.mode === undefined ? {} : { mode: mode.mode }),
  };
  const asText = env['AUTONOMOUS_SYSTEM'];
  const rootPw = env['ENCRYPTED_ROOT_PW'];
  if (asText !== undefined && asText !== '') {
    const asn = parseAsNumber(asText);
    if (!embedded) warnings.push(ignoredWarning('AUTONOMOUS_SYSTEM', 'asn', origin));
    else if (asn === undefined)
      errors.push(
        envIssue(
          'AUTONOMOUS_SYSTEM',
          'must be an AS number',
          asText,
          'asplain 1-4294967295, or asdot X.Y with X and Y 0-65535 (not 0.0)',
        ),
      );
    else overrides = { ...overrides, asn };
  }
  if (rootPw !== undefined && rootPw !== '') {
    if (!embedded) warnings.push(ignoredWarning('ENCRYPTED_ROOT_PW', 'encrypted_root_pw', origin));
    else if (!ROOT_PW_PATTERN.test(rootPw))
      errors.push({
        file: ENVIRONMENT_ORIGIN,
        path: 'ENCRYPTED_ROOT_PW',
        message: 'invalid encrypted password',
        allowed: ROOT_PW_RULE,
      });
    else overrides = { ...overrides, encryptedRootPw: rootPw };
  }
  pushAll(warnings, legacyWarnings(env));
  return { overrides, errors, warnings };
}
