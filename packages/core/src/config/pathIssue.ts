/**
 * A problem located by its field path inside the parsed document (`['bgpgroups', 1, 'max_peers']`);
 * `loadConfig` turns it into a {@link ConfigIssue} with line and column. `atKey` points at the
 * mapping key of the last segment (unknown keys) rather than at its value.
 */
export interface PathIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly found?: string;
  readonly allowed?: string;
  readonly atKey?: boolean;
}
