import { isBuiltin } from 'node:module';
import type { AsNumber, AsRange } from '../../api/config.js';
import { parseCidr, prefixPolicyProblem, type Cidr } from '../../net/index.js';
import { checkAsRange, parseAsNumber } from '../asNumber.js';
import {
  GROUP_NAME_PATTERN,
  GROUP_NAME_RULE,
  isDnsName,
  isNpmPackageName,
  NPM_NAME_PATTERN,
  ROOT_PW_PATTERN,
  ROOT_PW_RULE,
  SOURCETYPE_PATTERN,
} from '../grammars.js';
import { leaf, PARSE_ONCE, type LeafResult } from './leaf.js';

const AS_ALLOWED = 'asplain 1-4294967295, or asdot X.Y with X and Y 0-65535 (not 0.0), quoted';
/** The shape of an AS number as JSON Schema can say it (loadConfig also checks the ranges). */
const ASPLAIN_OR_ASDOT = '^(?:[1-9][0-9]{0,9}|[0-9]{1,5}\\.[0-9]{1,5})$';
/** The shape of an `asranges` entry: an AS number or `start-end` (spaces around `-` allowed). */
const AS_RANGE_SHAPE =
  '^\\s*(?:[1-9][0-9]{0,9}|[0-9]{1,5}\\.[0-9]{1,5})\\s*(?:-\\s*(?:[1-9][0-9]{0,9}|[0-9]{1,5}\\.[0-9]{1,5})\\s*)?$';

function refuse<T>(message: string, allowed?: string): LeafResult<T> {
  return allowed === undefined ? { ok: false, message } : { ok: false, message, allowed };
}

/** `asn`: asplain (string or integer) or quoted asdot. */
export const asnLeaf = leaf<AsNumber>((value) => {
  if (typeof value === 'number' && !Number.isInteger(value)) {
    return refuse(
      'an asdot AS number must be quoted (asn: "65000.1"); unquoted, YAML reads it as a decimal number',
      AS_ALLOWED,
    );
  }
  const asn = typeof value === 'string' || typeof value === 'number' ? parseAsNumber(value) : undefined;
  return asn === undefined ? refuse('must be an AS number', AS_ALLOWED) : { ok: true, value: asn };
}).meta({
  anyOf: [
    { type: 'integer', minimum: 1, maximum: 4294967295 },
    { type: 'string', pattern: ASPLAIN_OR_ASDOT },
  ],
});

/** One `asranges` entry: `start-end` or a single AS number. */
export const asRangeLeaf = leaf<AsRange>((value) => {
  if (typeof value === 'number') {
    const asn = parseAsNumber(value);
    return asn === undefined
      ? refuse('must be an AS number or a range start-end', AS_ALLOWED)
      : { ok: true, value: { start: asn.value, end: asn.value } };
  }
  if (typeof value !== 'string') return refuse('must be an AS range start-end (e.g. 65001-65500) or an AS number');
  const result = checkAsRange(value);
  return result.ok ? { ok: true, value: result.range } : refuse(result.reason);
}).meta({
  anyOf: [
    { type: 'integer', minimum: 1, maximum: 4294967295 },
    { type: 'string', pattern: AS_RANGE_SHAPE },
  ],
  examples: ['65001-65500', '65000.1-65000.100', 64512],
});

const CIDR_ALLOWED = 'address/length with host bits clear, in unicast space (e.g. 10.0.0.0/8, 2001:db8::/32)';

/** One `prefixes` entry: a CIDR prefix with host bits clear (`parseCidr`'s reasons). */
export const cidrLeaf = leaf<Cidr>((value) => {
  if (typeof value !== 'string') return refuse('must be a CIDR prefix', CIDR_ALLOWED);
  const result = parseCidr(value.trim());
  if (!result.ok) return refuse(`invalid CIDR prefix: ${result.reason}`, CIDR_ALLOWED);
  const problem = prefixPolicyProblem(result.cidr);
  return problem === undefined ? { ok: true, value: result.cidr } : refuse(problem, CIDR_ALLOWED);
}).meta({ type: 'string', pattern: '^\\s*[0-9A-Fa-f:.]+/[0-9]{1,3}\\s*$', examples: ['10.0.0.0/8', '2001:db8::/32'] });

/** `bgpgroups[].name`: the fixed safe grammar of {@link GROUP_NAME_PATTERN}. */
export const groupNameLeaf = leaf<string>((value) => {
  if (typeof value === 'number')
    return refuse(`a numeric group name must be quoted (name: "${value}")`, GROUP_NAME_RULE);
  return typeof value === 'string' && GROUP_NAME_PATTERN.test(value)
    ? { ok: true, value }
    : refuse('invalid group name', GROUP_NAME_RULE);
}).meta({ type: 'string', pattern: GROUP_NAME_PATTERN.source });

