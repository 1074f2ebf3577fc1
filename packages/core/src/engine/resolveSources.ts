import type { MeshrrConfig } from '../api/config.js';
import type { DiscoveryProvider, SchemaIssue } from '../api/discovery.js';
import { MeshrrError } from '../api/errors.js';

/** The discovery configuration cannot run: duplicate provider kind, unknown kind, bad options. */
export class DiscoveryConfigError extends MeshrrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('discovery-config', message, options);
  }
}

/** One mesh group's source, matched to its provider with validated options. */
export interface ResolvedSource {
  readonly group: string;
  readonly sourcetype: string;
  readonly provider: DiscoveryProvider;
  readonly options: unknown;
}

/** Indexes providers by `kind`. Throws {@link DiscoveryConfigError} when two share a kind. */
export function indexProviders(providers: readonly DiscoveryProvider[]): ReadonlyMap<string, DiscoveryProvider> {
  const byKind = new Map<string, DiscoveryProvider>();
  for (const provider of providers) {
    if (byKind.has(provider.kind)) {
      throw new DiscoveryConfigError(
        `two discovery providers registered the sourcetype "${provider.kind}"; each sourcetype must come from exactly one module or plugin`,
      );
    }
    byKind.set(provider.kind, provider);
  }
  return byKind;
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : `${text}.${String(segment)}`),
    'source',
  );
}

function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`).join('; ');
}

/**
 * Matches every mesh group of `config` to the provider of its `source.sourcetype` and validates
 * the options with the provider's schema. Throws {@link DiscoveryConfigError} naming the file, the
 * group and the path: for an unknown sourcetype (listing the known ones) or invalid options.
 */
export function resolveSources(
  config: MeshrrConfig,
  providers: ReadonlyMap<string, DiscoveryProvider>,
): ResolvedSource[] {
  const resolved: ResolvedSource[] = [];
  for (const group of config.groups) {
    if (group.kind !== 'mesh') continue;
    const where = `${config.origin}: bgpgroups "${group.name}"`;
    const { sourcetype } = group.source;
    const provider = providers.get(sourcetype);
    if (provider === undefined) {
      const known = [...providers.keys()].sort().join(', ') || '(none registered)';
      throw new DiscoveryConfigError(
        `${where}: source.sourcetype "${sourcetype}" is not a known discovery source type; known: ${known}`,
      );
    }
    const parsed = provider.optionsSchema.safeParse(group.source.options);
    if (!parsed.success)
      throw new DiscoveryConfigError(`${where} (sourcetype ${sourcetype}): ${formatIssues(parsed.error.issues)}`);
    resolved.push({ group: group.name, sourcetype, provider, options: parsed.data });
  }
  return resolved;
}
