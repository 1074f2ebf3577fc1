import type { BgpGroupConfig, GroupBgpConfig, MeshrrConfig, PlatformConfig, SafetyConfig } from '../api/config.js';
import type { OptionsSchema } from '../api/discovery.js';
import { resolveSource, type ConfigSource } from './configSource.js';
import {
  ENVIRONMENT_ORIGIN,
  readEnvironment,
  type MeshrrEnvironment,
  type EnvironmentOverrides,
} from './environment.js';
import { ConfigError, type ConfigIssue } from './issues.js';
import { CONFIG_LIMITS } from './limits.js';
import { selectPlatform, type PlatformOverrides } from './platformSelection.js';
import { DEFAULT_SELECTION } from './schema/extensionSchemas.js';
import type { ParsedFile } from './schema/fileSchema.js';
import { validateFile, type ValidatedFile } from './validateFile.js';
import { parseYamlFile } from './yamlDocument.js';

/** Outcome of {@link loadConfig}: the configuration and its warnings, or every error found. */
export type ConfigLoadResult =
  | { readonly ok: true; readonly config: MeshrrConfig; readonly warnings: readonly ConfigIssue[] }
  | { readonly ok: false; readonly errors: readonly ConfigIssue[] };

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * The options schema of every known `sourcetype` (from the registered discovery providers).
   * When given, each mesh group's `source` options are validated with its schema, and an unknown
   * sourcetype is an error listing the known ones. Without it, options are not checked beyond
   * core's own rules (`sourcetype` grammar, `hostname` a DNS name and required for `dns`).
   */
  readonly sourceSchemas?: ReadonlyMap<string, OptionsSchema<unknown>>;
  /**
   * The options schema of every registered platform (`junos`, `frr`, plugin platforms). When
   * given, an unknown platform is an error listing the known ones and the selected platform's
   * merged options are validated with its schema (`MeshrrConfig.platform.options` is then the
   * schema's output). Without it the options are merged but not checked.
   */
  readonly platformSchemas?: ReadonlyMap<string, OptionsSchema<unknown>>;
  /** What the command line says about the platform: `--platform` and option flags (highest precedence). */
  readonly platformOverrides?: PlatformOverrides;
}

/** Issues in file order (line, then column); issues without a position first. */
function byPosition(a: ConfigIssue, b: ConfigIssue): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** At most `CONFIG_LIMITS.maxReportedIssues` issues, then one saying how many more there are. */
function capped(issues: ConfigIssue[], origin: string): ConfigIssue[] {
  const max = CONFIG_LIMITS.maxReportedIssues;
  if (issues.length <= max) return issues;
  const more = issues.length - max;
  return [
    ...issues.slice(0, max),
    { file: origin, path: '', message: `and ${more} more error${more === 1 ? '' : 's'} not shown (fix these first)` },
  ];
}

function modeWarning(
  validated: ValidatedFile,
  overrides: EnvironmentOverrides,
  env: MeshrrEnvironment,
  origin: string,
): ConfigIssue[] {
  const fileMode = validated.top.mode;
  if (overrides.mode === undefined || validated.writtenMode === undefined || overrides.mode === fileMode) return [];
  const message = `overrides mode: ${String(validated.writtenMode)} of ${origin} (MESHRR_MODE selects the template, as in meshrr); the agent runs in ${overrides.mode} mode`;
  return [{ file: ENVIRONMENT_ORIGIN, path: 'MESHRR_MODE', message, found: JSON.stringify(env['MESHRR_MODE'] ?? '') }];
}

/** The safety block without the deprecated key it still reads. */
function safetyOf(parsed: ParsedFile['safety']): SafetyConfig {
  const { legacySessionDownHoldMs: _legacy, ...safety } = parsed;
  return safety;
}

/** Folds the top-level `families` / `family_transport` into every group that does not set its own. */
function withGroupDefaults(groups: readonly BgpGroupConfig[], top: ValidatedFile['top']): BgpGroupConfig[] {
  const defaults: GroupBgpConfig = {
    ...(top.families === undefined ? {} : { families: top.families }),
    ...(top.family_transport === undefined ? {} : { familyTransport: top.family_transport }),
  };
  if (Object.keys(defaults).length === 0) return [...groups];
  return groups.map((group) => ({ ...group, bgp: { ...defaults, ...group.bgp } }));
}

