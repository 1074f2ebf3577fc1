import type { z } from 'zod';
import { describeFound } from '../issues.js';
import { allowedOf, splitAllowed } from './issueAllowed.js';
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

/** `found` for an issue: a list's length when its size is the problem, else {@link describeFound}. */
function foundOf(issue: z.core.$ZodIssue, value: unknown): string {
  if (Array.isArray(value) && (issue.code === 'too_big' || issue.code === 'too_small'))
    return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  return describeFound(value);
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
    const message = splitAllowed(issue.message).message;
    const at = valueAt(data, issue.path);
    const base = at.present
      ? { path, message, found: foundOf(issue, at.value) }
      : { path, message: message.startsWith('is required') ? message : 'is required' };
    result.push(allowed === undefined ? base : { ...base, allowed });
  }
  return result;
}
