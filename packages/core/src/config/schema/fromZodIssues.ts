import type { z } from 'zod';
import { describeFound } from '../issues.js';
import type { PathIssue } from '../pathIssue.js';

/** The value at `path` inside `data`, and whether its key exists at all. */
function valueAt(data: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let current = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment))
      return { present: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { present: true, value: current };
}

function allowedOf(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'custom') return undefined;
  const allowed: unknown = issue.params?.['allowed'];
  return typeof allowed === 'string' ? allowed : undefined;
}

/**
 * Converts zod issues found while validating `data` into {@link PathIssue}s under `prefix`:
 * - `unrecognized_keys` (whose message is the allowed key list, see `strictMap`) becomes one
 *   "unknown key" issue per key, pointing at the key;
 * - an issue on a key that is absent from `data` becomes "is required" (unless its message
 *   already says so), keeping the allowed list;
 * - every other issue keeps its message, with `found` rendered from `data` and `allowed` from a
 *   `leaf` refusal.
 */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  prefix: readonly PropertyKey[],
): PathIssue[] {
  const result: PathIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        result.push({
          path: [...path, key],
          message: 'unknown key',
          found: JSON.stringify(key),
          allowed: issue.message,
          atKey: true,
        });
      continue;
    }
    const allowed = allowedOf(issue);
    const at = valueAt(data, issue.path);
    const base = at.present
      ? { path, message: issue.message, found: describeFound(at.value) }
      : { path, message: issue.message.startsWith('is required') ? issue.message : 'is required' };
    result.push(allowed === undefined ? base : { ...base, allowed });
  }
  return result;
}
