import type { PlatformConfig } from '../api/config.js';
import type { OptionsSchema, SchemaIssue } from '../api/discovery.js';
import { ENVIRONMENT_ORIGIN, type MeshrrEnvironment } from './environment.js';
import { describeFound, formatFieldPath, type ConfigIssue } from './issues.js';
import { locate, type YamlFile } from './yamlDocument.js';

/** The platform when nothing selects one: meshrr's only daemon, Junos (cRPD). */
export const DEFAULT_PLATFORM = 'junos';
/** Environment variable selecting the platform (below `--platform`, above `platform.name`). */
export const PLATFORM_ENV = 'MESHRR_PLATFORM';
/** The `file` of issues about command-line flags. */
export const COMMAND_LINE_ORIGIN = '<command line>';

/** Platform names: kebab-case, lower-case, starting with a letter, at most 40 characters. */
export const PLATFORM_NAME_PATTERN = /^(?=.{1,40}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** One platform option set on the command line. */
export interface PlatformOptionOverride {
  readonly key: string;
  readonly value: unknown;
  /** The flag as the user wrote it, for messages: `--frr-vty-dir`, `--platform-option vty_dir`. */
  readonly origin: string;
  /** The platform the flag belongs to (aliases such as `--frr-vty-dir`); absent: the selected one. */
  readonly platform?: string;
  /** The flag's value came from its environment fallback (`origin` is then the variable's name). */
  readonly fromEnvironment?: boolean;
}

/** What the command line says about the platform (highest precedence). */
export interface PlatformOverrides {
  /** `--platform`. */
  readonly name?: string;
  readonly options?: readonly PlatformOptionOverride[];
  /**
   * Environment variables the command line reads itself (the fallbacks of its flags, such as
   * `MESHRR_FRR_CONFIG` for `--frr-config`): never taken as `MESHRR_<PLATFORM>_<OPTION>`.
   */
  readonly flagVariables?: readonly string[];
}

/** Inputs of {@link selectPlatform}. */
export interface PlatformSelectionInput {
  /** The parsed configuration file, for line and column; absent for the embedded default. */
  readonly file: YamlFile | undefined;
  readonly origin: string;
  readonly env: MeshrrEnvironment;
  readonly overrides: PlatformOverrides;
  /** Options schema of every registered platform; without it options are merged but not validated. */
  readonly schemas: ReadonlyMap<string, OptionsSchema<unknown>> | undefined;
}

/** The selected platform, or every problem found. */
export interface PlatformSelection {
  readonly platform?: PlatformConfig;
  readonly errors: readonly ConfigIssue[];
  readonly warnings: readonly ConfigIssue[];
}

/** Where one option value came from. */
type Provenance =
  | { readonly kind: 'file' }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'flag'; readonly flag: string; readonly file: string };

/**
 * The environment variable carrying option `key` of `platform`: `MESHRR_<PLATFORM>_<KEY>` in upper
 * case with `-` as `_` (`frr`, `vty_dir` → `MESHRR_FRR_VTY_DIR`).
 */