function assemble(
  validated: ValidatedFile,
  overrides: EnvironmentOverrides,
  origin: string,
  platform: PlatformConfig,
): MeshrrConfig {
  const { top } = validated;
  return {
    origin,
    encryptedRootPw: overrides.encryptedRootPw ?? top.encrypted_root_pw,
    asn: overrides.asn ?? top.asn,
    mode: overrides.mode ?? top.mode,
    groups: withGroupDefaults(validated.groups, top),
    updateSeconds: overrides.updateSeconds,
    safety: safetyOf(top.safety),
    selection: {
      ...top.selection,
      sessionDownHoldMs:
        top.selection.sessionDownHoldMs ?? top.safety.legacySessionDownHoldMs ?? DEFAULT_SELECTION.sessionDownHoldMs,
    },
    quiescence: top.quiescence,
    commit: top.commit,
    plugins: top.plugins,
    platform,
    ...(top.router_id === undefined ? {} : { routerId: top.router_id }),
    ...(top.graceful_restart === undefined ? {} : { gracefulRestart: top.graceful_restart }),
  };
}

/**
 * Loads and validates a meshrr `meshrr.conf.yml` and applies the environment (meshrr §A4).
 *
 * `source`: `undefined` = the embedded default ({@link DEFAULT_CONFIG_TEXT}, origin
 * `<embedded default>`; the agent passes it when {@link MESHRR_CONFIG_PATH} does not exist, as
 * meshrr does); a string with a newline = YAML text (origin `<inline>`); any other string = a
 * file path; `{ text, origin }` = text with its origin. `env` holds the process environment as the
 * agent passes it in (core never reads `process.env`): `MESHRR_MODE`, `UPDATE_SECONDS`, and —
 * only for the embedded default, as in meshrr — `AUTONOMOUS_SYSTEM` / `ENCRYPTED_ROOT_PW`
 * (otherwise a warning says they are ignored).
 *
 * Required keys: `asn` and `bgpgroups` (at least one group; meshrr raised KeyError and no default
 * could be right). `encrypted_root_pw` defaults to `NOLOGIN` and `mode` to `ipv4rr` — meshrr raised
 * KeyError for them, but `NOLOGIN` is its own default (no root password login) and meshrr's
 * template choice ignored `mode` and defaulted to ipv4rr, so behaviour is unchanged. Extension
 * blocks default as documented on `SafetyConfig`, `QuiescenceConfig` and `CommitConfig`; the
 * full key reference is `src/config/README.md`.
 *
 * Returns every error of the file and the environment at once (YAML syntax, duplicate keys,
 * unknown keys, bad values, checks across groups), each with file, line, column, field path,
 * what was found and what is allowed, sorted by position. Never throws for bad input, never
 * mutates anything it is given, and returns equal results when called again with equal input.
 */
export function loadConfig(
  source?: ConfigSource,
  env: MeshrrEnvironment = {},
  options: LoadConfigOptions = {},
): ConfigLoadResult {
  const resolved = resolveSource(source);
  if (!resolved.ok) return { ok: false, errors: [resolved.issue] };
  const { text, origin, embedded } = resolved.source;
  const environment = readEnvironment(env, embedded, origin);
  const yaml = parseYamlFile(text, origin);
  const body = yaml.fatal ? { errors: [], warnings: [] } : validateFile(yaml.file, options.sourceSchemas);
  const platform = selectPlatform({
    file: yaml.fatal ? undefined : yaml.file,
    origin,
    env,
    overrides: options.platformOverrides ?? {},
    schemas: options.platformSchemas,
  });
  const errors = capped(
    [...[...yaml.errors, ...body.errors].sort(byPosition), ...environment.errors, ...platform.errors],
    origin,
  );
  if (errors.length > 0 || !('validated' in body) || body.validated === undefined || platform.platform === undefined)
    return { ok: false, errors };
  const warnings = [
    ...[...yaml.warnings, ...body.warnings].sort(byPosition),
    ...environment.warnings,
    ...(embedded ? [] : modeWarning(body.validated, environment.overrides, env, origin)),
    ...platform.warnings,
  ];
  return { ok: true, config: assemble(body.validated, environment.overrides, origin, platform.platform), warnings };
}

/**
 * {@link loadConfig}, throwing instead of returning errors.
 * @throws {ConfigError} with every issue when the configuration or the environment is invalid.
 */
export function loadConfigOrThrow(
  source?: ConfigSource,
  env: MeshrrEnvironment = {},
  options: LoadConfigOptions = {},
): MeshrrConfig {
  const result = loadConfig(source, env, options);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config;
}
