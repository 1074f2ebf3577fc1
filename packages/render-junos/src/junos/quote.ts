import { JunosValueError } from '../errors.js';

/**
 * Quotes a string for Junos configuration text: wraps it in `"` and escapes `"` and `\` with a
 * backslash. Throws {@link JunosValueError} for newlines (`\n`, `\r`) and other control characters,
 * which no Junos value may contain. `what` names the value in the error (e.g. `LICENSE_KEY`).
 */
export function junosQuote(value: string, what = 'value'): string {
  if (typeof value !== 'string') throw new JunosValueError(what, `must be a string, got ${typeof value}`);
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new JunosValueError(what, 'must not contain a newline or other control character');
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