/** `encrypted_root_pw`: one token of crypt(3) characters. */
export const rootPwLeaf = leaf<string>((value) =>
  typeof value === 'string' && ROOT_PW_PATTERN.test(value)
    ? { ok: true, value }
    : refuse('invalid encrypted password', ROOT_PW_RULE),
).meta({ type: 'string', pattern: ROOT_PW_PATTERN.source });

/** `source.sourcetype`: lower-cased kebab-case word. */
export const sourcetypeLeaf = leaf<string>((value) => {
  const kind = typeof value === 'string' ? value.toLowerCase() : undefined;
  return kind !== undefined && SOURCETYPE_PATTERN.test(kind)
    ? { ok: true, value: kind }
    : refuse('must be a source type name such as dns, static, kubernetes or consul');
}).meta({
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9-]{0,62}$',
  examples: ['dns', 'static', 'kubernetes', 'consul'],
});

/** What a DNS name may be, for "allowed: …". */
export const DNS_NAME_RULE =
  'labels of letters, digits, "_" and "-" (not at a label\'s ends), 1-63 characters each, 253 in all';

/** `source.hostname`: a DNS name ({@link isDnsName}). */
export const hostnameLeaf = leaf<string>((value) =>
  typeof value === 'string' && isDnsName(value) ? { ok: true, value } : refuse('must be a DNS name', DNS_NAME_RULE),
).meta({
  type: 'string',
  maxLength: 253,
  pattern:
    '^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?$',
});

const PLUGIN_ALLOWED = 'the npm package name of a meshrr plugin, e.g. meshrr-discovery-netbox or @acme/meshrr-cmdb';

/** An npm package name in `plugins`; never a Node.js built-in module (`fs`, `node:child_process`). */
export const packageNameLeaf = leaf<string>((value) => {
  if (typeof value === 'string' && isBuiltin(value))
    return refuse('is a Node.js built-in module, never a meshrr plugin', PLUGIN_ALLOWED);
  return typeof value === 'string' && isNpmPackageName(value)
    ? { ok: true, value }
    : refuse('must be an npm package name', PLUGIN_ALLOWED);
}).meta({ type: 'string', maxLength: 214, pattern: NPM_NAME_PATTERN.source });

/** An integer from `min` to `max` (message names the bounds that matter). */
export function integerLeaf(min: number, max = Number.MAX_SAFE_INTEGER): ReturnType<typeof leaf<number>> {
  const rule =
    max === Number.MAX_SAFE_INTEGER ? `must be an integer ≥ ${min}` : `must be an integer from ${min} to ${max}`;
  return leaf<number>((value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
      ? { ok: true, value }
      : refuse(rule),
  ).meta({ type: 'integer', minimum: min, ...(max === Number.MAX_SAFE_INTEGER ? {} : { maximum: max }) });
}

/** A number from `min` to `max` inclusive. */
export function numberLeaf(min: number, max: number): ReturnType<typeof leaf<number>> {
  return leaf<number>((value) =>
    typeof value === 'number' && value >= min && value <= max
      ? { ok: true, value }
      : refuse(`must be a number from ${min} to ${max}`),
  ).meta({ type: 'number', minimum: min, maximum: max });
}

/** A duration in seconds (≥ 0, at most millisecond precision), yielded in milliseconds. */
export const secondsAsMsLeaf = leaf<number>((value) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 86_400_000) {
    return refuse('must be a number of seconds ≥ 0 (fractions allowed, e.g. 0.5)');
  }
  const ms = Math.round(value * 1000);
  return Math.abs(value * 1000 - ms) < 1e-6
    ? { ok: true, value: ms }
    : refuse('must have at most three decimals (milliseconds)');
}).meta({ type: 'number', minimum: 0, maximum: 86_400_000 });

/** Seconds (as {@link secondsAsMsLeaf}) that must be at least `minMs` milliseconds. */
export function secondsAtLeastLeaf(minMs: number): typeof secondsAsMsLeaf {
  return leaf<number>((value) => {
    const parsed = secondsAsMsLeaf.safeParse(value, PARSE_ONCE);
    if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? 'must be a number of seconds');
    return parsed.data >= minMs ? { ok: true, value: parsed.data } : refuse(`must be at least ${minMs / 1000} seconds`);
  }).meta({ type: 'number', minimum: minMs / 1000, maximum: 86_400_000 });
}

/** `true` or `false` (YAML 1.2: `yes`/`no` are strings, not booleans). */
export const booleanLeaf = leaf<boolean>((value) =>
  typeof value === 'boolean' ? { ok: true, value } : refuse('must be true or false'),
).meta({ type: 'boolean' });

/** A single-line text of at most `max` characters without control characters. */
export function lineLeaf(max: number): ReturnType<typeof leaf<string>> {
  return leaf<string>((value) =>
    typeof value === 'string' && value.length <= max && !/[\u0000-\u001f\u007f]/u.test(value)
      ? { ok: true, value }
      : refuse(`must be one line of text of at most ${max} characters`),
  ).meta({ type: 'string', maxLength: max, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
}