export function platformEnvName(platform: string, key: string): string {
  return `MESHRR_${platform}_${key}`.replaceAll('-', '_').toUpperCase();
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The `platform:` block of the file: its `name` and its other keys (the options). */
function fileBlock(
  input: PlatformSelectionInput,
  errors: ConfigIssue[],
): { name?: string; options: Record<string, unknown>; present: boolean } {
  const raw = record(input.file?.data)?.['platform'];
  if (raw === undefined || raw === null) return { options: {}, present: false };
  const block = record(raw);
  if (block === undefined) {
    errors.push(fileIssue(input, ['platform'], 'must be a mapping (name and the platform options)', raw));
    return { options: {}, present: true };
  }
  const { name, ...options } = block;
  if (name === undefined || name === null) return { options, present: true };
  if (typeof name !== 'string' || !PLATFORM_NAME_PATTERN.test(name)) {
    errors.push(
      fileIssue(input, ['platform', 'name'], 'must be a platform name (kebab-case: junos, frr, bird, …)', name),
    );
    return { options, present: true };
  }
  return { name, options, present: true };
}

function fileIssue(
  input: PlatformSelectionInput,
  path: readonly PropertyKey[],
  message: string,
  value?: unknown,
): ConfigIssue {
  const position = input.file === undefined ? undefined : locate(input.file, path);
  return {
    file: input.origin,
    ...position,
    path: formatFieldPath(path),
    message,
    ...(value === undefined ? {} : { found: describeFound(value) }),
  };
}

/** `--platform`, else `MESHRR_PLATFORM`, else `platform.name`, else junos; with where it came from. */
function chooseName(
  input: PlatformSelectionInput,
  fileName: string | undefined,
  errors: ConfigIssue[],
): { name: string; from: 'flag' | 'env' | 'file' | 'default' } | undefined {
  const flag = input.overrides.name;
  const envValue = input.env[PLATFORM_ENV];
  const chosen =
    flag !== undefined
      ? { name: flag, from: 'flag' as const }
      : envValue !== undefined && envValue !== ''
        ? { name: envValue, from: 'env' as const }
        : fileName !== undefined
          ? { name: fileName, from: 'file' as const }
          : { name: DEFAULT_PLATFORM, from: 'default' as const };
  if (PLATFORM_NAME_PATTERN.test(chosen.name)) return chosen;
  const message = 'must be a platform name (kebab-case: junos, frr, bird, …)';
  const found = JSON.stringify(chosen.name);
  errors.push(
    chosen.from === 'flag'
      ? { file: COMMAND_LINE_ORIGIN, path: '--platform', message, found }
      : { file: ENVIRONMENT_ORIGIN, path: PLATFORM_ENV, message, found },
  );
  return undefined;
}

function selectorText(from: 'flag' | 'env'): string {
  return from === 'flag' ? '--platform' : PLATFORM_ENV;
}

/** `MESHRR_<NAME>_*` variables (non-empty) as option keys. */
function envOptions(
  env: MeshrrEnvironment,
  platform: string,
  flagVariables: ReadonlySet<string>,
): Map<string, { value: string; variable: string }> {
  const prefix = platformEnvName(platform, '');
  const options = new Map<string, { value: string; variable: string }>();
  for (const [variable, value] of Object.entries(env)) {
    if (value === undefined || value === '' || !variable.startsWith(prefix) || variable.length === prefix.length)
      continue;
    if (flagVariables.has(variable)) continue;
    options.set(variable.slice(prefix.length).toLowerCase(), { value, variable });
  }
  return options;
}

/** Keys an issue is about: its first path segment, or the keys of zod's `unrecognized_keys`. */
function issueKeys(issue: SchemaIssue): string[] {
  const first = issue.path[0];
  if (first !== undefined) return [String(first)];
  const keys = (issue as { keys?: unknown }).keys;
  return Array.isArray(keys) ? keys.map(String) : [];
}

function located(
  input: PlatformSelectionInput,
  issue: SchemaIssue,
  key: string | undefined,
  provenance: ReadonlyMap<string, Provenance>,
  merged: Readonly<Record<string, unknown>>,
  platform: string,
): ConfigIssue {
  const where = key === undefined ? undefined : provenance.get(key);
  const rest = issue.path.slice(1);
  const value = key === undefined ? undefined : merged[key];
  const found = value === undefined || rest.length > 0 ? {} : { found: describeFound(value) };
  const unknownKey = issue.path.length === 0 && key !== undefined;
  const message = unknownKey ? `unknown option of platform ${platform} (${issue.message})` : issue.message;
  if (where?.kind === 'env') return { file: ENVIRONMENT_ORIGIN, path: where.variable, message, ...found };
  if (where?.kind === 'flag') return { file: where.file, path: where.flag, message, ...found };
  if (where?.kind === 'file') return { ...fileIssue(input, ['platform', key!, ...rest], message), ...found };
  const path = key === undefined ? ['platform'] : ['platform', key, ...rest];
  const hint =
    key === undefined
      ? ''
      : ` (set platform.${key} in the configuration file, ${platformEnvName(platform, key)} or --platform-option ${key}=…)`;
  return fileIssue(input, path, `${message}${hint}`);
}

/**
 * Selects the platform and merges its options, lowest precedence first: the schema's defaults,
 * the file's `platform:` keys (when the file names the selected platform or none),
 * `MESHRR_<NAME>_<OPTION>` variables (non-empty), then command-line overrides. With `schemas`, an
 * unknown platform is an error listing the known ones, and the merged options are validated
 * with the platform's schema; every issue names where its value came from (file line and
 * column, the variable, or the flag). A file naming another platform than `--platform` /
 * `MESHRR_PLATFORM` is an error when it carries options (they would not apply), else a warning;
 * an alias flag of another platform is a warning (ignored).
 */
export function selectPlatform(input: PlatformSelectionInput): PlatformSelection {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const block = fileBlock(input, errors);
  const chosen = chooseName(input, block.name, errors);
  if (chosen === undefined) return { errors, warnings };
  const { name } = chosen;
  let fileOptions = block.options;
  if (block.name !== undefined && block.name !== name && (chosen.from === 'flag' || chosen.from === 'env')) {
    const carries = Object.keys(block.options).length > 0;
    const message = `names platform ${block.name}, but ${selectorText(chosen.from)} selects ${name}${carries ? ': the options in this block are for another platform' : '; the file is overridden'}`;
    (carries ? errors : warnings).push(fileIssue(input, ['platform', 'name'], message, block.name));
    fileOptions = {};
  }
  const merged: Record<string, unknown> = {};
  const provenance = new Map<string, Provenance>();
  for (const [key, value] of Object.entries(fileOptions)) {
    merged[key] = value;
    provenance.set(key, { kind: 'file' });
  }
  for (const [key, { value, variable }] of envOptions(input.env, name, new Set(input.overrides.flagVariables ?? []))) {
    merged[key] = value;
    provenance.set(key, { kind: 'env', variable });
  }
  for (const override of input.overrides.options ?? []) {
    if (override.platform !== undefined && override.platform !== name) {
      warnings.push({
        file: override.fromEnvironment === true ? ENVIRONMENT_ORIGIN : COMMAND_LINE_ORIGIN,
        path: override.origin,
        message: `applies to platform ${override.platform}, but the agent runs ${name}: ignored`,
      });
      continue;
    }
    merged[override.key] = override.value;
    const file = override.fromEnvironment === true ? ENVIRONMENT_ORIGIN : COMMAND_LINE_ORIGIN;
    provenance.set(override.key, { kind: 'flag', flag: override.origin, file });
  }
  if (input.schemas === undefined) return { platform: { name, options: merged }, errors, warnings };
  const schema = input.schemas.get(name);
  if (schema === undefined) {
    const known = [...input.schemas.keys()].sort().join(', ');
    const message = 'unknown platform';
    const allowed = known === '' ? '(no platforms are registered)' : `${known} (plugins add more: plugins:)`;
    const found = JSON.stringify(name);
    if (chosen.from === 'flag') errors.push({ file: COMMAND_LINE_ORIGIN, path: '--platform', message, found, allowed });
    else if (chosen.from === 'env')
      errors.push({ file: ENVIRONMENT_ORIGIN, path: PLATFORM_ENV, message, found, allowed });
    else errors.push({ ...fileIssue(input, ['platform', 'name'], message, name), allowed });
    return { errors, warnings };
  }
  let result: ReturnType<OptionsSchema<unknown>['safeParse']>;
  try {
    result = schema.safeParse(merged);
  } catch (error) {
    errors.push({
      file: input.origin,
      path: 'platform',
      message: `the options schema of platform ${name} failed: ${(error as Error).message}`,
    });
    return { errors, warnings };
  }
  if (result.success)
    return errors.length > 0 ? { errors, warnings } : { platform: { name, options: result.data }, errors, warnings };
  for (const issue of result.error.issues) {
    const keys = issueKeys(issue);
    if (keys.length === 0) errors.push(located(input, issue, undefined, provenance, merged, name));
    for (const key of keys) errors.push(located(input, issue, key, provenance, merged, name));
  }
  return { errors, warnings };
}
