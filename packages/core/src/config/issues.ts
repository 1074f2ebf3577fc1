import { MeshrrError } from '../api/errors.js';

/**
 * One problem found in a configuration file or the environment.
 * - `file`: the file path or origin (`<inline>`, `<embedded default>`), or `<environment>` for
 *   environment variables.
 * - `line` / `column`: 1-based position in `file` when known.
 * - `path`: the field, e.g. `bgpgroups[1].max_peers`, or the variable name (`MESHRR_MODE`);
 *   empty for problems of the whole file.
 * - `message`: what is wrong, as a rule (`must be an integer ≥ 1`).
 * - `found`: what was written, rendered as YAML-ish text (`0`, `"foo"`, `a list`).
 * - `allowed`: what is allowed, when it is a short list (`mesh, subtractive`).
 */
export interface ConfigIssue {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly path: string;
  readonly message: string;
  readonly found?: string;
  readonly allowed?: string;
}

/**
 * One line of text for an issue: `file:line:column: path: message (found X; allowed: Y)`.
 * Parts that are unknown are left out (`<environment>: MESHRR_MODE: ...`, `file: message`).
 * Example: `meshrr.conf.yml:12:5: bgpgroups[1].max_peers: must be an integer ≥ 1 (found 0)`.
 */
export function formatConfigIssue(issue: ConfigIssue): string {
  let where = issue.file;
  if (issue.line !== undefined) where += `:${issue.line}`;
  if (issue.line !== undefined && issue.column !== undefined) where += `:${issue.column}`;
  const details: string[] = [];
  if (issue.found !== undefined) details.push(`found ${issue.found}`);
  if (issue.allowed !== undefined) details.push(`allowed: ${issue.allowed}`);
  const suffix = details.length > 0 ? ` (${details.join('; ')})` : '';
  const field = issue.path === '' ? '' : `${issue.path}: `;
  return `${where}: ${field}${issue.message}${suffix}`;
}

/**
 * Thrown by `loadConfigOrThrow` when a configuration is invalid. `issues` holds every problem
 * found (never just the first); `message` is all of them formatted, one per line. Code
 * `config-invalid`.
 */
export class ConfigError extends MeshrrError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super('config-invalid', issues.map(formatConfigIssue).join('\n'), options);
    this.issues = issues;
  }
}

/** Renders a configured value for `ConfigIssue.found`: scalars as YAML would, containers by kind. */
export function describeFound(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return value.toISOString();
  return 'a mapping';
}

/** Formats a field path the way issues show it: `bgpgroups[1].source.hostname`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
