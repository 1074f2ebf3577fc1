import { ALLOWED_SEPARATOR } from './leaf.js';

const TYPE_PHRASES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  bigint: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  date: 'a date',
  null: 'null',
};

/** `3`, or `1 item` / `3 items` for a list's length. */
function bound(value: unknown, origin: unknown): string {
  const n = String(value);
  if (origin === 'array' || origin === 'set') return `${n} item${n === '1' ? '' : 's'}`;
  if (origin === 'string') return `${n} character${n === '1' ? '' : 's'}`;
  return n;
}

/** The fields of a zod 4 issue this module reads; other validators' issues simply lack them. */
interface IssueShape {
  readonly message: string;
  readonly code?: unknown;
  readonly expected?: unknown;
  readonly values?: unknown;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly origin?: unknown;
  readonly format?: unknown;
  readonly params?: unknown;
}

/** An issue's message with any `withAllowed` suffix split off. */
export function splitAllowed(message: string): { message: string; allowed?: string } {
  const at = message.indexOf(ALLOWED_SEPARATOR);
  return at < 0
    ? { message }
    : { message: message.slice(0, at), allowed: message.slice(at + ALLOWED_SEPARATOR.length) };
}

/**
 * What a validation issue says is allowed, for "allowed: …" (issue 11 item 10): an explicit
 * `withAllowed` text or `params.allowed` (meshrr's leaves), else what zod's issue implies — the
 * expected type (`a string`), the enum values (`a, b`), the bound (`at most 10`), the format.
 * `undefined` only for issues that carry none of these (a non-zod validator's bare message).
 */
export function allowedOf(issue: IssueShape): string | undefined {
  const explicit = splitAllowed(issue.message).allowed;
  if (explicit !== undefined) return explicit;
  const params = issue.params as Record<string, unknown> | undefined;
  if (typeof params?.['allowed'] === 'string') return params['allowed'];
  switch (issue.code) {
    case 'invalid_type':
      return typeof issue.expected === 'string' ? (TYPE_PHRASES[issue.expected] ?? issue.expected) : undefined;
    case 'invalid_value':
      return Array.isArray(issue.values) ? issue.values.map((v) => String(v)).join(', ') : undefined;
    case 'too_small':
      return `at least ${bound(issue.minimum, issue.origin)}`;
    case 'too_big':
      return `at most ${bound(issue.maximum, issue.origin)}`;
    case 'invalid_format':
      return typeof issue.format === 'string' ? `text in ${issue.format} format` : undefined;
    default:
      return undefined;
  }
}
