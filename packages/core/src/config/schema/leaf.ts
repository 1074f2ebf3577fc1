import { z } from 'zod';

/** Outcome of checking one configured scalar: the value to use, or why it is refused. */
export type LeafResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly allowed?: string };

/**
 * A zod schema for one scalar checked by `check`. A refusal becomes a zod `custom` issue whose
 * message is the rule and whose `params.allowed` is the allowed list (read by `fromZodIssues`).
 * An absent key reaches `check` as `undefined` unless the schema is made optional or defaulted.
 */
export function leaf<T>(check: (value: unknown) => LeafResult<T>): z.ZodPipe<z.ZodUnknown, z.ZodTransform<T, unknown>> {
  return z.unknown().transform((value, ctx): T => {
    const result = check(value);
    if (result.ok) return result.value;
    const issue = { code: 'custom' as const, message: result.message, input: value };
    ctx.addIssue(result.allowed === undefined ? issue : { ...issue, params: { allowed: result.allowed } });
    return z.NEVER;
  });
}

/** A leaf that accepts one of `aliases`' keys, case-insensitively, and yields the mapped value. */
export function choice<T>(aliases: Readonly<Record<string, T>>, what: string): ReturnType<typeof leaf<T>> {
  const allowed = `${Object.keys(aliases).join(', ')} (any case)`;
  const anyCase = (word: string): string =>
    [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('');
  return leaf((value) => {
    const key = typeof value === 'string' ? value.toLowerCase() : undefined;
    if (key !== undefined && Object.hasOwn(aliases, key)) return { ok: true, value: aliases[key] as T };
    return { ok: false, message: `unknown ${what}`, allowed };
  }).meta({
    type: 'string',
    pattern: `^(?:${Object.keys(aliases).map(anyCase).join('|')})$`,
    examples: Object.keys(aliases),
  });
}

/**
 * A strict mapping: keys outside `shape` are refused. The `unrecognized_keys` issue carries the
 * allowed key list (`allowedKeys`, default every key of `shape`) as its message, which
 * `fromZodIssues` turns into one "unknown key" issue per key.
 */
export function strictMap<T extends z.core.$ZodLooseShape>(
  shape: T,
  allowedKeys: readonly string[] = Object.keys(shape),
): z.ZodObject<T, z.core.$strict> {
  const allowed = allowedKeys.join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? allowed : 'must be a mapping'),
  }) as z.ZodObject<T, z.core.$strict>;
}

/** Treats an explicit YAML `null` (a key with nothing after it) as an absent key. */
export function nullAsAbsent(value: unknown): unknown {
  return value === null ? undefined : value;
}

/** A key that belongs to the other group type: present at all is an error naming the right type. */
export function otherTypeKey(owner: 'mesh' | 'subtractive'): z.ZodOptional<ReturnType<typeof leaf<undefined>>> {
  const own = owner === 'mesh' ? 'subtractive' : 'mesh';
  return leaf<undefined>(() => ({
    ok: false,
    message: `only ${owner} groups have this key (this group is type ${own})`,
  }))
    .optional()
    .meta({ not: {}, description: `Only ${owner} groups have this key.` });
}

/**
 * Parse options for configuration: a file is parsed once per start, so zod's just-in-time
 * compiled fast path (generated and compiled on the first parse of each object schema) would only
 * cost start-up time; the plain path gives the same result.
 */
export const PARSE_ONCE = { jitless: true } as const;

/** Separates a message from its allowed list inside a zod error string (see {@link withAllowed}). */
export const ALLOWED_SEPARATOR = '\u0000allowed:';

/**
 * A zod error message for a built-in check (`.min`, `.max`, a type) that also carries what is
 * allowed: zod error strings cannot carry `params`, so the allowed text rides after
 * {@link ALLOWED_SEPARATOR} and `fromZodIssues` splits it off into `allowed`.
 */
export function withAllowed(message: string, allowed: string): string {
  return `${message}${ALLOWED_SEPARATOR}${allowed}`;
}
