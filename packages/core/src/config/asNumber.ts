import type { AsNumber, AsRange } from '../api/config.js';

const MAX_AS = 4294967295;
const ASPLAIN = /^(?:0|[1-9][0-9]{0,9})$/;
const ASDOT = /^(0|[1-9][0-9]{0,4})\.(0|[1-9][0-9]{0,4})$/;

/** Value of asplain or asdot text without range checks beyond the syntax; `undefined` if neither. */
function asValue(text: string): number | undefined {
  if (ASPLAIN.test(text)) return Number(text);
  const dot = ASDOT.exec(text);
  if (dot === null) return undefined;
  const high = Number(dot[1]);
  const low = Number(dot[2]);
  if (high > 65535 || low > 65535) return undefined;
  return high * 65536 + low;
}

/**
 * Parses an AS number: asplain `1`–`4294967295` (a string without leading zeros, or an integer)
 * or asdot `X.Y` with both halves `0`–`65535` (`65000.1` = 4259840001). AS 0 (`0`, `0.0`) is
 * refused (RFC 7607). Returns `undefined` for anything else, including non-integer numbers (an
 * unquoted YAML `65000.1` is a float; asdot must be quoted). `text` keeps the given spelling.
 */
export function parseAsNumber(text: string | number): AsNumber | undefined {
  if (typeof text === 'number') {
    if (!Number.isSafeInteger(text) || text < 1 || text > MAX_AS) return undefined;
    return { value: text, text: String(text) };
  }
  const value = asValue(text);
  if (value === undefined || value < 1 || value > MAX_AS) return undefined;
  return { value, text };
}

/** {@link parseAsRange} with the reason for a refusal, for configuration issues. */
export function checkAsRange(text: string): { ok: true; range: AsRange } | { ok: false; reason: string } {
  const parts = text.split('-').map((part) => part.trim());
  if (parts.length > 2 || parts.some((part) => part === '')) {
    return { ok: false, reason: 'must be an AS number or a range start-end (e.g. 65001-65500)' };
  }
  const [first, second] = parts as [string, string | undefined];
  const start = parseAsNumber(first);
  const end = second === undefined ? start : parseAsNumber(second);
  if (start === undefined || end === undefined) {
    const bad = start === undefined ? first : second;
    return { ok: false, reason: `"${bad}" is not an AS number (asplain 1-4294967295 or asdot X.Y)` };
  }
  if (start.value > end.value)
    return { ok: false, reason: `range start ${start.value} is greater than its end ${end.value}` };
  return { ok: true, range: { start: start.value, end: end.value } };
}

/**
 * Parses an AS range as meshrr `asranges` entries are written: `start-end` (`65001-65500`, asdot
 * allowed on either side, spaces around `-` tolerated) or a single AS number (a range of one).
 * Returns `undefined` when either end is not an AS number or start > end.
 */
export function parseAsRange(text: string): AsRange | undefined {
  const result = checkAsRange(text);
  return result.ok ? result.range : undefined;
}

/** asplain text of a range as `parseAsRange` reads it back: `65001-65500`, or `65001` for one AS. */
export function formatAsRange(range: AsRange): string {
  return range.start === range.end ? String(range.start) : `${range.start}-${range.end}`;
}
