import { DEFAULT_CONFIG_TEXT } from './defaultConfig.js';
import { readBoundedTextSync } from '../files/boundedRead.js';
import type { ConfigIssue } from './issues.js';
import { CONFIG_LIMITS } from './limits.js';

/** What `loadConfig` accepts as its source (see there). */
export type ConfigSource = string | { readonly text: string; readonly origin: string } | undefined;

/** Origin of the embedded default. */
export const EMBEDDED_ORIGIN = '<embedded default>';
/** Origin of YAML text passed as a string. */
export const INLINE_ORIGIN = '<inline>';

/** The text to parse, where it came from, and whether it is the embedded default (no file). */
export interface ResolvedSource {
  readonly text: string;
  readonly origin: string;
  readonly embedded: boolean;
}

/**
 * Resolves a source: `undefined` → the embedded default; a string containing a newline → YAML
 * text (`<inline>`); any other string → a file path read as UTF-8, bounded (a missing or unreadable
 * file, a device, FIFO or directory, or a file over `CONFIG_LIMITS.maxFileBytes` is one issue
 * naming the path, found without reading it); `{ text, origin }` → as given.
 */
export function resolveSource(
  source: ConfigSource,
): { ok: true; source: ResolvedSource } | { ok: false; issue: ConfigIssue } {
  if (source === undefined)
    return { ok: true, source: { text: DEFAULT_CONFIG_TEXT, origin: EMBEDDED_ORIGIN, embedded: true } };
  if (typeof source !== 'string')
    return { ok: true, source: { text: source.text, origin: source.origin, embedded: false } };
  if (source.includes('\n')) return { ok: true, source: { text: source, origin: INLINE_ORIGIN, embedded: false } };
  try {
    const text = readBoundedTextSync(source, { maxBytes: CONFIG_LIMITS.maxFileBytes, what: 'configuration file' });
    return { ok: true, source: { text, origin: source, embedded: false } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      issue: {
        file: source,
        path: '',
        message: reason,
        allowed: `a regular file of at most ${CONFIG_LIMITS.maxFileBytes / (1024 * 1024)} MiB`,
      },
    };
  }
}
