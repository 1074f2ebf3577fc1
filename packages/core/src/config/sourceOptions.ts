import type { BgpGroupConfig } from '../api/config.js';
import type { OptionsSchema } from '../api/discovery.js';
import { describeFound, formatFieldPath } from './issues.js';
import type { PathIssue } from './pathIssue.js';
import { allowedOf, splitAllowed } from './schema/issueAllowed.js';

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** For an unknown-key issue of an object schema (zod's `shape`), the keys the schema knows. */
function knownKeysOf(issue: object, schema: OptionsSchema<unknown>): string | undefined {
  if ((issue as { code?: unknown }).code !== 'unrecognized_keys') return undefined;
  const shape = (schema as { shape?: unknown }).shape;
  if (typeof shape !== 'object' || shape === null) return undefined;
  const keys = Object.keys(shape).sort();
  return keys.length === 0 ? undefined : `the keys ${keys.join(', ')}`;
}

/**
 * Validates the `source` options of every valid mesh group with the schema registered for its
 * `sourcetype`. An unknown sourcetype is an issue at `bgpgroups[i].source.sourcetype` listing the
 * known ones; a schema issue is placed at `bgpgroups[i].source.<its path>`. Issues at a path that
 * already has one (`taken`, formatted field paths, e.g. core's own `hostname` check) are dropped to avoid repeats.
 */
export function checkSourceOptions(
  groups: ReadonlyMap<number, BgpGroupConfig>,
  schemas: ReadonlyMap<string, OptionsSchema<unknown>>,
  taken: ReadonlySet<string>,
): PathIssue[] {
  const issues: PathIssue[] = [];
  const known = [...schemas.keys()].sort().join(', ');
  for (const [index, group] of groups) {
    if (group.kind !== 'mesh') continue;
    const prefix = ['bgpgroups', index, 'source'];
    const schema = schemas.get(group.source.sourcetype);
    if (schema === undefined) {
      issues.push({
        path: [...prefix, 'sourcetype'],
        message: 'unknown sourcetype',
        found: JSON.stringify(group.source.sourcetype),
        allowed: known === '' ? '(no source types are registered)' : known,
      });
      continue;
    }
    const result = schema.safeParse(group.source.options);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      const path = [...prefix, ...issue.path];
      if (taken.has(formatFieldPath(path))) continue;
      const value = valueAt(group.source.options, issue.path);
      const allowed = allowedOf(issue) ?? knownKeysOf(issue, schema);
      const message = splitAllowed(issue.message).message;
      // A plugin's own message states its rule; only a bare "is required" needs a pointer.
      issues.push(
        value === undefined
          ? {
              path,
              message: message.startsWith('is required') ? message : 'is required',
              allowed: allowed ?? `what the ${group.source.sourcetype} source documents for this key`,
            }
          : { path, message, found: describeFound(value), ...(allowed === undefined ? {} : { allowed }) },
      );
    }
  }
  return issues;
}
