import {
  describeConfigField,
  FILE_LIMITS,
  readBoundedText,
  Secret,
  type AuthenticationConfig,
  type BgpGroupConfig,
  type MeshrrConfig,
} from '@meshrr/core';
import { CliError } from '../cli/io.js';

/** The configuration with every session key read, and the key files it read (to follow them). */
export interface KeyedConfig {
  readonly config: MeshrrConfig;
  readonly keyFiles: readonly string[];
}

/**
 * The key a key file holds: its text without the trailing line break a `kubectl create secret
 * --from-file` or an editor adds. Leading and inner characters are kept as written.
 */
function keyOf(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/**
 * Reads the key of every group's `authentication.key_file` (a mounted Kubernetes Secret; bounded
 * read) into a {@link Secret}, so that the engine can render and compare it and nothing logs it.
 * A file read once serves every group naming it.
 * @throws {CliError} listing every key file that is missing, unreadable or empty, each with the
 *   configuration field that names it (never the key).
 */
export async function withSessionKeys(config: MeshrrConfig): Promise<KeyedConfig> {
  const files = [
    ...new Set(config.groups.flatMap((g) => (authOf(g) === undefined ? [] : [authOf(g)!.keyFile]))),
  ].sort();
  const keys = new Map<string, Secret>();
  const problems: string[] = [];
  for (const file of files) {
    try {
      const key = keyOf(await readBoundedText(file, { maxBytes: FILE_LIMITS.small, what: 'session key file' }));
      if (key === '') problems.push(`${file}: the key file is empty`);
      else keys.set(file, new Secret(key, file));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) {
    const fields = config.groups.flatMap((g, i) => {
      const auth = authOf(g);
      return auth !== undefined && !keys.has(auth.keyFile)
        ? [describeConfigField(config.origin, ['bgpgroups', i, 'authentication', 'key_file'])]
        : [];
    });
    throw new CliError(
      `session keys could not be read (${fields.join(', ')}):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  const groups = config.groups.map((group): BgpGroupConfig => {
    const auth = authOf(group);
    if (auth === undefined) return group;
    return { ...group, bgp: { ...group.bgp, authentication: { ...auth, key: keys.get(auth.keyFile)! } } };
  });
  return { config: { ...config, groups }, keyFiles: files };
}

function authOf(group: BgpGroupConfig): AuthenticationConfig | undefined {
  const auth = group.bgp?.authentication;
  return auth === undefined || auth === false ? undefined : auth;
}
