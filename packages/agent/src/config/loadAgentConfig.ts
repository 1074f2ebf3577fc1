import {
  formatConfigIssue,
  loadConfig,
  loadRouterIdentity,
  type ConfigIssue,
  type LoadConfigOptions,
  type MeshrrConfig,
  type RouterIdentity,
} from '@meshrr/core';
import { CliError } from '../cli/io.js';
import { MESHRR_PATHS } from './paths.js';
import { exists } from './fileAccess.js';

/** The validated configuration, where it came from and the warnings found while loading it. */
export interface LoadedConfig {
  readonly config: MeshrrConfig;
  readonly warnings: readonly string[];
}

function issuesMessage(title: string, issues: readonly ConfigIssue[]): string {
  return `${title}\n${issues.map((i) => `  ${formatConfigIssue(i)}`).join('\n')}`;
}

/**
 * Loads `meshrr.conf.yml` like meshrr: the given path, or meshrr's default path; when the default
 * path does not exist, the embedded default configuration (meshrr's `defaults/meshrr.conf.yml`) with
 * the environment overrides meshrr applies to it. A path given explicitly must exist. `options`
 * (discovery and platform schemas, command-line platform overrides) go to `loadConfig`. All errors
 * of the file, the environment and the command line are reported at once in one {@link CliError}.
 */
export async function loadAgentConfig(
  path: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const warnings: string[] = [];
  let source: string | undefined = path;
  if (path === undefined) {
    if (await exists(MESHRR_PATHS.config)) source = MESHRR_PATHS.config;
    else warnings.push(`${MESHRR_PATHS.config} not found: using the embedded default configuration`);
  }
  const result = loadConfig(source, env, options);
  if (!result.ok)
    throw new CliError(
      issuesMessage(
        `invalid configuration (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}):`,
        result.errors,
      ),
    );
  return { config: result.config, warnings: [...warnings, ...result.warnings.map(formatConfigIssue)] };
}

/** The router identity from `POD_IP` / `POD_IPS`, or a {@link CliError} saying what is wrong. */
export function routerIdentityFrom(env: Readonly<Record<string, string | undefined>>): RouterIdentity {
  const result = loadRouterIdentity(env);
  if (!result.ok) throw new CliError(issuesMessage('invalid router identity:', result.errors));
  return result.identity;
}
